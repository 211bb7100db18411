//! The closing report of an inventory as a record of the 年度清查 register: the counts, a
//! findings text listing the exceptions, and one row per item with its result.

use std::collections::BTreeMap;

use super::Reconciliation;
use crate::clock;
use crate::error::Result;
use crate::registers::definition::LONG_TEXT_MAX_CHARS;
use crate::registers::validate::validate_first;
use crate::registers::{FormInput, RegisterDef, Validated};
use crate::t;

/// Results of the 清查结果 row field; they must be choices of that field.
const FOUND: &str = "已清点";
const MISSING: &str = "缺失";
const AWAY: &str = "在外";
const MISMATCHED: &str = "状态不符";
const UNKNOWN: &str = "未登记编号";
const AMBIGUOUS: &str = "编号不唯一";

/// Builds and validates the report record. `closed_at` is a stored UTC time stamp.
pub(super) fn validated_report(
    def: &RegisterDef,
    result: &Reconciliation,
    conclusion: &str,
    closed_by: &str,
    closed_at: &str,
) -> Result<Validated> {
    let inventory = &result.inventory;
    let counts = [
        ("expected_count", result.expected),
        ("found_count", result.found.len()),
        ("missing_count", result.missing.len()),
        ("away_count", result.away.len()),
        ("duplicate_count", result.scanned_twice.len()),
        ("unknown_count", result.unknown.len()),
        ("mismatch_count", result.mismatched.len()),
        ("ambiguous_count", result.ambiguous.len()),
    ];

    let mut fields = BTreeMap::new();
    fields.insert("register".to_string(), inventory.register.name.to_string());
    fields.insert(
        "started_at".to_string(),
        clock::display(&inventory.started_at),
    );
    fields.insert("started_by".to_string(), inventory.started_by.clone());
    fields.insert("closed_at".to_string(), clock::display(closed_at));
    fields.insert("closed_by".to_string(), closed_by.to_string());
    for (id, count) in counts {
        fields.insert(id.to_string(), count.to_string());
    }
    fields.insert("conclusion".to_string(), conclusion.to_string());
    fields.insert("findings".to_string(), findings_text(result));

    let input = FormInput {
        fields,
        rows: item_rows(result),
    };
    validate_first(def, &input)
}

/// Builds one row per item: the exceptions first, then what was found.
fn item_rows(result: &Reconciliation) -> Vec<BTreeMap<String, String>> {
    let row = |number: &str, outcome: &str, scans: u32, status: &str| {
        let mut row = BTreeMap::new();
        row.insert("item_number".to_string(), number.to_string());
        row.insert("result".to_string(), outcome.to_string());
        row.insert("scan_count".to_string(), scans.to_string());
        row.insert("registered_status".to_string(), status.to_string());
        row
    };

    let mut rows = Vec::new();
    for item in &result.missing {
        rows.push(row(&item.number, MISSING, item.scans, &item.status_label));
    }
    for item in &result.away {
        rows.push(row(&item.number, AWAY, item.scans, &item.status_label));
    }
    for item in &result.mismatched {
        rows.push(row(
            &item.number,
            MISMATCHED,
            item.scans,
            &item.status_label,
        ));
    }
    for unknown in &result.unknown {
        rows.push(row(&unknown.code, UNKNOWN, unknown.scans, ""));
    }
    for ambiguous in &result.ambiguous {
        for number in &ambiguous.numbers {
            rows.push(row(number, AMBIGUOUS, ambiguous.scans, ""));
        }
    }
    for item in &result.found {
        rows.push(row(&item.number, FOUND, item.scans, &item.status_label));
    }
    rows
}

