//! The zh-CN report of an import plan: the mapping used, then every row by outcome.

use super::mapping::Target;
use super::{ImportPlan, RowOutcome, SkipReason};
use crate::t;

/// Writes the report of `plan`: mapping, unmapped columns, counts, and one line per row.
pub fn render(plan: &ImportPlan) -> String {
    let mut lines = Vec::new();
    let sheet = match &plan.sheet {
        Some(sheet) => t!("import.report.sheet", sheet = sheet),
        None => String::new(),
    };
    lines.push(t!(
        "import.report.title",
        register = plan.register.name,
        file = plan.file,
        sheet = sheet
    ));
    lines.push(t!("import.report.header", row = plan.layout.header_row));
    lines.push(t!("import.report.mapping"));
    for column in &plan.layout.columns {
        let fields: Vec<String> = column
            .targets
            .iter()
            .map(|target| match target {
                Target::Field(field) => field.label.to_string(),
                Target::RowDate => t!("import.report.row_date"),
            })
            .collect();
        lines.push(t!(
            "import.report.mapping_line",
            column = column.header,
            fields = fields.join("、")
        ));
    }
    for (field, value) in &plan.layout.fixed {
        lines.push(t!("import.report.fixed_line", field = field.label, value = value));
    }
    if !plan.layout.unmapped.is_empty() {
        lines.push(t!(
            "import.report.unmapped",
            columns = plan.layout.unmapped.join("、")
        ));
    }

    let counts = plan.counts();
    lines.push(t!(
        "import.report.summary",
        ok = counts.to_import,
        skipped = counts.skipped,
        rejected = counts.rejected,
        already = counts.already
    ));

    if counts.rejected > 0 {
        lines.push(t!("import.report.rejected_header"));
        for planned in &plan.rows {
            let RowOutcome::Rejected(issues) = &planned.outcome else {
                continue;
            };
            for issue in issues {
                let column = match &issue.column {
                    Some(column) => t!("import.report.column", column = column),
                    None => String::new(),
                };
                lines.push(t!(
                    "import.report.rejected_line",
                    row = planned.row,
                    column = column,
                    message = issue.message
                ));
            }
        }
    }
    if counts.skipped > 0 {
        lines.push(t!("import.report.skipped_header"));
        for planned in &plan.rows {
            if let RowOutcome::Skipped(reason) = &planned.outcome {
                lines.push(t!(
                    "import.report.skipped_line",
                    row = planned.row,
                    reason = skip_text(reason)
                ));
            }
        }
    }
    if counts.already > 0 {
        lines.push(t!("import.report.already_header"));
        for planned in &plan.rows {
            if let RowOutcome::AlreadyImported { number, file, row } = &planned.outcome {
                lines.push(t!(
                    "import.report.already_line",
                    row = planned.row,
                    number = number,
                    file = file,
                    source_row = row
                ));
            }
        }
    }
    if counts.to_import > 0 {
        lines.push(t!("import.report.ok_header"));
        for planned in &plan.rows {
            if let RowOutcome::Import { summary, .. } = &planned.outcome {
                lines.push(t!("import.report.ok_line", row = planned.row, summary = summary));
            }
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// Returns the zh-CN reason a row was skipped.
pub fn skip_text(reason: &SkipReason) -> String {
    match reason {
        SkipReason::Blank => t!("import.skip.blank"),
        SkipReason::Total(text) => t!("import.skip.total", text = text),
        SkipReason::HeaderAgain => t!("import.skip.header_again"),
        SkipReason::DuplicateOf(row) => t!("import.skip.duplicate", row = row),
    }
}
