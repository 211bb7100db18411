//! SecLedger desktop app: a Tauri 2 window over the `secledger` core.
//!
//! The page is static HTML, CSS and JS embedded in the binary and served by Tauri's custom
//! protocol. It reaches the core only through the commands in `commands.rs`. The window may
//! show only the app's own pages (`navigation.rs`), the CSP in `tauri.conf.json` lets the page
//! fetch nothing but its own assets and IPC, and new windows and downloads are refused.

// Release builds on Windows open no console window beside the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod admin_commands;
mod commands;
mod navigation;
mod options;
mod print_commands;
mod state;
mod view;
mod workflow_commands;

use std::time::{Duration, Instant};

use secledger::vault::VaultPaths;
use tauri::webview::{NewWindowResponse, PageLoadEvent, WebviewWindowBuilder};
use tauri::{Manager, WebviewUrl};

use crate::state::AppState;

/// How often the idle watch checks whether the session's idle time has run out.
const IDLE_CHECK_INTERVAL: Duration = Duration::from_secs(15);

/// Environment variables that open the webview to remote control: Tauri's switch for WebDriver
/// automation, and WebKit's remote inspector servers, which listen on a TCP port.
const REMOTE_CONTROL_VARIABLES: &[&str] = &["TAURI_WEBVIEW_AUTOMATION", "WEBKIT_INSPECTOR_SERVER", "WEBKIT_INSPECTOR_HTTP_SERVER"];

fn main() {
    let started = Instant::now();
    remove_remote_control_variables();
    let options = match options::parse(std::env::args_os().skip(1), std::env::var_os(options::VAULT_ENV)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };

    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![
            commands::ui_texts,
            commands::app_status,
            commands::init_vault,
            commands::login,
            commands::change_password,
            commands::lock,
            commands::touch,
            commands::today,
            commands::backup_reminder,
            commands::registers,
            commands::query_records,
            commands::get_record,
            commands::add_record,
            workflow_commands::record_actions,
            workflow_commands::edit_record,
            workflow_commands::change_status,
            workflow_commands::void_record,
            workflow_commands::reveal_field,
            workflow_commands::register_fields,
            workflow_commands::circulation_state,
            workflow_commands::circulation_propose,
            workflow_commands::circulation_review,
            workflow_commands::circulation_send,
            workflow_commands::circulation_return,
            workflow_commands::circulation_file,
            workflow_commands::loan_check,
            workflow_commands::loan_lend,
            workflow_commands::loan_return,
            workflow_commands::copy_apply,
            workflow_commands::copy_approve,
            workflow_commands::copy_register,
            workflow_commands::scrap_confirm,
            workflow_commands::disposal_confirm,
            workflow_commands::departure_carriers,
            workflow_commands::departure_record,
            workflow_commands::inventories,
            workflow_commands::inventory_start,
            workflow_commands::inventory_scan,
            workflow_commands::inventory_report,
            workflow_commands::inventory_close,
            print_commands::print_setup,
            print_commands::print_form,
            print_commands::print_recovery_key,
            print_commands::preview_pdf,
            print_commands::open_pdf,
            print_commands::send_to_printer,
            print_commands::review_usage,
            admin_commands::roles,
            admin_commands::list_accounts,
            admin_commands::add_account,
            admin_commands::reset_password,
            admin_commands::set_account_active,
            admin_commands::set_account_role,
            admin_commands::permissions,
            admin_commands::security_settings,
            admin_commands::set_security_settings,
            admin_commands::audit_entries,
            admin_commands::verify_audit,
        ])
        .setup(move |app| {
            let vault = match options.vault {
                Some(path) => std::path::absolute(path)?,
                None => app.path().app_data_dir()?.join(options::DEFAULT_VAULT_NAME),
            };
            app.manage(AppState::new(VaultPaths::beside(vault)));
            app.manage(print_commands::PrintedFiles::default());
            spawn_idle_watch(app.handle().clone());
            create_main_window(app, started)?;
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(err) = result {
        eprintln!("SecLedger 无法启动：{err}");
        std::process::exit(1);
    }
}

/// Removes the remote-control variables in release builds, so that a changed environment
/// cannot open the shipped app to a WebDriver or an inspector. Debug builds keep them: the
/// end-to-end tests drive a debug build through WebKitWebDriver.
fn remove_remote_control_variables() {
    if cfg!(debug_assertions) {
        return;
    }
    for name in REMOTE_CONTROL_VARIABLES {
        // Runs first in `main`, before any other thread exists.
        std::env::remove_var(name);
    }
}

/// Opens the main window. Each finished page load is logged with the time since `started`,
/// the figure the start-up benchmark reads.
fn create_main_window(app: &mut tauri::App, started: Instant) -> tauri::Result<()> {
    let window = WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
        .title("SecLedger 保密台账")
        .inner_size(1280.0, 800.0)
        .min_inner_size(960.0, 600.0)
        // Keeps the window out of screenshots and screen sharing on Windows and macOS; Linux
        // has no such protection, and Tauri ignores the flag there.
        .content_protected(true)
        .devtools(cfg!(debug_assertions))
        .on_navigation(navigation::allow_navigation)
        .on_new_window(|url, _features| {
            eprintln!("secledger-desktop: blocked new window for {url}");
            NewWindowResponse::Deny
        })
        .on_download(|_webview, _event| false)
        .on_page_load(move |_window, payload| {
            if payload.event() == PageLoadEvent::Finished {
                eprintln!("secledger-desktop: page loaded {} ms after start", started.elapsed().as_millis());
            }
        })
        .build()?;
    #[cfg(target_os = "linux")]
    window.with_webview(trim_webkit)?;
    Ok(())
}

/// Turns off what a form-based, offline app does not use: WebGL, audio, video, camera and
/// microphone, web databases and DNS prefetching. The memory cache is sized for a single local
/// document. Less code running also means less to attack.
///
/// NOTE: turning GPU compositing off as well (`WEBKIT_DISABLE_COMPOSITING_MODE=1` and
/// `HardwareAccelerationPolicy::Never`) saved about 90 MB in the web process and halved page
/// times. It stays on because WebKitWebDriver screenshots then failed and were retried, so the
/// end-to-end tests took up to nine times as long.
#[cfg(target_os = "linux")]
fn trim_webkit(webview: tauri::webview::PlatformWebview) {
    use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebViewExt};
    let view = webview.inner();
    if let Some(context) = view.context() {
        context.set_cache_model(CacheModel::DocumentViewer);
    }
    if let Some(settings) = WebViewExt::settings(&view) {
        settings.set_enable_page_cache(false);
        settings.set_enable_webgl(false);
        settings.set_enable_webaudio(false);
        settings.set_enable_media(false);
        settings.set_enable_media_stream(false);
        settings.set_enable_mediasource(false);
        settings.set_enable_encrypted_media(false);
        settings.set_enable_html5_database(false);
        settings.set_enable_offline_web_application_cache(false);
        settings.set_enable_dns_prefetching(false);
    }
}

/// Locks the session once its idle time runs out, even if the page never calls again, so
/// that the data key does not stay in memory on an unattended machine.
fn spawn_idle_watch(app: tauri::AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(IDLE_CHECK_INTERVAL);
        if app.state::<AppState>().lock_if_idle() {
            eprintln!("secledger-desktop: session locked after idle time");
        }
    });
}
