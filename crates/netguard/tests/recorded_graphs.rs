//! The rules on real `cargo tree` outputs, recorded as described in tests/graphs/README.md.

use netguard::{check_graph, find_denied, Finding, Graph, GuardError, ParseError, RULES};

const TARGET: &str = "x86_64-unknown-linux-gnu";

fn graph(name: &str) -> Graph {
    let path = format!("{}/tests/graphs/{name}", env!("CARGO_MANIFEST_DIR"));
    let output = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Graph::parse(&output).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn findings(name: &str) -> Vec<Finding> {
    find_denied(&graph(name), RULES)
}

/// Returns the findings as `package[/feature]: path` lines, the part a test pins down.
fn summary(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|finding| {
            let feature = finding.feature.map(|f| format!("/{f}")).unwrap_or_default();
            format!(
                "{}{feature}: {}",
                finding.package,
                finding.path.join(" -> ")
            )
        })
        .collect()
}

#[test]
fn clean_workspace_passes() {
    let graph = graph("clean-workspace.txt");
    let roots: Vec<&str> = graph.roots().map(|root| root.name.as_str()).collect();
    assert_eq!(roots, ["netguard", "netguard", "secledger"]);

    let result = check_graph(&graph, "secledger", TARGET, "cargo tree");
    assert!(result.is_ok(), "{}", result.unwrap_err());
}

#[test]
fn clean_workspace_keeps_vendored_openssl() {
    // SQLCipher's cipher comes from vendored OpenSSL; the guard must let it through.
    let graph = graph("clean-workspace.txt");
    let names: Vec<&str> = graph
        .nodes()
        .iter()
        .map(|node| node.name.as_str())
        .collect();
    assert!(names.contains(&"openssl-sys"));
    assert!(names.contains(&"openssl-src"));
}

#[test]
fn shipped_tauri_passes_on_linux() {
    assert_eq!(
        summary(&findings("tauri-shipped-linux.txt")),
        Vec::<String>::new()
    );
}

#[test]
fn shipped_tauri_passes_on_windows() {
    assert_eq!(
        summary(&findings("tauri-shipped-windows.txt")),
        Vec::<String>::new()
    );
}

#[test]
fn transitive_ureq_fails_with_path() {
    let findings = findings("ureq-transitive.txt");
    assert_eq!(
        summary(&findings),
        ["ureq: demo-app -> demo-uploader -> ureq"]
    );
    assert_eq!(findings[0].version, "3.5.2");
    assert_eq!(findings[0].reason, "HTTP client");

    let graph = graph("ureq-transitive.txt");
    let error = check_graph(&graph, "demo-app", TARGET, "cargo tree").unwrap_err();
    let message = error.to_string();
    assert!(message.contains("denied: ureq v3.5.2"), "{message}");
    assert!(message.contains("reason: HTTP client"), "{message}");
    assert!(
        message.contains("path:   demo-app -> demo-uploader -> ureq"),
        "{message}"
    );
}

#[test]
fn tokio_net_fails_with_socket_crates() {
    let findings = findings("tokio-net.txt");
    assert_eq!(
        summary(&findings),
        [
            "tokio/net: demo-app -> tokio",
            "mio/net: demo-app -> tokio -> mio",
            "socket2: demo-app -> tokio -> socket2",
        ]
    );
    assert_eq!(findings[0].reason, "TCP, UDP and Unix sockets (tokio::net)");
}

#[test]
fn tauri_devtools_fails() {
    assert_eq!(
        summary(&findings("tauri-devtools-linux.txt")),
        [
            "tauri/devtools: shell -> tauri",
            "tauri-runtime/devtools: shell -> tauri -> tauri-runtime",
            "tauri-runtime-wry/devtools: shell -> tauri -> tauri-runtime-wry",
            "wry/devtools: shell -> tauri -> tauri-runtime-wry -> wry",
        ]
    );
}

#[test]
fn tauri_default_features_fail_on_dbus() {
    assert_eq!(
        summary(&findings("tauri-default-linux.txt")),
        [
            "tauri/dbus: shell -> tauri",
            "tauri-runtime-wry/dbus: shell -> tauri -> tauri-runtime-wry",
            "tao/dbus: shell -> tauri -> tauri-runtime-wry -> tao",
            "dbus: shell -> tauri -> tauri-runtime-wry -> tao -> dbus",
            "libdbus-sys: shell -> tauri -> tauri-runtime-wry -> tao -> dbus -> libdbus-sys",
        ]
    );
}

#[test]
fn truncated_graph_fails_closed() {
    // A tree cut off in the middle of a line, as from a killed process.
    let output = std::fs::read_to_string(format!(
        "{}/tests/graphs/ureq-transitive.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let cut = output.find("ureq v3").unwrap() + "ureq v".len();
    let error = Graph::parse(&output[..cut]).unwrap_err();
    assert!(
        matches!(error, ParseError::Malformed { line_number: 3, .. }),
        "{error:?}"
    );
}

#[test]
fn empty_graph_fails_closed() {
    assert_eq!(Graph::parse(""), Err(ParseError::Empty));
}

#[test]
fn graph_without_workspace_member_fails_closed() {
    let graph = graph("tokio-net.txt");
    let error = check_graph(&graph, "secledger", TARGET, "cargo tree").unwrap_err();
    assert!(matches!(error, GuardError::MissingRoot { .. }), "{error:?}");
}
