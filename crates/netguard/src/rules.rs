//! The denylist: which crates and features the guard rejects, each with the reason.
//!
//! A rule names a crate, or a crate name prefix ending in `*`, and optionally one feature of
//! it. A rule without a feature matches the crate with any features; a rule with a feature
//! matches only when cargo enabled that feature. To deny another crate, add one line to
//! [`RULES`]; to record why a network-looking crate is fine, add one line to
//! [`ALLOWED_ON_PURPOSE`].

use crate::graph::Node;

/// One denied crate or crate feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Crate name, or a prefix followed by `*` (`hickory-*` matches `hickory-proto`).
    pub package: &'static str,
    /// Feature that must be enabled for the rule to match, or `None` for any use of the crate.
    pub feature: Option<&'static str>,
    /// Reason the crate or feature is denied, shown to the developer.
    pub reason: &'static str,
}

impl Rule {
    /// Returns true when `node` is the denied crate with, if the rule names one, the feature.
    pub fn matches(&self, node: &Node) -> bool {
        if !self.matches_name(&node.name) {
            return false;
        }
        match self.feature {
            None => true,
            Some(feature) => node.features.iter().any(|enabled| enabled == feature),
        }
    }

    /// Returns true when `name` is the rule's crate or starts with the rule's prefix.
    pub fn matches_name(&self, name: &str) -> bool {
        match self.package.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => name == self.package,
        }
    }
}

const fn deny(package: &'static str, reason: &'static str) -> Rule {
    Rule {
        package,
        feature: None,
        reason,
    }
}

const fn deny_feature(package: &'static str, feature: &'static str, reason: &'static str) -> Rule {
    Rule {
        package,
        feature: Some(feature),
        reason,
    }
}

const HTTP_CLIENT: &str = "HTTP client";
const HTTP_SERVER: &str = "HTTP server";
const TLS: &str = "TLS implementation, which only network connections need";
const WEBSOCKET: &str = "WebSocket client or server";
const DNS: &str = "DNS resolver";
const DBUS: &str = "D-Bus client; the session and system buses reach services that open URLs \
                    and configure the network";
const MAIL: &str = "mail client (SMTP, IMAP or POP3)";
const DATABASE_CLIENT: &str = "client for a database server reached over the network";
const TAURI_NETWORK_PLUGIN: &str = "Tauri plugin that lets the web page reach the network";
const OPENS_URLS: &str = "hands paths and URLs to the system's default handler, which opens \
                          URLs in a web browser";

