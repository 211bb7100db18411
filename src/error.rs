//! The core's error type: a stable code, the field it concerns, and a catalog message.
//!
//! Every failure a user can cause maps to one [`Code`]. The code names a catalog key, so the
//! message a user reads is zh-CN (or English) text from `src/i18n/`, filled with the error's
//! arguments. The UI puts the message next to `field`; tests match on `code`. Engineering
//! context (an SQLite message, an OS error) goes in `detail`, which is for logs only.

use std::fmt;

/// Declares the error codes with their catalog keys and CLI exit codes.
macro_rules! codes {
    ($($variant:ident => $key:literal, $exit:expr;)*) => {
        /// A stable error code. `key()` is both the catalog key and the code shown to the UI.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, for catalog completeness tests.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The catalog key of this code's message, e.g. `auth.wrong_password`.
            pub fn key(self) -> &'static str {
                match self {
                    $(Code::$variant => $key,)*
                }
            }

            /// The CLI exit status for this code (documented in README.md).
            pub fn exit_code(self) -> u8 {
                match self {
                    $(Code::$variant => $exit,)*
                }
            }
        }
    };
}

/// Exit statuses: 1 internal, 2 usage, 3 authentication, 4 permission, 5 vault or keyring
/// unusable, 6 audit chain broken or rolled back, 7 invalid input.
pub mod exit {
    pub const INTERNAL: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const AUTH: u8 = 3;
    pub const PERMISSION: u8 = 4;
    pub const VAULT: u8 = 5;
    pub const AUDIT: u8 = 6;
    pub const INPUT: u8 = 7;
}

