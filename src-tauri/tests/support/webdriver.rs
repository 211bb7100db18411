//! A minimal W3C WebDriver client over HTTP/1.1 on a loopback TCP connection, written here so
//! that no HTTP client crate enters even the test dependencies. One request per connection
//! (`Connection: close`). A refused, reset or cut connection is retried a few times, because
//! the driver drops connections while it starts the app.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The key of an element reference in WebDriver responses.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Tries per request when the connection fails before a full response arrives.
const ATTEMPTS: u32 = 5;

/// Key codes of the WebDriver keyboard actions.
pub const ENTER: &str = "\u{E007}";
pub const ESCAPE: &str = "\u{E00C}";

/// A failed WebDriver request: the HTTP status (0 when no response came) and the body.
#[derive(Debug)]
pub struct DriverError {
    pub status: u16,
    pub body: String,
}

impl std::fmt::Display for DriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HTTP {}: {}", self.status, self.body)
    }
}

/// A WebDriver server on 127.0.0.1.
pub struct Driver {
    address: SocketAddr,
}

/// An open WebDriver session.
pub struct Session {
    driver: Driver,
    id: String,
}

impl Driver {
    pub fn new(port: u16) -> Driver {
        Driver { address: SocketAddr::from((Ipv4Addr::LOCALHOST, port)) }
    }

    /// Returns whether the server responds to `GET /status`.
    pub fn is_up(&self) -> bool {
        self.send_once("GET", "/status", None).is_ok()
    }

    /// Sends one request and returns the `value` of the JSON response.
    pub fn request(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, DriverError> {
        let mut last = DriverError { status: 0, body: String::new() };
        for attempt in 0..ATTEMPTS {
            match self.send_once(method, path, body) {
                Ok((status, text)) => return parse_response(status, &text),
                Err(err) => {
                    last = DriverError { status: 0, body: format!("{method} {path}: {err}") };
                    std::thread::sleep(Duration::from_millis(200 * u64::from(attempt + 1)));
                }
            }
        }
        Err(last)
    }

    fn send_once(&self, method: &str, path: &str, body: Option<&Value>) -> std::io::Result<(u16, String)> {
        let mut stream = TcpStream::connect_timeout(&self.address, Duration::from_secs(5))?;
        stream.set_read_timeout(Some(Duration::from_secs(120)))?;
        let payload = body.map(Value::to_string).unwrap_or_default();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.address,
            payload.len()
        );
        stream.write_all(head.as_bytes())?;
        stream.write_all(payload.as_bytes())?;

        let mut raw = Vec::new();
        stream.read_to_end(&mut raw)?;
        parse_http(&raw)
    }

    /// Opens a session that starts `binary` with `args` in WebKitGTK.
    pub fn start_session(self, binary: &str, args: &[&str]) -> Result<Session, DriverError> {
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "webkitgtk:browserOptions": { "binary": binary, "args": args }
                }
            }
        });
        let value = self.request("POST", "/session", Some(&capabilities))?;
        let id = value["sessionId"].as_str().map(str::to_string).ok_or_else(|| DriverError { status: 0, body: format!("no sessionId in {value}") })?;
        Ok(Session { driver: self, id })
    }
}

/// Splits an HTTP/1.1 response into its status and body (by Content-Length when given).
fn parse_http(raw: &[u8]) -> std::io::Result<(u16, String)> {
    let invalid = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| invalid("response without header end"))?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut body = &raw[split + 4..];
    let status = head
        .lines()
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| invalid("response without status"))?;
    let length = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim().eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok()).flatten()
    });
    if let Some(length) = length {
        if body.len() < length {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "response body cut short"));
        }
        body = &body[..length];
    }
    Ok((status, String::from_utf8_lossy(body).into_owned()))
}

fn parse_response(status: u16, text: &str) -> Result<Value, DriverError> {
    let parsed: Value = serde_json::from_str(text).map_err(|_| DriverError { status, body: text.to_string() })?;
    if status >= 400 {
        return Err(DriverError { status, body: parsed.to_string() });
    }
    Ok(parsed.get("value").cloned().unwrap_or(Value::Null))
}

