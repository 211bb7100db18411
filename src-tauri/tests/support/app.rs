//! The app under WebDriver, shared by the end-to-end test files: start it on a fresh or prepared
//! vault, find, click and fill elements, run scripts and take screenshots.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{json, Value};

use super::processes::{self, Display, Group};
use super::webdriver::{Session, ENTER};
use super::{free_port, screenshot_dir};

pub const APP: &str = env!("CARGO_BIN_EXE_secledger-desktop");
pub const FIRST_LOAD: Duration = Duration::from_secs(90);
pub const STEP: Duration = Duration::from_secs(30);

pub const NEW_PASSWORD: &str = "Baomi#2026ledger";
pub const PERSON_ID_NUMBER: &str = "11010519491231002X";
pub const PERSON_PHONE: &str = "13812345678";
/// The vault's file name in the app's temporary folder.
pub const VAULT_FILE: &str = "e2e.vault";

/// Creates and returns the app's home folder in a test, inside the test's temporary folder.
pub fn home_dir(dir: &Path) -> PathBuf {
    let home = dir.join("home");
    std::fs::create_dir_all(&home).unwrap();
    home
}

/// Environment shared by every way the tests start the app: its own vault and XDG folders in a
/// temporary folder, and the Xvfb display.
pub fn app_environment(command: &mut Command, display: &Display, dir: &Path) {
    for (name, sub) in [("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config"), ("XDG_RUNTIME_DIR", "runtime")] {
        let path = dir.join(sub);
        std::fs::create_dir_all(&path).unwrap();
        // GLib expects the runtime folder to be private to the user.
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
        command.env(name, path);
    }
    command
        .env("DISPLAY", &display.name)
        .env("SECLEDGER_VAULT", dir.join(VAULT_FILE))
        // The app saves prints under the home folder; the test's own keeps them out of the user's.
        .env("HOME", home_dir(dir))
        .env("NO_AT_BRIDGE", "1")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("TAURI_WEBVIEW_AUTOMATION");
}

/// The app under WebDriver. Fields drop in order: the session ends (closing the app), then the
/// driver's process group and the display are killed.
pub struct AppUnderTest {
    session: Option<Session>,
    _driver: Group,
    _display: Display,
    shots: PathBuf,
    _dir: tempfile::TempDir,
    _turn: MutexGuard<'static, ()>,
}

/// One app at a time in a test binary. Several apps with their WebKit processes and key
/// derivations at once starve a 2-core machine, and WebKitWebDriver then loses sessions.
static ONE_APP: Mutex<()> = Mutex::new(());

/// Waits until no other test of this binary runs an app, and keeps the turn until dropped.
pub fn app_turn() -> MutexGuard<'static, ()> {
    ONE_APP.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Drop for AppUnderTest {
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            session.end();
        }
    }
}

impl AppUnderTest {
    pub fn start() -> AppUnderTest {
        AppUnderTest::start_prepared(|_| {})
    }

    /// Starts the app on a vault that `prepare` creates through the core API first, so that a
    /// test need not click through the first run.
    pub fn start_prepared(prepare: impl FnOnce(&secledger::vault::VaultPaths)) -> AppUnderTest {
        let turn = app_turn();
        let driver_program = processes::require_program("WebKitWebDriver", "webkit2gtk-driver");
        let display = Display::start();
        let dir = tempfile::tempdir().unwrap();
        prepare(&secledger::vault::VaultPaths::beside(dir.path().join(VAULT_FILE)));
        let port = free_port();

        let mut command = Command::new(driver_program);
        command.arg(format!("--port={port}")).stdout(Stdio::null());
        app_environment(&mut command, &display, dir.path());
        command.env("TAURI_WEBVIEW_AUTOMATION", "true");
        let mut driver_process = Group::spawn("WebKitWebDriver", command);

        let driver = super::webdriver::Driver::new(port);
        assert!(processes::wait_for(Duration::from_secs(20), || driver.is_up()), "WebKitWebDriver did not answer on port {port}");
        driver_process.assert_running();
        let session = driver.start_session(APP, &[]).unwrap_or_else(|err| panic!("WebKitWebDriver could not start the app: {err}"));

        AppUnderTest { session: Some(session), _driver: driver_process, _display: display, shots: screenshot_dir(), _dir: dir, _turn: turn }
    }

