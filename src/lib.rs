//! SecLedger core: the encrypted registers vault of a secrecy office (保密办).
//!
//! The core knows nothing of the desktop shell: the CLI and the Tauri app call the same API.

pub mod error;
pub mod i18n;

pub use error::{Code, Error, Result};