impl Session {
    fn path(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.id)
    }

    fn call(&self, method: &str, rest: &str, body: Option<Value>) -> Result<Value, DriverError> {
        self.driver.request(method, &self.path(rest), body.as_ref())
    }

    /// Finds the first element matching a CSS selector.
    pub fn find(&self, selector: &str) -> Result<String, DriverError> {
        let value = self.call("POST", "/element", Some(json!({ "using": "css selector", "value": selector })))?;
        element_id(&value)
    }

    /// Waits up to `timeout` for an element matching `selector`, then returns it.
    pub fn wait(&self, selector: &str, timeout: Duration) -> String {
        let start = Instant::now();
        loop {
            match self.find(selector) {
                Ok(id) => return id,
                Err(err) if start.elapsed() >= timeout => {
                    let screen = self.page_text();
                    panic!("no element {selector} after {timeout:?}: {err}\npage text: {screen}");
                }
                Err(_) => std::thread::sleep(Duration::from_millis(200)),
            }
        }
    }

    /// Waits until `script` (a function body returning a value) returns something truthy.
    pub fn wait_until(&self, what: &str, script: &str, timeout: Duration) -> Value {
        let start = Instant::now();
        loop {
            let value = self.execute(script, json!([])).unwrap_or(Value::Null);
            let truthy = match &value {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::String(s) => !s.is_empty(),
                Value::Number(n) => n.as_f64() != Some(0.0),
                _ => true,
            };
            if truthy {
                return value;
            }
            if start.elapsed() >= timeout {
                let screen = self.page_text();
                panic!("timed out after {timeout:?} waiting for {what}\npage text: {screen}");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Returns the page's text without the watermark tiles, for failure messages.
    pub fn page_text(&self) -> Value {
        let script = "const copy = document.body.cloneNode(true);
                      copy.querySelectorAll('.watermark').forEach(layer => layer.remove());
                      return copy.textContent.replace(/\\s+/g, ' ');";
        self.execute(script, json!([])).unwrap_or_default()
    }

    pub fn click(&self, element: &str) -> Result<(), DriverError> {
        self.call("POST", &format!("/element/{element}/click"), Some(json!({}))).map(|_| ())
    }

    pub fn clear(&self, element: &str) -> Result<(), DriverError> {
        self.call("POST", &format!("/element/{element}/clear"), Some(json!({}))).map(|_| ())
    }

    /// Types `text` into an element, as key presses.
    pub fn type_into(&self, element: &str, text: &str) -> Result<(), DriverError> {
        self.call("POST", &format!("/element/{element}/value"), Some(json!({ "text": text }))).map(|_| ())
    }

    pub fn text(&self, element: &str) -> Result<String, DriverError> {
        let value = self.call("GET", &format!("/element/{element}/text"), None)?;
        Ok(value.as_str().unwrap_or_default().to_string())
    }

    /// Runs `script` as the body of a function in the page and returns its result.
    pub fn execute(&self, script: &str, args: Value) -> Result<Value, DriverError> {
        self.call("POST", "/execute/sync", Some(json!({ "script": script, "args": args })))
    }

    /// Presses keys in whatever element has the focus.
    pub fn press(&self, keys: &str) -> Result<(), DriverError> {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|key| [json!({ "type": "keyDown", "value": key.to_string() }), json!({ "type": "keyUp", "value": key.to_string() })])
            .collect();
        let body = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] });
        self.call("POST", "/actions", Some(body)).map(|_| ())
    }

    /// Takes a PNG screenshot of the window.
    pub fn screenshot(&self) -> Result<Vec<u8>, DriverError> {
        let value = self.call("GET", "/screenshot", None)?;
        let text = value.as_str().unwrap_or_default();
        decode_base64(text).ok_or_else(|| DriverError { status: 0, body: "screenshot is not valid base64".into() })
    }

    /// Ends the session; the driver then closes the app.
    pub fn end(self) {
        let _ = self.call("DELETE", "", None);
    }
}

fn element_id(value: &Value) -> Result<String, DriverError> {
    value[ELEMENT_KEY].as_str().map(str::to_string).ok_or_else(|| DriverError { status: 0, body: format!("no element reference in {value}") })
}

/// Decodes standard base64 (with padding, ignoring line breaks).
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let value_of = |c: u8| -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    };
    let clean: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    for chunk in clean.chunks(4) {
        let data: Vec<u8> = chunk.iter().copied().filter(|&c| c != b'=').collect();
        let mut bits = 0u32;
        for &c in &data {
            bits = (bits << 6) | value_of(c)?;
        }
        bits <<= 6 * (4 - data.len() as u32);
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..data.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_round_values() {
        use super::decode_base64;
        assert_eq!(decode_base64("TWFu").unwrap(), b"Man");
        assert_eq!(decode_base64("TWE=").unwrap(), b"Ma");
        assert_eq!(decode_base64("TQ==").unwrap(), b"M");
        assert!(decode_base64("T@==").is_none());
    }
}