/// The denylist, grouped by kind of network access.
pub const RULES: &[Rule] = &[
    // HTTP clients.
    deny("reqwest", HTTP_CLIENT),
    deny("ureq", HTTP_CLIENT),
    deny("hyper", "HTTP/1 and HTTP/2 client and server"),
    deny("hyper-util", "HTTP client and server connectors for hyper"),
    deny("h2", "HTTP/2 protocol implementation"),
    deny("h3", "HTTP/3 protocol implementation"),
    deny("h3-quinn", "HTTP/3 over QUIC"),
    deny("isahc", HTTP_CLIENT),
    deny(
        "curl",
        "libcurl bindings (HTTP, FTP and other network protocols)",
    ),
    deny(
        "curl-sys",
        "libcurl bindings (HTTP, FTP and other network protocols)",
    ),
    deny("attohttpc", HTTP_CLIENT),
    deny("surf", HTTP_CLIENT),
    deny("awc", HTTP_CLIENT),
    deny("minreq", HTTP_CLIENT),
    deny("http-req", HTTP_CLIENT),
    deny(
        "self_update",
        "downloads and installs new releases over HTTP",
    ),
    deny("sentry", "sends crash reports over HTTP"),
    deny("opentelemetry-otlp", "exports telemetry over HTTP or gRPC"),
    deny("tonic", "gRPC client and server"),
    deny(
        "jsonrpsee",
        "JSON-RPC client and server over HTTP and WebSocket",
    ),
    // HTTP servers.
    deny("actix-web", HTTP_SERVER),
    deny("actix-http", HTTP_SERVER),
    deny("actix-server", "TCP server runtime for actix-web"),
    deny("axum", HTTP_SERVER),
    deny("warp", HTTP_SERVER),
    deny("rocket", HTTP_SERVER),
    deny("tiny_http", HTTP_SERVER),
    deny("tide", HTTP_SERVER),
    deny("poem", HTTP_SERVER),
    deny("salvo", HTTP_SERVER),
    deny("gotham", HTTP_SERVER),
    deny("ntex", HTTP_SERVER),
    deny("iron", HTTP_SERVER),
    // TLS. `openssl-sys` and `openssl-src` are not here: see ALLOWED_ON_PURPOSE.
    deny("rustls", TLS),
    deny("native-tls", TLS),
    deny(
        "openssl",
        "Rust TLS wrapper around OpenSSL (SslConnector, SslStream); the vault needs only the \
         libcrypto that openssl-sys builds, not this crate",
    ),
    deny("tokio-rustls", TLS),
    deny("tokio-native-tls", TLS),
    deny("tokio-openssl", TLS),
    deny("hyper-rustls", TLS),
    deny("hyper-tls", TLS),
    deny("hyper-openssl", TLS),
    deny("async-tls", TLS),
    deny("async-native-tls", TLS),
    deny("futures-rustls", TLS),
    deny("boring", TLS),
    deny("boring-sys", TLS),
    deny("tokio-boring", TLS),
    deny("s2n-tls", TLS),
    deny("schannel", "Windows SChannel TLS bindings"),
    deny("webpki", "certificate verification for TLS connections"),
    deny(
        "rustls-webpki",
        "certificate verification for TLS connections",
    ),
    deny("webpki-roots", "root certificates for TLS connections"),
    deny(
        "rustls-native-certs",
        "loads the system root certificates for TLS connections",
    ),
    deny(
        "rustls-platform-verifier",
        "certificate verification for TLS connections",
    ),
    // Sockets and network stacks.
    deny("socket2", "raw TCP and UDP socket API"),
    deny_feature("tokio", "net", "TCP, UDP and Unix sockets (tokio::net)"),
    deny_feature(
        "mio",
        "net",
        "TCP and UDP sockets; tokio's `net`, `process` and `signal` features all turn it on",
    ),
    deny_feature("tokio-util", "net", "framed UDP sockets (tokio_util::udp)"),
    deny_feature("tokio-stream", "net", "streams over TCP listeners"),
    deny(
        "async-std",
        "async runtime with TCP and UDP sockets (async_std::net)",
    ),
    deny(
        "async-io",
        "async TCP and UDP sockets (Async<TcpStream>), not behind a feature",
    ),
    deny("async-net", "async TCP and UDP sockets (smol's networking)"),
    deny("libp2p", "peer-to-peer networking"),
    deny("libp2p-*", "peer-to-peer networking"),
    deny("quinn", "QUIC transport"),
    deny("quinn-proto", "QUIC transport"),
    deny("quinn-udp", "UDP sockets for QUIC"),
    deny("quiche", "QUIC transport"),
    deny("s2n-quic", "QUIC transport"),
    deny("smoltcp", "TCP/IP stack"),
    deny("pnet", "raw packet capture and injection"),
    deny("ssh2", "SSH client"),
    deny("libssh2-sys", "SSH client"),
    deny("russh", "SSH client and server"),
    deny("suppaftp", "FTP client"),
    deny("ldap3", "LDAP client"),
    deny("rumqttc", "MQTT client"),
    deny("paho-mqtt", "MQTT client"),
    deny("zmq", "ZeroMQ sockets"),
    deny("lapin", "AMQP client"),
    deny("rdkafka", "Kafka client"),
    deny("async-nats", "NATS client"),
    deny_feature("git2", "https", "libgit2 fetching over HTTPS"),
    deny_feature("git2", "ssh", "libgit2 fetching over SSH"),
    deny("aws-sdk-*", "cloud service client"),
    deny("aws-config", "cloud service client"),
    deny("azure_*", "cloud service client"),
    deny("google-cloud-*", "cloud service client"),
    // WebSockets.
    deny("tungstenite", WEBSOCKET),
    deny("tokio-tungstenite", WEBSOCKET),
    deny("async-tungstenite", WEBSOCKET),
    deny("ws", WEBSOCKET),
    deny("websocket", WEBSOCKET),
    deny("tokio-websockets", WEBSOCKET),
    deny("fastwebsockets", WEBSOCKET),
    deny("soketto", WEBSOCKET),
    // DNS.
    deny("trust-dns-*", DNS),
    deny("hickory-*", DNS),
    deny("async-std-resolver", DNS),
    deny("c-ares", DNS),
    deny("c-ares-sys", DNS),
    deny("c-ares-resolver", DNS),
    deny("dns-lookup", DNS),
    deny("mdns-sd", "multicast DNS service discovery"),
    deny("libmdns", "multicast DNS responder"),
    // D-Bus.
    deny("zbus", DBUS),
    deny("dbus", DBUS),
    deny("dbus-*", DBUS),
    deny("libdbus-sys", DBUS),
    deny(
        "ashpd",
        "XDG desktop portals over D-Bus, including one that opens URLs",
    ),
    deny("ksni", "system tray icon over D-Bus"),
    deny(
        "libappindicator",
        "system tray icon over D-Bus (libayatana-appindicator)",
    ),
    deny_feature(
        "tauri",
        "dbus",
        "Tauri's D-Bus integration (tao's XDG portal calls)",
    ),
    deny_feature(
        "tauri-runtime-wry",
        "dbus",
        "Tauri's D-Bus integration (tao's XDG portal calls)",
    ),
    deny_feature("tao", "dbus", "XDG desktop portal calls over D-Bus"),
    // Mail.
    deny("lettre", MAIL),
    deny("async-smtp", MAIL),
    deny("imap", MAIL),
    deny("async-imap", MAIL),
    deny("mail-send", MAIL),
    // Database clients.
    deny("postgres", DATABASE_CLIENT),
    deny("tokio-postgres", DATABASE_CLIENT),
    deny("pq-sys", DATABASE_CLIENT),
    deny("mysql", DATABASE_CLIENT),
    deny("mysql_async", DATABASE_CLIENT),
    deny("mysqlclient-sys", DATABASE_CLIENT),
    deny("redis", DATABASE_CLIENT),
    deny("mongodb", DATABASE_CLIENT),
    deny("tiberius", DATABASE_CLIENT),
    deny("scylla", DATABASE_CLIENT),
    deny("clickhouse", DATABASE_CLIENT),
    deny("elasticsearch", DATABASE_CLIENT),
    deny("memcache", DATABASE_CLIENT),
    deny("sqlx-postgres", DATABASE_CLIENT),
    deny("sqlx-mysql", DATABASE_CLIENT),
    deny_feature("sqlx", "postgres", DATABASE_CLIENT),
    deny_feature("sqlx", "mysql", DATABASE_CLIENT),
    deny_feature("sqlx", "mssql", DATABASE_CLIENT),
    deny_feature("diesel", "postgres", DATABASE_CLIENT),
    deny_feature("diesel", "mysql", DATABASE_CLIENT),
    // Tauri plugins and features, and the crates that open URLs outside the app.
    deny("tauri-plugin-http", TAURI_NETWORK_PLUGIN),
    deny(
        "tauri-plugin-updater",
        "Tauri plugin that downloads and installs updates",
    ),
    deny(
        "tauri-plugin-upload",
        "Tauri plugin that uploads and downloads files over HTTP",
    ),
    deny("tauri-plugin-websocket", TAURI_NETWORK_PLUGIN),
    deny(
        "tauri-plugin-localhost",
        "Tauri plugin that serves the app from a localhost HTTP server",
    ),
    deny(
        "tauri-plugin-shell",
        "Tauri plugin that runs programs and opens URLs in a browser",
    ),
    deny(
        "tauri-plugin-opener",
        "Tauri plugin that opens URLs in a browser",
    ),
    deny("webbrowser", "opens URLs in the system web browser"),
    deny("open", OPENS_URLS),
    deny("opener", OPENS_URLS),
    deny_feature(
        "tauri",
        "devtools",
        "web inspector in the shipped app: it runs any script in the app's pages, past the \
         masking and copy rules of the UI",
    ),
    deny_feature(
        "tauri-runtime",
        "devtools",
        "web inspector in the shipped app",
    ),
    deny_feature(
        "tauri-runtime-wry",
        "devtools",
        "web inspector in the shipped app",
    ),
    deny_feature("wry", "devtools", "web inspector in the shipped app"),
    deny_feature(
        "tauri",
        "native-tls",
        "TLS for Tauri's HTTP client (reqwest)",
    ),
    deny_feature(
        "tauri",
        "native-tls-vendored",
        "TLS for Tauri's HTTP client (reqwest)",
    ),
    deny_feature(
        "tauri",
        "rustls-tls",
        "TLS for Tauri's HTTP client (reqwest)",
    ),
    deny_feature(
        "tauri",
        "macos-proxy",
        "network proxy settings for the webview",
    ),
    deny_feature(
        "tauri-runtime-wry",
        "macos-proxy",
        "network proxy settings for the webview",
    ),
    deny_feature("wry", "mac-proxy", "network proxy settings for the webview"),
];

