//! The build-time network guard end to end: a package that depends on an HTTP client does not
//! build, and this workspace passes the same check.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use netguard::FeatureSet;

const FIXTURE: &str = "tests/fixtures/netguard-ureq";

/// The fixture's build-dependency on netguard, relative to the fixture folder.
const FIXTURE_NETGUARD_PATH: &str = r#"netguard = { path = "../../../crates/netguard" }"#;

fn workspace_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn cargo() -> PathBuf {
    std::env::var_os("CARGO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("cargo"))
}

fn host_target() -> String {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc)
        .arg("-vV")
        .output()
        .expect("rustc -vV runs");
    let version = String::from_utf8(output.stdout).expect("rustc -vV prints UTF-8");
    version
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV prints a host line")
        .to_string()
}

/// Copies the fixture into `dir`, pointing its netguard dependency at this workspace's crate.
fn copy_fixture(dir: &Path) {
    let source = workspace_dir().join(FIXTURE);
    fs::create_dir_all(dir.join("src")).unwrap();
    for file in ["Cargo.lock", "build.rs", "src/lib.rs"] {
        fs::copy(source.join(file), dir.join(file)).unwrap();
    }

    let manifest = fs::read_to_string(source.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains(FIXTURE_NETGUARD_PATH),
        "the fixture manifest no longer contains {FIXTURE_NETGUARD_PATH}"
    );
    // A TOML literal string keeps Windows backslashes as they are.
    let netguard_dir = workspace_dir().join("crates").join("netguard");
    let absolute = format!("netguard = {{ path = '{}' }}", netguard_dir.display());
    fs::write(
        dir.join("Cargo.toml"),
        manifest.replace(FIXTURE_NETGUARD_PATH, &absolute),
    )
    .unwrap();
}

#[test]
fn build_with_ureq_fails() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(dir.path());

    // `cargo check` runs build scripts too, and skips code generation for ureq.
    let output = Command::new(cargo())
        .arg("check")
        .arg("--manifest-path")
        .arg(dir.path().join("Cargo.toml"))
        .arg("--locked")
        .env("CARGO_TARGET_DIR", dir.path().join("target"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);

    assert!(!output.status.success(), "the fixture built:\n{stderr}");
    assert!(
        stderr.contains("failed to run custom build command for `netguard-ureq"),
        "the build failed elsewhere than in the guard:\n{stderr}"
    );
    assert!(stderr.contains("denied: ureq v3.5.2"), "{stderr}");
    assert!(stderr.contains("reason: HTTP client"), "{stderr}");
    assert!(stderr.contains("path:   netguard-ureq -> ureq"), "{stderr}");
    assert!(
        stderr.contains(
            "network guard: denied ureq v3.5.2: HTTP client; path: netguard-ureq -> ureq"
        ),
        "the cargo warning is missing:\n{stderr}"
    );
}

#[test]
fn workspace_passes_guard() {
    let target = host_target();
    let result = netguard::check_workspace(
        &cargo(),
        workspace_dir(),
        "secledger",
        &target,
        FeatureSet::Default,
    );
    if let Err(error) = result {
        panic!("the workspace fails the network guard for {target}:\n{error}");
    }
}
