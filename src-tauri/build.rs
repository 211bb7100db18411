//! Generates the Tauri context and the permissions for the app's own commands. Declaring the
//! commands here makes each one need an `allow-<command>` permission, which only the main
//! window's capability grants.

/// The IPC commands of `src/commands.rs`, `src/print_commands.rs` and `src/admin_commands.rs`,
/// by name.
const COMMANDS: &[&str] = &[
    "ui_texts",
    "app_status",
    "init_vault",
    "login",
    "change_password",
    "lock",
    "touch",
    "today",
    "registers",
    "query_records",
    "get_record",
    "add_record",
    "print_setup",
    "print_form",
    "print_recovery_key",
    "preview_pdf",
    "open_pdf",
    "send_to_printer",
    "review_usage",
    "roles",
    "list_accounts",
    "add_account",
    "reset_password",
    "set_account_active",
    "set_account_role",
    "permissions",
    "security_settings",
    "set_security_settings",
    "audit_entries",
    "verify_audit",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)).expect("tauri-build failed");
}
