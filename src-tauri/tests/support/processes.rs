//! Processes the end-to-end tests start: Xvfb, WebKitWebDriver and the app. Each runs in its
//! own process group, and the group is killed by its id when the handle drops, so a failing
//! test leaves no window, driver or WebKit helper process behind.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A started process group, killed on drop.
pub struct Group {
    name: &'static str,
    child: Child,
}

impl Group {
    /// Starts `command` as the leader of a new process group.
    pub fn spawn(name: &'static str, mut command: Command) -> Group {
        command.process_group(0).stdin(Stdio::null());
        let child = command.spawn().unwrap_or_else(|err| panic!("failed to start {name}: {err}"));
        Group { name, child }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn has_exited(&mut self) -> bool {
        !matches!(self.child.try_wait(), Ok(None))
    }

    /// Fails the test if the process has already exited.
    pub fn assert_running(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!("{} exited early with {status}", self.name);
        }
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        // Negative pid: the whole group, which includes the children a driver or a webview
        // started (the app, WebKitWebProcess, WebKitNetworkProcess).
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Finds `program` on PATH, or fails the test saying which package installs it.
pub fn require_program(program: &str, package: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        let candidate = dir.join(program);
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!("{program} is not installed; the end-to-end tests need the Debian package {package} (run scripts/install-deps)");
}

/// An Xvfb server on a display of its own.
pub struct Display {
    pub name: String,
    server: Group,
}

impl Drop for Display {
    fn drop(&mut self) {
        // SIGTERM lets Xvfb remove its lock and socket; the group's drop then kills what is left.
        let pid = self.server.pid().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).stderr(Stdio::null()).status();
        wait_for(Duration::from_secs(2), || self.server.has_exited());
    }
}

impl Display {
    /// Starts Xvfb on the first free display from :90, without a TCP listener.
    pub fn start() -> Display {
        let xvfb = require_program("Xvfb", "xvfb");
        for number in 90..190 {
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
            let lock = PathBuf::from(format!("/tmp/.X{number}-lock"));
            if lock.exists() || socket.exists() {
                // A server killed without its clean-up leaves its lock and socket behind, as an
                // earlier run's killed Xvfb does. Only a lock minutes old whose process is gone
                // is taken as such, so a server another test is starting right now is left alone.
                if !stale_lock(&lock) {
                    continue;
                }
                let _ = std::fs::remove_file(&lock);
                let _ = std::fs::remove_file(&socket);
            }
            let mut command = Command::new(&xvfb);
            command
                .arg(format!(":{number}"))
                .args(["-screen", "0", "1280x900x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            let mut server = Group::spawn("Xvfb", command);
            // Another test may take the same display at the same moment; Xvfb then exits and
            // the next number is tried.
            wait_for(Duration::from_secs(10), || socket.exists() || server.has_exited());
            if !server.has_exited() && socket.exists() {
                return Display { name: format!(":{number}"), server };
            }
        }
        panic!("no free X display between :90 and :189 for Xvfb");
    }
}

/// Returns whether an X server lock file is more than ten minutes old and names a process
/// that no longer runs. A lock that cannot be read, or a socket without a lock, is not stale.
fn stale_lock(lock: &Path) -> bool {
    let old = std::fs::metadata(lock)
        .and_then(|m| m.modified())
        .is_ok_and(|modified| modified.elapsed().is_ok_and(|age| age > Duration::from_secs(600)));
    let Ok(text) = std::fs::read_to_string(lock) else { return false };
    let dead = text.trim().parse::<u32>().is_ok_and(|pid| !Path::new(&format!("/proc/{pid}")).exists());
    old && dead
}

/// Polls `ready` every 100 ms until it returns true or `timeout` passes.
pub fn wait_for(timeout: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if ready() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    ready()
}

/// Returns the ids of `root` and every process below it.
pub fn process_tree(root: u32) -> Vec<u32> {
    let mut parents = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if let Some(ppid) = parent_of(pid) {
            parents.push((pid, ppid));
        }
    }
    let mut tree = vec![root];
    let mut index = 0;
    while index < tree.len() {
        let parent = tree[index];
        tree.extend(parents.iter().filter(|(_, ppid)| *ppid == parent).map(|(pid, _)| *pid));
        index += 1;
    }
    tree
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may contain spaces; the fields after it are plain.
    let after_name = &stat[stat.rfind(')')? + 2..];
    after_name.split(' ').nth(1)?.parse().ok()
}

/// Returns the command name of a process, from /proc/<pid>/comm.
pub fn command_name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default().trim().to_string()
}

/// Returns the socket inodes a process has open, from its /proc/<pid>/fd links (`socket:[inode]`).
pub fn socket_inodes(pid: u32) -> Vec<u64> {
    let mut inodes = Vec::new();
    for entry in std::fs::read_dir(format!("/proc/{pid}/fd")).into_iter().flatten().flatten() {
        let Ok(target) = std::fs::read_link(entry.path()) else {
            continue;
        };
        let target = target.to_string_lossy();
        if let Some(inode) = target.strip_prefix("socket:[").and_then(|rest| rest.strip_suffix(']')) {
            if let Ok(inode) = inode.parse() {
                inodes.push(inode);
            }
        }
    }
    inodes
}

/// Returns the inodes of every internet socket (TCP, UDP and raw, IPv4 and IPv6) in the network
/// namespace of `pid`, from /proc/<pid>/net/*, with the table each was found in.
pub fn internet_socket_inodes(pid: u32) -> Vec<(u64, &'static str)> {
    let mut found = Vec::new();
    for table in ["tcp", "tcp6", "udp", "udp6", "raw", "raw6", "udplite", "udplite6"] {
        let path = Path::new("/proc").join(pid.to_string()).join("net").join(table);
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        for line in text.lines().skip(1) {
            // Columns: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            if let Some(inode) = line.split_whitespace().nth(9).and_then(|field| field.parse().ok()) {
                found.push((inode, table));
            }
        }
    }
    found
}
