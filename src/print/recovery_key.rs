//! 恢复密钥 (recovery key sheet): the recovery key printed once when the vault is created,
//! to be sealed in an envelope and kept in the safe.
//!
//! No account is logged in at that moment (the first passwords must still be changed), so this
//! form opens the vault with the recovery key itself. That also proves the key on the sheet
//! opens this vault before it is printed. The print is recorded like every other, in the name
//! of the system administrator who created the vault.

use std::path::Path;

use super::grid::{Grid, GRID_SIZE};
use super::output::PendingFile;
use super::{frame_for, serial, write_pdf, Draft, Form, Printed};
use crate::audit::{self, AuditKey, Event};
use crate::auth::session::{load_account, SYSTEM_ADMIN};
use crate::clock;
use crate::crypto;
use crate::error::{Code, Error, Result};
use crate::keyring::Keyring;
use crate::pdf::{Align, Flow, PageSpec, Signer};
use crate::t;
use crate::vault::{Vault, VaultLock, VaultPaths};

/// Size of the key on the sheet: large enough to type from without mistakes.
const KEY_SIZE: f32 = 17.0;

/// Prints the recovery key sheet of the vault at `paths` with `recovery_key` (as shown by
/// `init`: groups of four characters). Fails without printing if the key does not open the
/// vault.
pub fn print_recovery_key(paths: &VaultPaths, recovery_key: &str, out: &Path) -> Result<Printed> {
    paths.check_vault_file()?;
    let lock = VaultLock::acquire(paths)?;
    let mut keyring = Keyring::load(&paths.keyring)?;
    let invalid = || Error::new(Code::RecoveryKeyInvalid).field(t!("print.recovery.key_field")).arg("groups", 8);
    let secret = crypto::from_base32(recovery_key).ok_or_else(invalid)?;
    let key = keyring.unlock_with_recovery(&secret).ok_or_else(invalid)?;
    keyring.verify_mac(&key)?;
    let mut vault = Vault::open(paths, &key, keyring.vault_id(), lock)?;
    audit::check_head(vault.conn(), &keyring.protected.head)?;

    let admin = load_account(vault.conn(), SYSTEM_ADMIN)?.ok_or_else(|| Error::new(Code::AccountUnknown).arg("account", SYSTEM_ADMIN))?;
    let created_at = vault.meta("created_at")?.map(|at| clock::display(&at)).unwrap_or_default();
    let vault_id = vault.meta("vault_id")?.unwrap_or_default();
    let draft = layout(paths, recovery_key, &vault_id, &created_at);

    // The output must be writable before the print is recorded.
    let file = PendingFile::create(out)?;
    let printed_at = clock::now();
    let at = clock::to_text(printed_at);
    let audit_key = AuditKey::from_data_key(&key);
    let tx = vault.conn_mut().transaction()?;
    let (serial, head) = serial::record(&tx, Form::RecoveryKeySheet.id(), &draft.target, SYSTEM_ADMIN, printed_at, |serial| {
        let target = format!("{} {serial}", draft.target);
        let action = Form::RecoveryKeySheet.action();
        audit::append(&tx, &audit_key, &Event { at: at.clone(), account: SYSTEM_ADMIN, action: &action, target: &target, change: serial.as_bytes() })
    })?;
    tx.commit()?;
    keyring.protected.head = head.clone();
    keyring.save(&key)?;

    let frame = frame_for(&draft, &serial, &head, &admin.display_name, &admin.name, printed_at);
    write_pdf(file, &draft, &frame)?;
    Ok(Printed { path: out.to_path_buf(), serial, pages: draft.pages.len().max(1), head })
}

fn layout(paths: &VaultPaths, recovery_key: &str, vault_id: &str, created_at: &str) -> Draft {
    let mut flow = Flow::new(PageSpec::a4());
    flow.title(&Form::RecoveryKeySheet.name(), 22.0);
    flow.paragraph(&t!("print.recovery.intro"), GRID_SIZE + 0.5, Align::Left);
    flow.space(GRID_SIZE);

    let mut grid = Grid::new();
    grid.wide(&t!("print.recovery.vault"), &paths.vault.display().to_string())
        .wide(&t!("print.recovery.vault_id"), vault_id)
        .wide(&t!("print.recovery.created_at"), created_at);
    flow.table(&grid.into_table());
    flow.space(GRID_SIZE * 2.0);

    // The key on two lines of four groups each, centred.
    let groups: Vec<&str> = recovery_key.trim().split('-').collect();
    for chunk in groups.chunks(4) {
        flow.paragraph(&chunk.join(" - "), KEY_SIZE, Align::Center);
    }
    flow.space(GRID_SIZE * 2.0);
    flow.paragraph(&t!("print.recovery.rules"), GRID_SIZE, Align::Left);
    flow.space(GRID_SIZE);
    flow.signatures(
        &[
            Signer { role: t!("print.recovery.keeper"), name: None },
            Signer { role: t!("print.recovery.witness"), name: None },
        ],
        GRID_SIZE,
    );

    let title = Form::RecoveryKeySheet.name();
    Draft { form: Form::RecoveryKeySheet, target: vault_id.to_string(), title, spec: PageSpec::a4(), pages: flow.into_pages() }
}