    /// The test's temporary folder, which contains the vault and the app's home folder.
    pub fn dir(&self) -> &Path {
        self._dir.path()
    }

    pub fn s(&self) -> &Session {
        self.session.as_ref().expect("session open")
    }

    pub fn wait(&self, selector: &str) -> String {
        self.s().wait(selector, STEP)
    }

    pub fn click(&self, selector: &str) {
        let element = self.wait(selector);
        retry_unknown_error(&format!("click {selector}"), || self.s().click(&element));
    }

    /// Clears the input matching `selector` and types `text` into it.
    pub fn fill(&self, selector: &str, text: &str) {
        let element = self.wait(selector);
        retry_unknown_error(&format!("clear {selector}"), || self.s().clear(&element));
        retry_unknown_error(&format!("type into {selector}"), || self.s().type_into(&element, text));
    }

    pub fn text(&self, selector: &str) -> String {
        let element = self.wait(selector);
        self.s().text(&element).unwrap_or_else(|err| panic!("text of {selector}: {err}"))
    }

    pub fn script(&self, script: &str) -> Value {
        self.s().execute(script, json!([])).unwrap_or_else(|err| panic!("script failed: {err}\n{script}"))
    }

    /// Waits until the error message slot of the field labelled `label` is filled, and returns it.
    pub fn field_error(&self, label: &str) -> String {
        let script = format!(
            "const input = [...document.querySelectorAll('[data-label]')].find(e => e.dataset.label === {label:?});
             if (!input) return '';
             return document.getElementById(input.getAttribute('aria-describedby')).textContent;"
        );
        self.s().wait_until(&format!("an error next to {label}"), &script, STEP).as_str().unwrap_or_default().to_string()
    }

    /// Saves a screenshot once the page has drawn its last change.
    pub fn screenshot(&self, name: &str) {
        // Two frames let the last change draw. WebKit may return "unknown error" meanwhile.
        let _ = self.s().execute("return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));", json!([]));
        std::thread::sleep(Duration::from_millis(300));
        // WebKit fails a snapshot (HTTP 500, "unknown error") until the view has composited a
        // first frame. Under load that frame can lag the DOM, so the request is repeated.
        let mut attempt = 0;
        let png = loop {
            match self.s().screenshot() {
                Ok(png) => break png,
                Err(err) if attempt >= 20 => panic!("screenshot {name}: {err}"),
                Err(_) => {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(500));
                }
            }
        };
        assert!(png.starts_with(b"\x89PNG"), "screenshot {name} is not a PNG");
        std::fs::write(self.shots.join(format!("{name}.png")), png).unwrap();
    }

    pub fn login(&self, account: &str, password: &str) {
        self.wait("#login-form");
        self.fill("#login-form [name=account]", account);
        // Enter in the password field submits the form.
        self.fill("#login-form [name=password]", &format!("{password}{ENTER}"));
    }

    pub fn choose_register(&self, id: &str) {
        self.wait("#register-select");
        self.script(&format!(
            "const select = document.getElementById('register-select');
             select.value = {id:?};
             select.dispatchEvent(new Event('change'));
             return true;"
        ));
        self.s().wait_until(&format!("register {id} selected"), &format!("return document.getElementById('register-select')?.value === {id:?} && document.getElementById('filter-form') !== null;"), STEP);
    }
}

/// Runs a WebDriver action, repeating it while WebKitWebDriver returns HTTP 500 "unknown
/// error", as it does for input before the view has drawn its latest frame on a loaded machine.
/// Any other error, or the same one for 10 s, fails the test.
fn retry_unknown_error(what: &str, mut action: impl FnMut() -> Result<(), super::webdriver::DriverError>) {
    let mut attempt = 0;
    loop {
        match action() {
            Ok(()) => return,
            Err(err) if err.status == 500 && err.body.contains("unknown error") && attempt < 40 => {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(250));
            }
            Err(err) => panic!("{what}: {err}"),
        }
    }
}
