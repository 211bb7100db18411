//! Running `cargo tree` on a workspace and checking what it prints.

use std::ffi::OsString;
use std::fmt;
use std::io::{self, Read};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::findings::{find_denied, format_denial, Finding};
use crate::graph::{Graph, ParseError, TREE_FORMAT};
use crate::rules::RULES;

/// How long `cargo tree` may run before the guard gives up and fails the build.
///
/// It took about 0.1 s on this workspace. A much longer run means it waits for a lock that
/// another cargo process holds.
pub const CARGO_TREE_TIMEOUT: Duration = Duration::from_secs(300);

/// Feature selection that `cargo tree` applies to the workspace members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureSet {
    /// Default features, as a plain `cargo build` uses.
    Default,
    /// Every feature of every member: a superset of any feature selection.
    All,
}

/// Error that stops the build: the graph has denied crates, or the guard could not check it.
#[derive(Debug)]
pub enum GuardError {
    /// An environment variable that cargo sets for build scripts is missing.
    MissingEnv(&'static str),
    /// `cargo tree` could not be started, waited for, or its output could not be read.
    CargoNotRun { command: String, error: io::Error },
    /// `cargo tree` did not finish within [`CARGO_TREE_TIMEOUT`].
    CargoTimedOut { command: String },
    /// `cargo tree` exited with an error.
    CargoFailed {
        command: String,
        status: ExitStatus,
        stderr: String,
    },
    /// `cargo tree` printed something the parser does not accept.
    Unreadable { command: String, error: ParseError },
    /// The output does not contain the package being built, so it is not this workspace.
    MissingRoot { package: String, command: String },
    /// The graph contains denied crates or features.
    Denied {
        target: String,
        findings: Vec<Finding>,
    },
}

impl fmt::Display for GuardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const PREFIX: &str = "network guard: cannot check the dependency graph, so the build stops";
        match self {
            GuardError::MissingEnv(name) => write!(
                f,
                "{PREFIX}: environment variable {name} is not set. Cargo sets it for build \
                 scripts; run the guard from build.rs through cargo."
            ),
            GuardError::CargoNotRun { command, error } => {
                write!(f, "{PREFIX}: failed to run `{command}`: {error}")
            }
            GuardError::CargoTimedOut { command } => write!(
                f,
                "{PREFIX}: `{command}` did not finish within {} s. Another cargo process may \
                 hold the package cache lock; let it finish and build again.",
                CARGO_TREE_TIMEOUT.as_secs()
            ),
            GuardError::CargoFailed {
                command,
                status,
                stderr,
            } => write!(
                f,
                "{PREFIX}: `{command}` failed ({status}):\n{}\nThe guard runs offline and \
                 with --locked: if a package is missing, run `cargo fetch`; if Cargo.lock is \
                 out of date, run `cargo update -w`.",
                stderr.trim_end()
            ),
            GuardError::Unreadable { command, error } => {
                write!(
                    f,
                    "{PREFIX}: the output of `{command}` is unreadable: {error}"
                )
            }
            GuardError::MissingRoot { package, command } => write!(
                f,
                "{PREFIX}: the output of `{command}` does not list package `{package}` as a \
                 workspace member"
            ),
            GuardError::Denied { target, findings } => {
                write!(f, "{}", format_denial(findings, target))
            }
        }
    }
}

impl std::error::Error for GuardError {}

/// Returns the arguments of the `cargo tree` command the guard runs.
///
/// `--offline` and `--locked` keep the guard from reaching the network or rewriting
/// Cargo.lock; `-e normal,build` leaves out dev-dependencies, which never reach the binary.
pub fn cargo_tree_args(manifest_dir: &Path, target: &str, features: FeatureSet) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec![
        "tree".into(),
        "--manifest-path".into(),
        manifest_dir.join("Cargo.toml").into(),
        "--workspace".into(),
        "--edges".into(),
        "normal,build".into(),
        "--target".into(),
        target.into(),
        "--prefix".into(),
        "depth".into(),
        "--format".into(),
        TREE_FORMAT.into(),
        "--offline".into(),
        "--locked".into(),
        "--color".into(),
        "never".into(),
    ];
    if features == FeatureSet::All {
        args.push("--all-features".into());
    }
    args
}

/// Runs `cargo tree` on the workspace at `manifest_dir` and parses its output.
pub fn read_graph(
    cargo: &Path,
    manifest_dir: &Path,
    target: &str,
    features: FeatureSet,
) -> Result<(Graph, String), GuardError> {
    let args = cargo_tree_args(manifest_dir, target, features);
    let command = describe_command(cargo, &args);

    let output =
        run_with_timeout(cargo, &args, CARGO_TREE_TIMEOUT).map_err(|error| match error {
            RunError::Io(error) => GuardError::CargoNotRun {
                command: command.clone(),
                error,
            },
            RunError::TimedOut => GuardError::CargoTimedOut {
                command: command.clone(),
            },
        })?;

    if !output.status.success() {
        return Err(GuardError::CargoFailed {
            command,
            status: output.status,
            stderr: output.stderr,
        });
    }

    match Graph::parse(&output.stdout) {
        Ok(graph) => Ok((graph, command)),
        Err(error) => Err(GuardError::Unreadable { command, error }),
    }
}

