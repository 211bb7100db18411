//! Generates the Tauri context and the permissions for the app's own commands. Declaring the
//! commands here makes each one need an `allow-<command>` permission, which only the main
//! window's capability grants.

/// The IPC commands of `src/commands.rs`, `src/workflow_commands.rs`, `src/print_commands.rs` and
/// `src/admin_commands.rs`, by name.
const COMMANDS: &[&str] = &[
    "ui_texts",
    "app_status",
    "init_vault",
    "login",
    "change_password",
    "lock",
    "touch",
    "today",
    "backup_reminder",
    "registers",
    "query_records",
    "get_record",
    "add_record",
    // The workflow screens (src/workflow_commands.rs).
    "record_actions",
    "edit_record",
    "change_status",
    "void_record",
    "reveal_field",
    "register_fields",
    "circulation_state",
    "circulation_propose",
    "circulation_review",
    "circulation_send",
    "circulation_return",
    "circulation_file",
    "loan_check",
    "loan_lend",
    "loan_return",
    "copy_apply",
    "copy_approve",
    "copy_register",
    "scrap_confirm",
    "disposal_confirm",
    "departure_carriers",
    "departure_record",
    "inventories",
    "inventory_start",
    "inventory_scan",
    "inventory_report",
    "inventory_close",
    // Printing, the usage review and the administrators' screens.
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
