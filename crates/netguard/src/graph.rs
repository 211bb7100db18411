//! Parser for the dependency graph that `cargo tree` prints.
//!
//! The guard runs `cargo tree --prefix depth --format '|{f}|{p}'`, so every line reads
//! `DEPTH|FEATURES|NAME vVERSION[ (proc-macro)][ (SOURCE)][ (*)]`, for example
//! `2|default,std|libc v0.2.191` or `1|bundled|rusqlite v0.37.0 (*)`. The `|` before the
//! features keeps the depth apart from a feature name that starts with a digit, and neither
//! crate names nor feature names can contain `|`, so the split is unambiguous.
//!
//! Any line that does not have this shape makes the whole parse fail: a guard that skipped
//! lines it did not understand could skip the one crate it exists to find.

use std::fmt;

/// The `--format` argument that produces the lines this module parses.
pub const TREE_FORMAT: &str = "|{f}|{p}";

/// One line of the tree: a package with the features enabled on it, at one place in the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Distance from the workspace member at the root of this tree (0 for the member itself).
    pub depth: usize,
    pub name: String,
    /// Version without the leading `v`, for example `0.17.14`.
    pub version: String,
    /// Features cargo enabled on the package, in cargo's order.
    pub features: Vec<String>,
    /// Source in brackets for packages not from crates.io: a path, a git URL or a registry.
    pub source: Option<String>,
    pub is_proc_macro: bool,
    /// True for a line marked `(*)`: its dependencies were already printed further up.
    pub is_repeat: bool,
    /// Index of the node this one is a dependency of, or `None` for a root.
    pub parent: Option<usize>,
}

/// Every line of one `cargo tree` run, in output order, with the parent of each line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graph {
    nodes: Vec<Node>,
}

/// Error for `cargo tree` output that the guard cannot read; the guard treats it as a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The output has no package line at all.
    Empty,
    /// One line does not have the expected shape.
    Malformed {
        /// 1-based line number in the output.
        line_number: usize,
        line: String,
        problem: &'static str,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => write!(f, "cargo tree printed no packages"),
            ParseError::Malformed {
                line_number,
                line,
                problem,
            } => write!(
                f,
                "cargo tree output line {line_number} is malformed ({problem}): {line:?}"
            ),
        }
    }
}

impl std::error::Error for ParseError {}

impl Graph {
    /// Parses the output of `cargo tree --prefix depth --format '|{f}|{p}'`.
    ///
    /// Blank lines, which cargo prints between the trees of two workspace members, are skipped.
    pub fn parse(output: &str) -> Result<Graph, ParseError> {
        let mut nodes: Vec<Node> = Vec::new();

        // `ancestors[d]` is the index of the latest node at depth `d`, so the parent of a node
        // at depth `d` is `ancestors[d - 1]`.
        let mut ancestors: Vec<usize> = Vec::new();

        for (index, line) in output.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let malformed = |problem| ParseError::Malformed {
                line_number: index + 1,
                line: line.to_string(),
                problem,
            };

            let mut node = parse_line(line).map_err(malformed)?;
            if node.depth > ancestors.len() {
                return Err(malformed("depth is more than one below the previous line"));
            }

            ancestors.truncate(node.depth);
            node.parent = ancestors.last().copied();
            nodes.push(node);
            ancestors.push(nodes.len() - 1);
        }

        if nodes.is_empty() {
            return Err(ParseError::Empty);
        }
        Ok(Graph { nodes })
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// Returns the root packages: the workspace members, each once per tree cargo printed.
    pub fn roots(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|node| node.parent.is_none())
    }

    /// Returns the chain of package names from a root down to the node at `index`.
    ///
    /// The chain follows where cargo printed this line. It is one real path through the
    /// graph, and other paths to the same package may exist.
    pub fn path_to(&self, index: usize) -> Vec<&str> {
        let mut names = Vec::new();
        let mut current = Some(index);
        while let Some(i) = current {
            names.push(self.nodes[i].name.as_str());
            current = self.nodes[i].parent;
        }
        names.reverse();
        names
    }
}

/// Parses one non-blank line; `parent` is left as `None` for the caller to fill in.
fn parse_line(line: &str) -> Result<Node, &'static str> {
    let (depth, rest) = line
        .split_once('|')
        .ok_or("no `|` after the depth; was the --format argument changed?")?;
    if depth.is_empty() || !depth.bytes().all(|b| b.is_ascii_digit()) {
        return Err("the depth is not a number");
    }
    let depth = depth.parse().map_err(|_| "the depth is too large")?;

    let (features, package) = rest
        .split_once('|')
        .ok_or("no `|` between the features and the package")?;
    let features = parse_features(features)?;

    let (package, is_repeat) = match package.strip_suffix(" (*)") {
        Some(package) => (package, true),
        None => (package, false),
    };

    let (name, rest) = package
        .split_once(' ')
        .ok_or("no version after the package name")?;
    if !is_crate_name(name) {
        return Err("the package name has characters a crate name cannot have");
    }

    let (version, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    let version = version
        .strip_prefix('v')
        .ok_or("the version does not start with `v`")?;
    if !is_version(version) {
        return Err("the version is not a semantic version");
    }

    let (is_proc_macro, rest) = match rest.strip_prefix("(proc-macro)") {
        Some(rest) => (true, rest.trim_start()),
        None => (false, rest),
    };

    let source = if rest.is_empty() {
        None
    } else {
        let inner = rest
            .strip_prefix('(')
            .and_then(|rest| rest.strip_suffix(')'))
            .ok_or("unexpected text after the version")?;
        Some(inner.to_string())
    };

    Ok(Node {
        depth,
        name: name.to_string(),
        version: version.to_string(),
        features,
        source,
        is_proc_macro,
        is_repeat,
        parent: None,
    })
}