/// Checks a parsed graph: `root_package` must be one of its roots, and no rule may match.
pub fn check_graph(
    graph: &Graph,
    root_package: &str,
    target: &str,
    command: &str,
) -> Result<(), GuardError> {
    if !graph.roots().any(|root| root.name == root_package) {
        return Err(GuardError::MissingRoot {
            package: root_package.to_string(),
            command: command.to_string(),
        });
    }

    let findings = find_denied(graph, RULES);
    if findings.is_empty() {
        Ok(())
    } else {
        Err(GuardError::Denied {
            target: target.to_string(),
            findings,
        })
    }
}

/// Runs `cargo tree` on a workspace and checks the graph; returns the graph when it is clean.
pub fn check_workspace(
    cargo: &Path,
    manifest_dir: &Path,
    root_package: &str,
    target: &str,
    features: FeatureSet,
) -> Result<Graph, GuardError> {
    let (graph, command) = read_graph(cargo, manifest_dir, target, features)?;
    check_graph(&graph, root_package, target, &command)?;
    Ok(graph)
}

fn describe_command(cargo: &Path, args: &[OsString]) -> String {
    let mut words = vec![cargo.display().to_string()];
    for arg in args {
        let arg = arg.to_string_lossy();
        if arg.contains(['|', '{', ' ']) {
            words.push(format!("'{arg}'"));
        } else {
            words.push(arg.into_owned());
        }
    }
    words.join(" ")
}

struct RunOutput {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

enum RunError {
    Io(io::Error),
    TimedOut,
}

/// Runs a command to completion, or kills it after `timeout`.
///
/// Both pipes are drained on their own threads, so a child that prints more than a pipe
/// buffer holds cannot block while this thread waits for it to exit.
fn run_with_timeout(
    program: &Path,
    args: &[OsString],
    timeout: Duration,
) -> Result<RunOutput, RunError> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(RunError::Io)?;

    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());

    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                // The child may exit between try_wait and kill, and wait reaps it either way.
                let _ = child.kill();
                let _ = child.wait();
                return Err(RunError::TimedOut);
            }
            Err(error) => return Err(RunError::Io(error)),
        }
    };

    // A failed read is an error rather than a short output, because a tree cut at a line
    // boundary would still parse without the packages after the cut.
    Ok(RunOutput {
        status,
        stdout: collect(stdout).map_err(RunError::Io)?,
        stderr: collect(stderr).map_err(RunError::Io)?,
    })
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<io::Result<String>> {
    thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            pipe.read_to_string(&mut text)?;
        }
        Ok(text)
    })
}

fn collect(reader: thread::JoinHandle<io::Result<String>>) -> io::Result<String> {
    reader.join().unwrap_or_else(|_| {
        Err(io::Error::other(
            "the thread reading cargo's output panicked",
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_args_stay_offline_and_locked() {
        let args = cargo_tree_args(
            Path::new("/w"),
            "x86_64-pc-windows-msvc",
            FeatureSet::Default,
        );
        let args: Vec<String> = args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert!(args.contains(&"--offline".to_string()));
        assert!(args.contains(&"--locked".to_string()));
        assert!(!args.contains(&"--all-features".to_string()));
        let target = args.iter().position(|a| a == "--target").unwrap();
        assert_eq!(args[target + 1], "x86_64-pc-windows-msvc");
        let edges = args.iter().position(|a| a == "--edges").unwrap();
        assert_eq!(args[edges + 1], "normal,build");
    }

    #[test]
    fn tree_args_all_features() {
        let args = cargo_tree_args(Path::new("/w"), "t", FeatureSet::All);
        assert_eq!(args.last().unwrap(), "--all-features");
    }

    #[test]
    fn check_graph_rejects_foreign_root() {
        let graph = Graph::parse("0||other v0.1.0 (/elsewhere)\n").unwrap();
        let error = check_graph(&graph, "secledger", "t", "cargo tree").unwrap_err();
        assert!(matches!(error, GuardError::MissingRoot { .. }), "{error:?}");
    }

    #[test]
    fn missing_cargo_fails_closed() {
        let error = read_graph(
            Path::new("/nonexistent/cargo"),
            Path::new("/w"),
            "t",
            FeatureSet::Default,
        )
        .unwrap_err();
        assert!(matches!(error, GuardError::CargoNotRun { .. }), "{error:?}");
        assert!(error
            .to_string()
            .contains("cannot check the dependency graph"));
    }

    #[cfg(unix)]
    #[test]
    fn failing_cargo_fails_closed() {
        // `false` acts as a cargo that exits with an error.
        let error = read_graph(
            Path::new("false"),
            Path::new("/w"),
            "t",
            FeatureSet::Default,
        )
        .unwrap_err();
        assert!(matches!(error, GuardError::CargoFailed { .. }), "{error:?}");
    }

    #[cfg(unix)]
    #[test]
    fn silent_cargo_fails_closed() {
        // `true` acts as a cargo that succeeds but prints nothing.
        let error =
            read_graph(Path::new("true"), Path::new("/w"), "t", FeatureSet::Default).unwrap_err();
        assert!(
            matches!(
                error,
                GuardError::Unreadable {
                    error: ParseError::Empty,
                    ..
                }
            ),
            "{error:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn garbled_cargo_output_fails_closed() {
        // `echo` acts as a cargo that prints its arguments instead of a tree.
        let error =
            read_graph(Path::new("echo"), Path::new("/w"), "t", FeatureSet::Default).unwrap_err();
        assert!(
            matches!(
                error,
                GuardError::Unreadable {
                    error: ParseError::Malformed { .. },
                    ..
                }
            ),
            "{error:?}"
        );
    }
}
