//! Which URLs the main window may show: only the app's own pages, served from the binary by
//! the custom protocol. The CSP already stops the page from fetching anything else. This
//! check stops the page itself from being replaced by a link, a script or a redirect.

use tauri::Url;

/// Returns whether `url` is one of the app's own pages.
///
/// On Linux and macOS the custom protocol is `tauri://localhost`. On Windows and Android, where
/// custom schemes cannot be used, Tauri serves the same assets as `http(s)://tauri.localhost`,
/// which the webview answers itself without a network request.
pub fn is_app_url(url: &Url) -> bool {
    let host = url.host_str();
    match url.scheme() {
        "tauri" => host == Some("localhost"),
        "http" | "https" if cfg!(any(windows, target_os = "android")) => host == Some("tauri.localhost"),
        _ => false,
    }
}

/// Lets the navigation happen only for the app's own pages, and logs every blocked one.
pub fn allow_navigation(url: &Url) -> bool {
    let allowed = is_app_url(url);
    if !allowed {
        eprintln!("secledger-desktop: blocked navigation to {url}");
    }
    allowed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str, expected: bool) {
        let parsed = Url::parse(url).unwrap();
        assert_eq!(is_app_url(&parsed), expected, "{url}");
    }

    #[test]
    fn app_pages_allowed() {
        check("tauri://localhost/index.html", true);
        check("tauri://localhost/", true);
    }

    #[test]
    fn outside_urls_blocked() {
        check("http://127.0.0.1:9/", false);
        check("https://example.com/", false);
        check("tauri://evil.example/", false);
        check("file:///etc/passwd", false);
        check("about:blank", false);
        check("data:text/html,hello", false);
        check("ipc://localhost/login", false);
    }

    #[test]
    fn windows_asset_host_only_on_windows() {
        check("http://tauri.localhost/index.html", cfg!(any(windows, target_os = "android")));
        check("http://tauri.localhost.example.com/", false);
    }
}