fn parse_features(list: &str) -> Result<Vec<String>, &'static str> {
    if list.is_empty() {
        return Ok(Vec::new());
    }
    let mut features = Vec::new();
    for feature in list.split(',') {
        if feature.is_empty() || feature.chars().any(char::is_whitespace) {
            return Err("the feature list has an empty or blank-containing name");
        }
        features.push(feature.to_string());
    }
    Ok(features)
}

fn is_crate_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn is_version(version: &str) -> bool {
    version.starts_with(|c: char| c.is_ascii_digit())
        && version
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'+')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn malformed_problem(output: &str) -> &'static str {
        match Graph::parse(output) {
            Err(ParseError::Malformed { problem, .. }) => problem,
            other => panic!("expected a malformed-line error, got {other:?}"),
        }
    }

    #[test]
    fn parse_reads_every_field() {
        let output = "\
0||app v0.1.0 (/src/app)
1|alloc,default|serde v1.0.229
2||serde_derive v1.0.229 (proc-macro)
1|1_1,std|odd-features v2.0.0-rc.1+build.5 (*)
1||macros v0.1.0 (proc-macro) (/src/macros)
";
        let graph = Graph::parse(output).unwrap();
        let nodes = graph.nodes();
        assert_eq!(nodes.len(), 5);

        assert_eq!(nodes[0].name, "app");
        assert_eq!(nodes[0].source.as_deref(), Some("/src/app"));
        assert_eq!(nodes[0].parent, None);

        assert_eq!(nodes[1].features, ["alloc", "default"]);
        assert_eq!(nodes[1].source, None);
        assert_eq!(nodes[1].parent, Some(0));

        assert!(nodes[2].is_proc_macro);
        assert_eq!(nodes[2].parent, Some(1));

        assert_eq!(nodes[3].version, "2.0.0-rc.1+build.5");
        assert_eq!(nodes[3].features, ["1_1", "std"]);
        assert!(nodes[3].is_repeat);
        assert_eq!(nodes[3].parent, Some(0));

        assert!(nodes[4].is_proc_macro);
        assert_eq!(nodes[4].source.as_deref(), Some("/src/macros"));
    }

    #[test]
    fn parse_keeps_separate_roots() {
        let output = "0||a v0.1.0 (/w/a)\n1||libc v0.2.0\n\n0||b v0.1.0 (/w/b)\n1||c v1.0.0\n";
        let graph = Graph::parse(output).unwrap();
        let roots: Vec<&str> = graph.roots().map(|node| node.name.as_str()).collect();
        assert_eq!(roots, ["a", "b"]);
        assert_eq!(graph.path_to(3), ["b", "c"]);
    }

    #[test]
    fn path_to_walks_up_to_the_root() {
        let output = "0||a v0.1.0\n1||b v1.0.0\n2||c v1.0.0\n1||d v1.0.0\n2||e v1.0.0\n";
        let graph = Graph::parse(output).unwrap();
        assert_eq!(graph.path_to(2), ["a", "b", "c"]);
        assert_eq!(graph.path_to(4), ["a", "d", "e"]);
    }

    #[test]
    fn parse_rejects_empty_output() {
        assert_eq!(Graph::parse(""), Err(ParseError::Empty));
        assert_eq!(Graph::parse("\n  \n"), Err(ParseError::Empty));
    }

    #[test]
    fn parse_rejects_default_format() {
        // What `cargo tree` prints without --prefix depth and --format.
        let output = "secledger v0.1.0 (/work/main)\n├── argon2 v0.5.3\n";
        assert_eq!(
            malformed_problem(output),
            "no `|` after the depth; was the --format argument changed?"
        );
    }

    #[test]
    fn parse_rejects_malformed_lines() {
        let cases = [
            ("x||a v1.0.0", "the depth is not a number"),
            ("|x|a v1.0.0", "the depth is not a number"),
            ("0|default", "no `|` between the features and the package"),
            (
                "0|a,,b|a v1.0.0",
                "the feature list has an empty or blank-containing name",
            ),
            ("0||a", "no version after the package name"),
            ("0||a b v1.0.0", "the version does not start with `v`"),
            (
                "0||a/b v1.0.0",
                "the package name has characters a crate name cannot have",
            ),
            ("0||a vx.y", "the version is not a semantic version"),
            ("0||a v1.0.0 trailing", "unexpected text after the version"),
        ];
        for (line, problem) in cases {
            assert_eq!(malformed_problem(line), problem, "line {line:?}");
        }
    }

    #[test]
    fn parse_rejects_depth_jump() {
        let output = "0||a v0.1.0\n2||b v1.0.0\n";
        assert_eq!(
            malformed_problem(output),
            "depth is more than one below the previous line"
        );
    }

    #[test]
    fn parse_rejects_tree_not_starting_at_root() {
        assert_eq!(
            malformed_problem("1||a v0.1.0\n"),
            "depth is more than one below the previous line"
        );
    }

    #[test]
    fn parse_error_names_line_number() {
        let error = Graph::parse("0||a v0.1.0\n1||b v1.0.0\ngarbage\n").unwrap_err();
        let ParseError::Malformed { line_number, .. } = error else {
            panic!("expected a malformed-line error, got {error:?}");
        };
        assert_eq!(line_number, 3);
    }
}
