//! Build-time network guard: the build fails when the dependency graph contains a crate or a
//! crate feature that gives the program network access.
//!
//! SecLedger runs on air-gapped classified workstations, and a network-capable dependency
//! there is a policy violation even if no code calls it. build.rs runs
//! `cargo tree --workspace -e normal,build --target $TARGET` with a parseable format, matches
//! every package and its enabled features against [`RULES`], and stops the build with the
//! crate, the reason and the dependency path. It fails closed: if `cargo tree` cannot run,
//! or prints nothing or something unreadable, the build fails too. Cargo.lock alone would not
//! do, because it lists crates for every platform (Tauri's mobile-only HTTP client among
//! them) and records no features.
//!
//! What it does not protect against: code that opens sockets through `std::net`, `libc` or
//! another FFI crate, and the webview engine, which can speak HTTP by itself. The runtime
//! guards (CSP and the navigation handler) cover the webview. The check also trusts the
//! `cargo` binary that runs it.

mod build_script;
mod findings;
mod graph;
mod rules;
mod workspace;

pub use build_script::run_build_script;
pub use findings::{find_denied, format_denial, Finding};
pub use graph::{Graph, Node, ParseError, TREE_FORMAT};
pub use rules::{Rule, ALLOWED_ON_PURPOSE, RULES};
pub use workspace::{
    cargo_tree_args, check_graph, check_workspace, read_graph, FeatureSet, GuardError,
    CARGO_TREE_TIMEOUT,
};
