//! The guard as a build script: environment, rerun triggers, and the failure report.

use std::collections::BTreeSet;
use std::env;
use std::path::{Path, PathBuf};

use crate::graph::Graph;
use crate::workspace::{check_workspace, FeatureSet, GuardError};

/// Checks the workspace graph from build.rs and exits the build script with status 1 when
/// the graph contains a denied crate or feature, or cannot be read.
///
/// build.rs calls only this: `fn main() { netguard::run_build_script(); }`.
pub fn run_build_script() {
    if let Err(error) = guard_build() {
        report_failure(&error);
        std::process::exit(1);
    }
}

fn guard_build() -> Result<(), GuardError> {
    let cargo = PathBuf::from(require_env("CARGO")?);
    let manifest_dir = PathBuf::from(require_env("CARGO_MANIFEST_DIR")?);
    let target = require_env("TARGET")?;
    let package = require_env("CARGO_PKG_NAME")?;

    for manifest in workspace_manifests(&manifest_dir) {
        println!("cargo:rerun-if-changed={}", manifest.display());
    }

    let graph = check_workspace(
        &cargo,
        &manifest_dir,
        &package,
        &target,
        FeatureSet::Default,
    )?;
    print_path_manifests(&graph);

    // With default features the check covers `cargo build` as it is usually run. A build
    // with features beyond those (`--features`, `--all-features`) may pull in more crates,
    // so the guard checks every feature, which covers any selection.
    // NOTE: only this package's features are visible here. Features given to another member
    // on the command line (`-p src-tauri --features x`) are not checked beyond its defaults.
    let build_features = enabled_build_features(env::vars().map(|(name, _)| name));
    if !features_outside_graph(&graph, &package, &build_features).is_empty() {
        let graph = check_workspace(&cargo, &manifest_dir, &package, &target, FeatureSet::All)?;
        print_path_manifests(&graph);
    }
    Ok(())
}

fn require_env(name: &'static str) -> Result<String, GuardError> {
    env::var(name).map_err(|_| GuardError::MissingEnv(name))
}

/// Returns the files whose change can change the dependency graph.
///
/// Only existing files are listed, because cargo treats a missing rerun-if-changed path as
/// changed and would rerun the guard and rebuild the package on every build. A member added
/// later (such as src-tauri) is picked up anyway, because adding it edits the root Cargo.toml.
fn workspace_manifests(manifest_dir: &Path) -> Vec<PathBuf> {
    let mut candidates = vec![
        manifest_dir.join("build.rs"),
        manifest_dir.join("Cargo.toml"),
        manifest_dir.join("Cargo.lock"),
        manifest_dir.join(".cargo").join("config.toml"),
        manifest_dir.join("src-tauri").join("Cargo.toml"),
    ];

    if let Ok(entries) = manifest_dir.join("crates").read_dir() {
        let mut crate_dirs: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
        crate_dirs.sort();
        candidates.extend(crate_dirs.into_iter().map(|dir| dir.join("Cargo.toml")));
    }

    candidates
        .into_iter()
        .filter(|path| path.is_file())
        .collect()
}

/// Prints a rerun trigger for the manifest of every path dependency in the graph.
fn print_path_manifests(graph: &Graph) {
    let manifests: BTreeSet<PathBuf> = graph
        .nodes()
        .iter()
        .filter_map(|node| node.source.as_deref())
        .map(Path::new)
        .filter(|source| source.is_absolute())
        .map(|dir| dir.join("Cargo.toml"))
        .filter(|manifest| manifest.is_file())
        .collect();
    for manifest in manifests {
        println!("cargo:rerun-if-changed={}", manifest.display());
    }
}

/// Returns the features cargo enabled for this build, in the `CARGO_FEATURE_<NAME>` spelling
/// (upper case, `-` written as `_`).
fn enabled_build_features(env_names: impl Iterator<Item = String>) -> BTreeSet<String> {
    env_names
        .filter_map(|name| name.strip_prefix("CARGO_FEATURE_").map(String::from))
        .collect()
}

/// Returns the build's features that the graph's root `package` does not have enabled.
fn features_outside_graph(
    graph: &Graph,
    package: &str,
    build_features: &BTreeSet<String>,
) -> Vec<String> {
    let graph_features: BTreeSet<String> = graph
        .roots()
        .filter(|root| root.name == package)
        .flat_map(|root| root.features.iter())
        .map(|feature| feature.to_uppercase().replace('-', "_"))
        .collect();
    build_features
        .difference(&graph_features)
        .cloned()
        .collect()
}

/// Prints the failure as cargo warnings (one line each) and in full on stderr, which cargo
/// shows under the build script's output.
fn report_failure(error: &GuardError) {
    match error {
        GuardError::Denied { findings, .. } => {
            for finding in findings {
                println!("cargo:warning=network guard: denied {finding}");
            }
        }
        other => {
            let message = other.to_string();
            let first_line = message.lines().next().unwrap_or_default();
            println!("cargo:warning={first_line}");
        }
    }
    eprintln!("{error}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_features_come_from_env_names() {
        let names = [
            "CARGO_FEATURE_DEFAULT",
            "CARGO_PKG_NAME",
            "CARGO_FEATURE_BUNDLED_SQLCIPHER",
        ];
        let features = enabled_build_features(names.into_iter().map(String::from));
        let expected: BTreeSet<String> = ["BUNDLED_SQLCIPHER", "DEFAULT"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(features, expected);
    }

    #[test]
    fn default_build_features_are_inside_graph() {
        let graph = Graph::parse("0|default,pdf-export|app v0.1.0 (/w)\n").unwrap();
        let build: BTreeSet<String> = ["DEFAULT", "PDF_EXPORT"]
            .into_iter()
            .map(String::from)
            .collect();
        assert!(features_outside_graph(&graph, "app", &build).is_empty());
    }

    #[test]
    fn extra_build_feature_is_outside_graph() {
        let graph = Graph::parse("0|default|app v0.1.0 (/w)\n").unwrap();
        let build: BTreeSet<String> = ["DEFAULT", "SYNC"].into_iter().map(String::from).collect();
        assert_eq!(features_outside_graph(&graph, "app", &build), ["SYNC"]);
    }

    #[test]
    fn workspace_manifests_lists_existing_files_only() {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let manifests = workspace_manifests(manifest_dir);
        assert!(manifests.contains(&manifest_dir.join("Cargo.toml")));
        assert!(manifests.iter().all(|path| path.is_file()), "{manifests:?}");
    }
}
