//! Matching a parsed graph against the rules, and the report a developer reads.

use std::fmt;

use crate::graph::Graph;
use crate::rules::Rule;

/// One denied crate or feature found in the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub package: String,
    pub version: String,
    /// The denied feature, or `None` when the whole crate is denied.
    pub feature: Option<&'static str>,
    pub reason: &'static str,
    /// Package names from a workspace member down to the denied package.
    pub path: Vec<String>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} v{}", self.package, self.version)?;
        if let Some(feature) = self.feature {
            write!(f, " with feature `{feature}`")?;
        }
        write!(f, ": {}; path: {}", self.reason, self.path.join(" -> "))
    }
}

/// Returns one finding per denied package version and rule, in the order cargo printed them.
///
/// A package that appears several times in the tree is reported once, with the path of its
/// first appearance.
pub fn find_denied(graph: &Graph, rules: &[Rule]) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();

    for (index, node) in graph.nodes().iter().enumerate() {
        for rule in rules.iter().filter(|rule| rule.matches(node)) {
            let already_found = findings.iter().any(|finding| {
                finding.package == node.name
                    && finding.version == node.version
                    && finding.feature == rule.feature
                    && finding.reason == rule.reason
            });
            if already_found {
                continue;
            }

            findings.push(Finding {
                package: node.name.clone(),
                version: node.version.clone(),
                feature: rule.feature,
                reason: rule.reason,
                path: graph.path_to(index).into_iter().map(String::from).collect(),
            });
        }
    }
    findings
}

/// Formats the findings as the message that stops the build, one finding per paragraph.
pub fn format_denial(findings: &[Finding], target: &str) -> String {
    let mut message = format!(
        "network guard: the dependency graph for {target} contains {} network-capable crate(s) \
         or feature(s). SecLedger runs on air-gapped machines, so the build stops here.\n",
        findings.len()
    );

    for finding in findings {
        message.push_str(&format!(
            "\n  denied: {} v{}",
            finding.package, finding.version
        ));
        if let Some(feature) = finding.feature {
            message.push_str(&format!(" with feature `{feature}`"));
        }
        message.push_str(&format!("\n  reason: {}", finding.reason));
        message.push_str(&format!("\n  path:   {}\n", finding.path.join(" -> ")));
    }

    let first = &findings[0];
    message.push_str(&format!(
        "\nRemove the dependency or turn off the feature. To see every path to a package and \
         which dependency enables each of its features, run\n  \
         cargo tree -e features --target {target} -i {}@{}\n\
         If a crate is denied by mistake, change its rule in crates/netguard/src/rules.rs and \
         state the reason there.\n",
        first.package, first.version
    ));
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RULES;

    #[test]
    fn find_denied_reports_path_of_first_appearance() {
        let output = "\
0||app v0.1.0 (/w/app)
1||uploader v0.1.0 (/w/uploader)
2||ureq v3.0.0
1||ureq v3.0.0
";
        let graph = Graph::parse(output).unwrap();
        let findings = find_denied(&graph, RULES);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].package, "ureq");
        assert_eq!(findings[0].path, ["app", "uploader", "ureq"]);
    }

    #[test]
    fn find_denied_keeps_each_version() {
        let output = "0||app v0.1.0\n1||hyper v0.14.0\n1||hyper v1.0.0\n";
        let graph = Graph::parse(output).unwrap();
        let versions: Vec<String> = find_denied(&graph, RULES)
            .into_iter()
            .map(|finding| finding.version)
            .collect();
        assert_eq!(versions, ["0.14.0", "1.0.0"]);
    }

    #[test]
    fn find_denied_ignores_clean_graph() {
        let output = "0||app v0.1.0\n1|rt,sync|tokio v1.0.0\n1|std|http v1.0.0\n";
        let graph = Graph::parse(output).unwrap();
        assert_eq!(find_denied(&graph, RULES), []);
    }

    #[test]
    fn format_denial_names_crate_reason_and_path() {
        let findings = [Finding {
            package: "tokio".to_string(),
            version: "1.54.1".to_string(),
            feature: Some("net"),
            reason: "TCP, UDP and Unix sockets (tokio::net)",
            path: vec!["app".to_string(), "tokio".to_string()],
        }];
        let message = format_denial(&findings, "x86_64-unknown-linux-gnu");
        assert!(
            message.contains("denied: tokio v1.54.1 with feature `net`"),
            "{message}"
        );
        assert!(
            message.contains("reason: TCP, UDP and Unix sockets"),
            "{message}"
        );
        assert!(message.contains("path:   app -> tokio"), "{message}");
        assert!(
            message.contains(
                "cargo tree -e features --target x86_64-unknown-linux-gnu -i tokio@1.54.1"
            ),
            "{message}"
        );
    }
}