codes! {
    // Internal and I/O failures.
    Internal => "error.internal", exit::INTERNAL;
    Io => "error.io", exit::INTERNAL;
    Database => "error.database", exit::INTERNAL;
    Usage => "error.usage", exit::USAGE;

    // Vault and keyring files.
    VaultNotFound => "vault.not_found", exit::VAULT;
    VaultIsDirectory => "vault.is_directory", exit::VAULT;
    VaultExists => "vault.exists", exit::VAULT;
    DemoVaultExists => "demo.vault_exists", exit::VAULT;
    VaultNotAVault => "vault.not_a_vault", exit::VAULT;
    VaultCorrupt => "vault.corrupt", exit::VAULT;
    VaultBusy => "vault.busy", exit::VAULT;
    VaultTooNew => "vault.too_new", exit::VAULT;
    VaultMismatch => "vault.mismatch", exit::VAULT;
    KeyringMissing => "keyring.missing", exit::VAULT;
    KeyringCorrupt => "keyring.corrupt", exit::VAULT;
    KeyringTampered => "keyring.tampered", exit::VAULT;

    // Authentication and accounts.
    AccountUnknown => "auth.account_unknown", exit::AUTH;
    AccountExists => "auth.account_exists", exit::INPUT;
    AccountNameInvalid => "auth.account_name_invalid", exit::INPUT;
    WrongPassword => "auth.wrong_password", exit::AUTH;
    AccountLockedOut => "auth.locked_out", exit::AUTH;
    AccountDisabled => "auth.account_disabled", exit::AUTH;
    PasswordChangeRequired => "auth.password_change_required", exit::AUTH;
    PasswordExpired => "auth.password_expired", exit::AUTH;
    PasswordTooShort => "password.too_short", exit::INPUT;
    PasswordNoLetter => "password.no_letter", exit::INPUT;
    PasswordNoDigit => "password.no_digit", exit::INPUT;
    PasswordNoSymbol => "password.no_symbol", exit::INPUT;
    PasswordReused => "password.reused", exit::INPUT;
    PasswordSameAsName => "password.same_as_name", exit::INPUT;
    PasswordMismatch => "password.mismatch", exit::INPUT;
    RecoveryKeyInvalid => "auth.recovery_key_invalid", exit::AUTH;
    PermissionDenied => "auth.permission_denied", exit::PERMISSION;
    LastAdminAccount => "auth.last_admin", exit::INPUT;

    // Settings.
    SettingInvalid => "settings.invalid", exit::INPUT;

    // Audit chain.
    AuditBroken => "audit.broken", exit::AUDIT;
    AuditRolledBack => "audit.rolled_back", exit::AUDIT;
    AuditFilterInvalid => "audit.filter_invalid", exit::INPUT;

    // Field values (registers, forms and imports).
    FieldRequired => "field.required", exit::INPUT;
    FieldInvalid => "field.invalid", exit::INPUT;

    // Register fields.
    FieldUnknown => "field.unknown", exit::INPUT;
    FieldTooLong => "field.too_long", exit::INPUT;
    FieldNoSuchDate => "field.no_such_date", exit::INPUT;
    FieldEndBeforeStart => "field.end_before_start", exit::INPUT;
    FieldRangeReversed => "field.range_reversed", exit::INPUT;
    FieldIdChecksum => "field.id_checksum", exit::INPUT;
    FieldTermConflict => "field.term_conflict", exit::INPUT;
    FieldCountMismatch => "field.count_mismatch", exit::INPUT;
    FieldSamePerson => "field.same_person", exit::INPUT;
    FieldRequiredWhen => "field.required_when", exit::INPUT;
    FieldValueWhen => "field.value_when", exit::INPUT;
    RecordTransitionInvalid => "record.transition_invalid", exit::INPUT;
    RecordStatusFinal => "record.status_final", exit::INPUT;
    RecordTransitionRequires => "record.transition_requires", exit::INPUT;
    RecordTransitionValue => "record.transition_value", exit::INPUT;
    RecordReasonRequired => "record.reason_required", exit::INPUT;

    // Stored records.
    RegisterUnknown => "record.register_unknown", exit::INPUT;
    RecordNotFound => "record.not_found", exit::INPUT;
    RecordReferenceMissing => "record.reference_missing", exit::INPUT;
    FieldDuplicate => "record.duplicate", exit::INPUT;
    RegisterDenied => "auth.register_denied", exit::PERMISSION;

    // Backups.
    BackupNotFound => "backup.not_found", exit::VAULT;
    BackupCorrupt => "backup.corrupt", exit::VAULT;
    BackupWrongVault => "backup.wrong_vault", exit::VAULT;
    BackupWrongPassword => "backup.wrong_password", exit::AUTH;
    BackupExists => "backup.exists", exit::INPUT;
    BackupFolderMissing => "backup.folder_missing", exit::INPUT;

    // Today and inventory.
    InventoryRegisterInvalid => "inventory.register_invalid", exit::INPUT;
    InventoryAlreadyOpen => "inventory.already_open", exit::INPUT;
    InventoryNotFound => "inventory.not_found", exit::INPUT;
    InventoryClosed => "inventory.closed", exit::INPUT;
    InventoryNoneOpen => "inventory.none_open", exit::INPUT;
    InventoryFileNotUtf8 => "inventory.file_not_utf8", exit::INPUT;

    // Printing.
    PrintOutputInvalid => "print.output_invalid", exit::INPUT;
    PrintWrongRecord => "print.wrong_record", exit::INPUT;
    PrintRangeMissing => "print.range_missing", exit::INPUT;
    PrintNothingToPrint => "print.nothing", exit::INPUT;
    PrintFailed => "print.failed", exit::INTERNAL;

    // Workflows.
    WorkflowRecordNotFound => "workflow.record_not_found", exit::INPUT;
    WorkflowOnly => "workflow.only", exit::INPUT;
    WorkflowCreateOnly => "workflow.create_only", exit::INPUT;
    WorkflowFieldLocked => "workflow.field_locked", exit::INPUT;
    WorkflowDateInFuture => "workflow.date_in_future", exit::INPUT;
    WorkflowPersonNotOnPost => "workflow.person_not_on_post", exit::INPUT;
    WorkflowLevelTooLow => "workflow.level_too_low", exit::INPUT;
    DocumentUnavailable => "workflow.document_unavailable", exit::INPUT;
    DocumentHeld => "workflow.document_held", exit::INPUT;
    DocumentNotHeld => "workflow.document_not_held", exit::INPUT;
    CirculationSlipOpen => "workflow.slip_open", exit::INPUT;
    CopyApprovalMissing => "workflow.copy_approval_missing", exit::INPUT;
    LoanMediumUnavailable => "workflow.loan_medium_unavailable", exit::INPUT;
    LoanMediumScrapping => "workflow.loan_medium_scrapping", exit::INPUT;
    LoanMediumOut => "workflow.loan_medium_out", exit::INPUT;
    LoanNeedToKnow => "workflow.loan_need_to_know", exit::INPUT;
    LoanNeedToKnowMissing => "workflow.loan_need_to_know_missing", exit::INPUT;
    LoanOverdue => "workflow.loan_overdue", exit::INPUT;
    LoanReminderMissing => "workflow.loan_reminder_missing", exit::INPUT;
    SecondAccountRequired => "workflow.second_account_required", exit::INPUT;
    SecondAccountSame => "workflow.second_account_same", exit::INPUT;
    SecondAccountNotPermitted => "workflow.second_account_not_permitted", exit::PERMISSION;
    SecondAccountMustChange => "workflow.second_account_must_change", exit::AUTH;
    DisposalItemUnavailable => "workflow.disposal_item_unavailable", exit::INPUT;
    DisposalCopiesUnknown => "workflow.disposal_copies_unknown", exit::INPUT;
    ScrappingDeviceLent => "workflow.scrapping_device_lent", exit::INPUT;
    DepartureCarriersOutstanding => "workflow.departure_carriers", exit::INPUT;

    // Import of legacy registers.
    ImportFileUnreadable => "import.file_unreadable", exit::INPUT;
    ImportNotSpreadsheet => "import.not_spreadsheet", exit::INPUT;
    ImportEncrypted => "import.encrypted", exit::INPUT;
    ImportLegacyXls => "import.legacy_xls", exit::INPUT;
    ImportEmpty => "import.empty", exit::INPUT;
    ImportSheetMissing => "import.sheet_missing", exit::INPUT;
    ImportHeaderMissing => "import.header_missing", exit::INPUT;
    ImportFieldUnmapped => "import.field_unmapped", exit::INPUT;
    ImportMappingInvalid => "import.mapping_invalid", exit::INPUT;
    ImportRowsRejected => "import.rows_rejected", exit::INPUT;
    ImportNothingToImport => "import.nothing", exit::INPUT;
    ImportDeviceUnknown => "import.device_unknown", exit::INPUT;
    ImportPersonUnknown => "import.person_unknown", exit::INPUT;
    ImportPersonAmbiguous => "import.person_ambiguous", exit::INPUT;
    ImportDuplicateInFile => "import.duplicate_in_file", exit::INPUT;
}

