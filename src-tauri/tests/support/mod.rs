//! Shared pieces of the end-to-end tests: the processes they start and the WebDriver client.
// Each test file uses only part of these helpers.
#![allow(dead_code)]

// Each end-to-end test file compiles this module and uses only part of it.
#![allow(dead_code)]

pub mod app;
pub mod processes;
pub mod webdriver;

use std::path::PathBuf;

/// Creates and returns the screenshot folder, `e2e-screenshots` in the cargo target folder.
pub fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("target"));
    let dir = target.join("e2e-screenshots");
    std::fs::create_dir_all(&dir).expect("create the screenshot folder");
    dir
}

/// Returns a loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind a loopback port");
    listener.local_addr().expect("read the bound port").port()
}
