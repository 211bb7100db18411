//! The app's managed state: where the vault is, and the logged-in session if there is one.
//!
//! The session contains the vault's data key. Locking (by hand or after the idle time) drops it,
//! so the key leaves memory and the next command needs a fresh login. Idle time is counted on
//! the monotonic clock from the last command; the page sends `touch` while the user types or
//! moves the mouse, so reading a record without clicking still counts as activity.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use secledger::auth::Session;
use secledger::vault::VaultPaths;

use crate::view::{SessionInfo, UiError};

/// A logged-in session and when it was last used.
pub struct ActiveSession {
    pub session: Session,
    last_activity: Instant,
    idle_limit: Duration,
}

impl ActiveSession {
    fn is_idle(&self, now: Instant) -> bool {
        now.duration_since(self.last_activity) >= self.idle_limit
    }
}

pub struct AppState {
    pub paths: VaultPaths,
    active: Mutex<Option<ActiveSession>>,
}

/// The reason a session ended, as written to the audit chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockReason {
    /// The user pressed 锁定.
    Manual,
    /// Nothing happened for the `session.idle_minutes` setting.
    Idle,
}

impl LockReason {
    fn audit_action(self) -> &'static str {
        match self {
            LockReason::Manual => "session.lock",
            LockReason::Idle => "session.idle_lock",
        }
    }
}

impl AppState {
    pub fn new(paths: VaultPaths) -> AppState {
        AppState { paths, active: Mutex::new(None) }
    }

    /// NOTE: a panic inside a command poisons the mutex. The guard is recovered anyway, because
    /// every vault change runs in its own transaction and so the session stays consistent.
    fn guard(&self) -> MutexGuard<'_, Option<ActiveSession>> {
        self.active.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Makes `session` the active one, replacing (and so closing) any earlier session.
    pub fn start(&self, session: Session) -> Result<SessionInfo, UiError> {
        let info = SessionInfo::of(&session)?;
        let idle_limit = Duration::from_secs(u64::from(info.idle_minutes) * 60);
        let mut guard = self.guard();
        // The earlier session holds the vault lock; it must be gone before the new one is kept.
        *guard = None;
        *guard = Some(ActiveSession { session, last_activity: Instant::now(), idle_limit });
        Ok(info)
    }

    /// Runs `action` on the active session and counts it as activity. Fails with
    /// `desktop.session_none` when no account is logged in and with `desktop.session_idle` when the
    /// idle time has run out, which also locks the session.
    pub fn with_session<T>(&self, action: impl FnOnce(&mut Session) -> Result<T, UiError>) -> Result<T, UiError> {
        let mut guard = self.guard();
        let now = Instant::now();
        match guard.as_mut() {
            None => return Err(UiError::shell("desktop.session_none")),
            Some(active) if active.is_idle(now) => {
                lock_session(&mut guard, LockReason::Idle);
                return Err(UiError::shell("desktop.session_idle"));
            }
            Some(active) => active.last_activity = now,
        }
        let active = guard.as_mut().expect("checked above");
        action(&mut active.session)
    }

    /// Locks the active session, if any, with an audit entry.
    pub fn lock(&self, reason: LockReason) {
        lock_session(&mut self.guard(), reason);
    }

    /// Locks the session if its idle time has run out. Returns whether it did.
    pub fn lock_if_idle(&self) -> bool {
        let mut guard = self.guard();
        let idle = guard.as_ref().is_some_and(|active| active.is_idle(Instant::now()));
        if idle {
            lock_session(&mut guard, LockReason::Idle);
        }
        idle
    }
}

fn lock_session(guard: &mut MutexGuard<'_, Option<ActiveSession>>, reason: LockReason) {
    let Some(mut active) = guard.take() else {
        return;
    };
    let account = active.session.account().name.clone();
    let result = active.session.write(|w| w.append(reason.audit_action(), &account, b"").map(|_| ()));
    if let Err(err) = result {
        // The session is dropped either way; a lock that cannot be recorded must still lock.
        eprintln!("secledger-desktop: could not audit {} of {account}: {}", reason.audit_action(), err.code().key());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secledger::audit::{self, Filter};
    use secledger::auth::{init, InitOptions};
    use secledger::crypto::KdfParams;

    /// Creates a vault in a temporary folder and logs secadmin in (first password not yet changed,
    /// which does not matter for locking).
    fn logged_in() -> (tempfile::TempDir, AppState, String) {
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::beside(dir.path().join("test.vault"));
        let options = InitOptions { kdf: Some(KdfParams::FLOOR), ..InitOptions::default() };
        let report = init(&paths, &options).unwrap();
        let password = report.accounts.iter().find(|(name, ..)| name == "secadmin").unwrap().2.clone();
        let state = AppState::new(paths.clone());
        state.start(Session::login(&paths, "secadmin", &password).unwrap()).unwrap();
        (dir, state, password)
    }

    fn expire_idle_time(state: &AppState) {
        state.guard().as_mut().unwrap().idle_limit = Duration::ZERO;
    }

    fn audit_actions(state: &AppState, password: &str, action: &str) -> usize {
        let session = Session::login(&state.paths, "secadmin", password).unwrap();
        let filter = Filter { action: Some(action.to_string()), ..Filter::default() };
        audit::list(session.vault().conn(), &filter).unwrap().len()
    }

    #[test]
    fn active_session_counts_activity() {
        let (_dir, state, _) = logged_in();
        let name = state.with_session(|session| Ok(session.account().name.clone())).unwrap();
        assert_eq!(name, "secadmin");
        assert!(!state.lock_if_idle());
    }

    #[test]
    fn idle_session_locks_with_audit() {
        let (_dir, state, password) = logged_in();
        expire_idle_time(&state);

        let err = state.with_session(|_| Ok(())).unwrap_err();
        assert_eq!(err.code, "desktop.session_idle");
        assert!(err.message.contains("会话已锁定"), "{}", err.message);
        let err = state.with_session(|_| Ok(())).unwrap_err();
        assert_eq!(err.code, "desktop.session_none");

        assert_eq!(audit_actions(&state, &password, "session.idle_lock"), 1);
    }

    #[test]
    fn idle_watch_locks_without_command() {
        let (_dir, state, password) = logged_in();
        expire_idle_time(&state);
        assert!(state.lock_if_idle());
        assert!(!state.lock_if_idle());
        assert_eq!(audit_actions(&state, &password, "session.idle_lock"), 1);
    }

    #[test]
    fn manual_lock_releases_vault() {
        let (_dir, state, password) = logged_in();
        state.lock(LockReason::Manual);
        assert_eq!(state.with_session(|_| Ok(())).unwrap_err().code, "desktop.session_none");
        // The vault lock is released, so a new login succeeds.
        assert_eq!(audit_actions(&state, &password, "session.lock"), 1);
    }
}
