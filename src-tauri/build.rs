//! Generates the Tauri context and the permissions for the app's own commands. Declaring the
//! commands here makes each one need an `allow-<command>` permission, which only the main
//! window's capability grants.

/// The IPC commands of `src/commands.rs`, by name.
const COMMANDS: &[&str] = &[
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
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)).expect("tauri-build failed");
}
