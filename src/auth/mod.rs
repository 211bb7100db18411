//! Accounts, roles, passwords and the logged-in session.

pub mod accounts;
pub mod password;
pub mod roles;
pub mod session;

pub use accounts::NewAccount;
pub use roles::{Permission, Role};
pub use session::{init, Account, InitOptions, InitReport, Session, Writer};
