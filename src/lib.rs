//! SecLedger core: the encrypted registers vault of a secrecy office (保密办).
//!
//! The core knows nothing of the desktop shell: the CLI and the Tauri app call the same API.
//! `vault` stores, `keyring` and `crypto` protect, `auth` decides who may do what, and `audit`
//! records every write in a tamper-evident chain.

pub mod audit;
pub mod backup;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod crypto;
pub mod demo;
pub mod error;
pub mod i18n;
pub mod import;
pub mod inventory;
pub mod keyring;
pub mod pdf;
pub mod print;
pub mod records;
pub mod registers;
pub mod settings;
pub mod today;
pub mod vault;
pub mod workflows;

pub use error::{Code, Error, Result};