/// A failure with a stable code, the field it concerns, and the values its message names.
#[derive(Debug)]
pub struct Error {
    code: Code,
    field: Option<String>,
    args: Vec<(&'static str, String)>,
    detail: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Creates an error with no arguments.
    pub fn new(code: Code) -> Error {
        Error { code, field: None, args: Vec::new(), detail: None }
    }

    /// Adds a value that the catalog message names as `{name}`.
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Error {
        self.args.push((name, value.to_string()));
        self
    }

    /// Names the form field this error belongs to; the message names it as `{field}`.
    pub fn field(mut self, field: impl Into<String>) -> Error {
        let field = field.into();
        self.args.push(("field", field.clone()));
        self.field = Some(field);
        self
    }

    /// Attaches engineering context for logs; it is never shown as the user message.
    pub fn detail(mut self, detail: impl fmt::Display) -> Error {
        self.detail = Some(detail.to_string());
        self
    }

    pub fn code(&self) -> Code {
        self.code
    }

    /// The field this error concerns, if any.
    pub fn field_name(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// The value given for argument `name`, if any.
    pub fn arg_value(&self, name: &str) -> Option<&str> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// Engineering context, for logs.
    pub fn detail_text(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    /// The user message in the current catalog language.
    pub fn message(&self) -> String {
        let args: Vec<(&str, &dyn fmt::Display)> =
            self.args.iter().map(|(n, v)| (*n, v as &dyn fmt::Display)).collect();
        crate::i18n::tr(self.code.key(), &args)
    }

    /// The user message in `lang`.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        let args: Vec<(&str, &dyn fmt::Display)> =
            self.args.iter().map(|(n, v)| (*n, v as &dyn fmt::Display)).collect();
        crate::i18n::tr_in(lang, self.code.key(), &args)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Error {
        Error::new(Code::Io).arg("reason", &err).detail(err)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Error {
        use rusqlite::ffi::ErrorCode;
        let code = match err.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => Code::VaultCorrupt,
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Code::VaultBusy,
            _ => Code::Database,
        };
        Error::new(code).arg("reason", &err).detail(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{lookup, Lang};

    #[test]
    fn every_code_has_catalog_text() {
        for code in Code::ALL {
            assert!(lookup(Lang::ZhCn, code.key()).is_some(), "zh-CN lacks {}", code.key());
            assert!(lookup(Lang::En, code.key()).is_some(), "en lacks {}", code.key());
        }
    }
}