/// Writes the findings: a sentence with the counts, then every exception by kind. The text is cut to
/// the long-text limit with a note of how many entries were left out; the rows keep them all.
fn findings_text(result: &Reconciliation) -> String {
    let summary = t!(
        "inventory.findings.summary",
        expected = result.expected,
        found = result.found.len(),
        missing = result.missing.len(),
        away = result.away.len(),
        mismatched = result.mismatched.len(),
        twice = result.scanned_twice.len(),
        unknown = result.unknown.len(),
        ambiguous = result.ambiguous.len()
    );
    let more_note_max = t!("inventory.findings.more", count = usize::MAX)
        .chars()
        .count();
    let mut text = Findings::new(summary, LONG_TEXT_MAX_CHARS.saturating_sub(more_note_max));

    let with_status = |number: &str, status: &str| {
        t!(
            "inventory.findings.item_status",
            number = number,
            status = status
        )
    };
    let with_times = |number: &str, times: u32| {
        t!(
            "inventory.findings.item_times",
            number = number,
            times = times
        )
    };
    text.section(
        t!("inventory.findings.missing"),
        result
            .missing
            .iter()
            .map(|i| with_status(&i.number, &i.status_label)),
    );
    text.section(
        t!("inventory.findings.away"),
        result.away.iter().map(|i| with_status(&i.number, &i.status_label)),
    );
    text.section(
        t!("inventory.findings.mismatched"),
        result
            .mismatched
            .iter()
            .map(|i| with_status(&i.number, &i.status_label)),
    );
    text.section(
        t!("inventory.findings.twice"),
        result
            .scanned_twice
            .iter()
            .map(|i| with_times(&i.number, i.scans)),
    );
    text.section(
        t!("inventory.findings.unknown"),
        result.unknown.iter().map(|u| with_times(&u.code, u.scans)),
    );
    let ambiguous = result.ambiguous.iter().map(|a| {
        t!(
            "inventory.findings.item_ambiguous",
            code = a.code,
            numbers = a.numbers.join("、")
        )
    });
    text.section(t!("inventory.findings.ambiguous"), ambiguous);
    text.finish()
}

/// Text built up to a character budget, counting the entries that did not fit.
struct Findings {
    text: String,
    chars: usize,
    budget: usize,
    omitted: usize,
}

impl Findings {
    fn new(first_line: String, budget: usize) -> Findings {
        let chars = first_line.chars().count();
        Findings {
            text: first_line,
            chars,
            budget,
            omitted: 0,
        }
    }

    /// Adds a line `heading` + entries separated by `、`. Once one entry does not fit, it and
    /// every later entry are counted as omitted, so the text never skips an entry silently.
    fn section(&mut self, heading: String, entries: impl Iterator<Item = String>) {
        let mut started = false;
        for entry in entries {
            let prefix = if started {
                "、".to_string()
            } else {
                format!("\n{heading}")
            };
            let piece_chars = prefix.chars().count() + entry.chars().count();
            if self.omitted > 0 || self.chars + piece_chars > self.budget {
                self.omitted += 1;
                continue;
            }
            self.text.push_str(&prefix);
            self.text.push_str(&entry);
            self.chars += piece_chars;
            started = true;
        }
    }

    fn finish(mut self) -> String {
        if self.omitted > 0 {
            self.text.push('\n');
            self.text
                .push_str(&t!("inventory.findings.more", count = self.omitted));
        }
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registers::defs::ITEM_RESULTS;

    #[test]
    fn results_are_choices_of_the_row_field() {
        for outcome in [FOUND, MISSING, MISMATCHED, UNKNOWN, AMBIGUOUS] {
            assert!(ITEM_RESULTS.contains(&outcome), "{outcome} is no choice");
        }
    }

    #[test]
    fn findings_cut_at_budget() {
        let mut text = Findings::new("汇总".to_string(), 20);
        text.section("缺失：".to_string(), (1..=5).map(|n| format!("SB-{n}")));
        let done = text.finish();
        assert!(done.starts_with("汇总\n缺失：SB-1、SB-2、SB-3\n"), "{done}");
        assert!(!done.contains("SB-4"), "{done}");
        let more = t!("inventory.findings.more", count = 2);
        assert!(done.ends_with(&more), "{done}");
    }
}