/// Crates that look network-related but are in the graph on purpose, with the reason.
///
/// The guard does not read this list; tests check that no rule matches these names, so that
/// a new rule cannot deny them by accident.
pub const ALLOWED_ON_PURPOSE: &[(&str, &str)] = &[
    (
        "openssl-sys",
        "builds OpenSSL's libcrypto for SQLCipher's cipher (rusqlite feature \
         bundled-sqlcipher-vendored-openssl); nothing calls its TLS functions",
    ),
    (
        "openssl-src",
        "OpenSSL source that openssl-sys compiles and links statically",
    ),
    (
        "http",
        "HTTP request and response types; Tauri's IPC and custom protocol use them",
    ),
    ("url", "URL parsing"),
    ("cookie", "cookie types that Tauri re-exports; no transport"),
    ("percent-encoding", "URL escaping"),
    (
        "soup3",
        "libsoup types that wry needs on Linux to answer custom-protocol requests",
    ),
    ("soup3-sys", "FFI declarations for soup3"),
    (
        "webkit2gtk",
        "the Linux webview; the runtime CSP and navigation handler confine it",
    ),
    (
        "webview2-com",
        "the Windows webview; the runtime CSP and navigation handler confine it",
    ),
    ("gio", "GLib I/O that GTK depends on"),
    ("ring", "AES-GCM and HMAC for key slots and the audit chain"),
    (
        "tokio",
        "async runtime Tauri uses, allowed only without its `net` feature",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, features: &[&str]) -> Node {
        Node {
            depth: 1,
            name: name.to_string(),
            version: "1.0.0".to_string(),
            features: features.iter().map(|f| f.to_string()).collect(),
            source: None,
            is_proc_macro: false,
            is_repeat: false,
            parent: Some(0),
        }
    }

    fn matching_rules(node: &Node) -> Vec<&'static Rule> {
        RULES.iter().filter(|rule| rule.matches(node)).collect()
    }

    #[test]
    fn rule_without_feature_matches_any_features() {
        let rule = deny("ureq", HTTP_CLIENT);
        assert!(rule.matches(&node("ureq", &[])));
        assert!(rule.matches(&node("ureq", &["gzip"])));
        assert!(!rule.matches(&node("ureq-proto", &[])));
    }

    #[test]
    fn rule_with_feature_needs_that_feature() {
        let rule = deny_feature("tokio", "net", "sockets");
        assert!(!rule.matches(&node("tokio", &["rt", "sync"])));
        assert!(!rule.matches(&node("tokio", &["network"])));
        assert!(rule.matches(&node("tokio", &["net", "rt"])));
    }

    #[test]
    fn prefix_rule_matches_crate_family() {
        let rule = deny("hickory-*", DNS);
        assert!(rule.matches(&node("hickory-proto", &[])));
        assert!(rule.matches(&node("hickory-resolver", &[])));
        assert!(!rule.matches(&node("hickory", &[])));
    }

    #[test]
    fn allowed_crates_match_no_rule() {
        for (name, _) in ALLOWED_ON_PURPOSE {
            let plain = node(name, &["default", "std"]);
            assert_eq!(matching_rules(&plain), Vec::<&Rule>::new(), "{name}");
        }
    }

    #[test]
    fn openssl_denied_sys_crate_allowed() {
        assert_eq!(matching_rules(&node("openssl", &[])).len(), 1);
        assert!(matching_rules(&node("openssl-sys", &["vendored", "openssl-src"])).is_empty());
        assert!(matching_rules(&node("openssl-src", &["default", "legacy"])).is_empty());
    }

    #[test]
    fn tauri_shipped_features_are_allowed() {
        let tauri = node(
            "tauri",
            &[
                "custom-protocol",
                "tauri-runtime-wry",
                "webkit2gtk",
                "webview2-com",
                "wry",
            ],
        );
        assert!(matching_rules(&tauri).is_empty());
    }

    #[test]
    fn tauri_network_features_are_denied() {
        for feature in [
            "devtools",
            "native-tls",
            "native-tls-vendored",
            "rustls-tls",
            "dbus",
        ] {
            let tauri = node("tauri", &["wry", feature]);
            assert_eq!(matching_rules(&tauri).len(), 1, "tauri/{feature}");
        }
    }

    #[test]
    fn every_rule_has_a_reason() {
        for rule in RULES {
            assert!(!rule.reason.trim().is_empty(), "{rule:?}");
        }
    }

    #[test]
    fn rules_are_not_listed_twice() {
        for (i, rule) in RULES.iter().enumerate() {
            for other in &RULES[i + 1..] {
                let same = rule.package == other.package && rule.feature == other.feature;
                assert!(!same, "{} {:?} is listed twice", rule.package, rule.feature);
            }
        }
    }
}
