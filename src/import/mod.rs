//! Import of legacy registers (台账) from XLSX workbooks and CSV files.
//!
//! An import runs in two steps. [`Session::import_preview`] reads the file, finds the header
//! below any title and unit lines, maps columns to fields, and checks every row as a form
//! would, without writing. Its [`ImportPlan`] lists each row that will be imported and each
//! that will not, with row, column and reason. [`Session::import_commit`] then writes the valid
//! rows in one audited transaction, or nothing when `all_or_nothing` is set and a row failed.
//!
//! Each imported record's first version names the source file and row as its reason, and the
//! `imported_rows` table keeps a digest of the row's content and the file's SHA-256 with the
//! row number. Importing the same file twice skips the rows already there, even when the
//! mapping changed in between, and the same row from another file is found by its content.

pub mod mapping;
pub mod report;
pub mod rows;
pub mod source;

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use crate::auth::Session;
use crate::clock;
use crate::error::{Code, Error, Result};
use crate::records::access::Access;
use crate::records::store::{check_references, check_unique, insert_record, register, UNIQUE_FIELDS};
use crate::registers::{validate, FieldDef, RegisterDef, Validated};
use crate::t;

pub use mapping::{Layout, Mapping, ROW_DATE};
pub use rows::{Issue, SkipReason};

/// The user's choices for an import besides the file.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Corrections to the automatic column mapping.
    pub mapping: Mapping,
    /// The sheet of a workbook; the first sheet when `None`.
    pub sheet: Option<String>,
}

/// What happens to one row of the file.
#[derive(Debug, Clone)]
pub enum RowOutcome {
    /// The row is valid and will be imported.
    Import {
        values: Validated,
        digest: String,
        summary: String,
    },
    Skipped(SkipReason),
    Rejected(Vec<Issue>),
    /// The row was imported before, as `number`, from `file` row `row`.
    AlreadyImported {
        number: String,
        file: String,
        row: usize,
    },
}

/// One data row of the file and its outcome.
#[derive(Debug, Clone)]
pub struct PlannedRow {
    /// Row number as the spreadsheet program shows it.
    pub row: usize,
    pub outcome: RowOutcome,
}

/// The checked content of a file, ready to import.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub register: &'static RegisterDef,
    /// File name without folders, as stored with each imported row.
    pub file: String,
    /// SHA-256 of the file, recorded in the audit entry of the import.
    pub file_digest: String,
    pub sheet: Option<String>,
    pub layout: Layout,
    pub rows: Vec<PlannedRow>,
}

/// Counts of a plan's rows by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub to_import: usize,
    pub skipped: usize,
    pub rejected: usize,
    pub already: usize,
}

impl ImportPlan {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for row in &self.rows {
            match row.outcome {
                RowOutcome::Import { .. } => counts.to_import += 1,
                RowOutcome::Skipped(_) => counts.skipped += 1,
                RowOutcome::Rejected(_) => counts.rejected += 1,
                RowOutcome::AlreadyImported { .. } => counts.already += 1,
            }
        }
        counts
    }
}

/// The records an import wrote.
#[derive(Debug, Clone, Default)]
pub struct ImportResult {
    /// New record numbers in file order.
    pub numbers: Vec<String>,
}

impl Session {
    /// Reads `path` and checks every row against the register `register_id`, writing nothing.
    pub fn import_preview(
        &mut self,
        register_id: &str,
        path: &Path,
        options: &ImportOptions,
    ) -> Result<ImportPlan> {
        self.import_preview_with_progress(register_id, path, options, &mut |_, _| {})
    }

    /// Works as [`Session::import_preview`], calling `on_progress` with the count of rows
    /// checked and the total after each row.
    pub fn import_preview_with_progress(
        &mut self,
        register_id: &str,
        path: &Path,
        options: &ImportOptions,
        on_progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportPlan> {
        let def = register(register_id)?;
        self.require_register(def, Access::Write)?;
        crate::workflows::guard::check_add(def)?;

        let bytes = source::read_file(path)?;
        let file = source::file_name(path);
        let file_digest = crate::crypto::to_hex(&crate::crypto::sha256(&bytes));
        let table = source::read_bytes(bytes, &file, options.sheet.as_deref())?;
        if table.rows.iter().all(|row| row.cells.iter().all(|c| c.trim().is_empty())) {
            return Err(Error::new(Code::ImportEmpty)
                .arg("file", &file)
                .arg("sheet", table.sheet.as_deref().unwrap_or(&file)));
        }
        let layout = mapping::layout(def, &table.rows, &options.mapping, &file)?;

        let conn = self.vault().conn();
        let references = rows::References::load(conn)?;
        let mut checker = RowChecker::new(def, &layout);
        let header = &table.rows[layout.header_index];
        let data_rows = &table.rows[layout.header_index + 1..];
        let mut planned = Vec::with_capacity(data_rows.len());
        for (index, row) in data_rows.iter().enumerate() {
            let outcome = match rows::skip_reason(row, header) {
                Some(reason) => RowOutcome::Skipped(reason),
                None => match find_imported_source(conn, def, &file_digest, row.number)? {
                    Some((number, file, row)) => RowOutcome::AlreadyImported { number, file, row },
                    None => checker.check(conn, row, &references)?,
                },
            };
            planned.push(PlannedRow {
                row: row.number,
                outcome,
            });
            on_progress(index + 1, data_rows.len());
        }
        Ok(ImportPlan {
            register: def,
            file,
            file_digest,
            sheet: table.sheet,
            layout,
            rows: planned,
        })
    }

    /// Writes the valid rows of `plan` in one transaction, each as a new record with the source
    /// file and row as its reason. With `all_or_nothing`, a plan with any invalid row writes
    /// nothing. `on_progress` receives the count of rows written and the total.
    pub fn import_commit(
        &mut self,
        plan: &ImportPlan,
        all_or_nothing: bool,
        on_progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportResult> {
        let def = plan.register;
        self.require_register(def, Access::Write)?;
        crate::workflows::guard::check_add(def)?;

        let counts = plan.counts();
        if all_or_nothing && counts.rejected > 0 {
            return Err(Error::new(Code::ImportRowsRejected).arg("count", counts.rejected));
        }
        if counts.to_import == 0 {
            if counts.rejected > 0 {
                return Err(Error::new(Code::ImportNothingToImport)
                    .arg("file", &plan.file)
                    .arg("skipped", counts.skipped)
                    .arg("rejected", counts.rejected)
                    .arg("already", counts.already));
            }
            return Ok(ImportResult::default());
        }

        self.write(|w| {
            let now = clock::now_text();
            let mut numbers = Vec::with_capacity(counts.to_import);
            for planned in &plan.rows {
                let RowOutcome::Import { values, digest, .. } = &planned.outcome else {
                    continue;
                };
                let in_row = |err: Error| err.arg("row", planned.row);
                // The vault lock keeps other writers out, but a preview may be old: check again.
                if find_imported(w, def, digest)?.is_some()
                    || find_imported_source(w, def, &plan.file_digest, planned.row)?.is_some()
                {
                    continue;
                }
                check_references(w, def, values).map_err(in_row)?;
                check_unique(w, def, values, None).map_err(in_row)?;
                let reason = t!("import.reason", file = plan.file, row = planned.row);
                let record = insert_record(w, def, values, def.initial_status, &reason)?;
                w.prepare_cached(
                    "INSERT INTO imported_rows(register, digest, source_file, source_row, record_id,
                         imported_at, imported_by, source_sha256)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![def.id, digest, plan.file, planned.row, record.id, now, w.actor(), plan.file_digest])?;
                numbers.push(record.number);
                on_progress(numbers.len(), counts.to_import);
            }
            let change = serde_json::json!({
                "register": def.id,
                "file": plan.file,
                "file_sha256": plan.file_digest,
                "sheet": plan.sheet,
                "imported": numbers.len(),
                "skipped": counts.skipped,
                "rejected": counts.rejected,
                "already_imported": counts.already,
                "first": numbers.first(),
                "last": numbers.last(),
            });
            w.append("import.run", &plan.file, change.to_string().as_bytes())?;
            Ok(ImportResult { numbers })
        })
    }
}

/// Record number, source file and row of an imported row found by `condition` on
/// `imported_rows i`, whose parameters follow the register id.
fn imported_where(conn: &Connection, condition: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Option<(String, String, usize)>> {
    let sql = format!(
        "SELECT r.number, i.source_file, i.source_row FROM imported_rows i
         JOIN records r ON r.id = i.record_id WHERE i.register = ?1 AND {condition}"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

/// Finds where a row with this content digest went, from whichever file it came.
fn find_imported(conn: &Connection, def: &RegisterDef, digest: &str) -> Result<Option<(String, String, usize)>> {
    imported_where(conn, "i.digest = ?2", params![def.id, digest])
}

/// Finds where row `row` of the file with SHA-256 `file_digest` went, whatever mapping was
/// used then.
fn find_imported_source(
    conn: &Connection,
    def: &RegisterDef,
    file_digest: &str,
    row: usize,
) -> Result<Option<(String, String, usize)>> {
    imported_where(conn, "i.source_sha256 = ?2 AND i.source_row = ?3", params![def.id, file_digest, row])
}

/// Checks rows one by one, remembering what earlier rows of the file contained.
struct RowChecker<'a> {
    def: &'static RegisterDef,
    layout: &'a Layout,
    /// Digest of each row planned for import, to its row number.
    digests: HashMap<String, usize>,
    /// (field id, value) of unique fields planned for import, to the row number.
    unique_values: HashMap<(&'static str, String), usize>,
}

impl<'a> RowChecker<'a> {
    fn new(def: &'static RegisterDef, layout: &'a Layout) -> RowChecker<'a> {
        RowChecker {
            def,
            layout,
            digests: HashMap::new(),
            unique_values: HashMap::new(),
        }
    }

    fn check(
        &mut self,
        conn: &Connection,
        row: &source::SourceRow,
        references: &rows::References,
    ) -> Result<RowOutcome> {
        let def = self.def;
        let (input, mut issues) = rows::row_input(def, self.layout, row, references);
        let values = match validate(def, &input) {
            Ok(values) => values,
            Err(errors) => {
                // A field whose reference failed is missing from the input, so validation
                // reports it as required as well; keep only the reference message for it.
                let mut more = rows::issues_of(&errors, self.layout, def);
                more.retain(|issue| {
                    !(issue.code == Code::FieldRequired
                        && issues.iter().any(|earlier| earlier.column == issue.column))
                });
                issues.extend(more);
                return Ok(RowOutcome::Rejected(issues));
            }
        };
        if !issues.is_empty() {
            return Ok(RowOutcome::Rejected(issues));
        }
        for result in [
            check_references(conn, def, &values),
            check_unique(conn, def, &values, None),
            self.check_unique_in_file(&values),
        ] {
            if let Err(err) = result {
                return Ok(RowOutcome::Rejected(rows::issues_of(&[err], self.layout, def)));
            }
        }

        let digest = rows::digest(def, &values);
        if let Some((number, file, source_row)) = find_imported(conn, def, &digest)? {
            return Ok(RowOutcome::AlreadyImported {
                number,
                file,
                row: source_row,
            });
        }
        if let Some(first) = self.digests.get(&digest) {
            return Ok(RowOutcome::Skipped(SkipReason::DuplicateOf(*first)));
        }
        self.digests.insert(digest.clone(), row.number);
        self.remember_unique(&values, row.number);
        let summary = rows::summary(def, &values);
        Ok(RowOutcome::Import {
            values,
            digest,
            summary,
        })
    }

    fn unique_keys(&self, values: &Validated) -> Vec<(&'static FieldDef, String)> {
        UNIQUE_FIELDS
            .iter()
            .filter(|(register, _)| *register == self.def.id)
            .filter_map(|(_, field_id)| {
                let field = self.def.field(field_id)?;
                let value = values.fields.get(field.id)?;
                Some((field, value.to_string()))
            })
            .collect()
    }

    fn check_unique_in_file(&self, values: &Validated) -> Result<()> {
        for (field, value) in self.unique_keys(values) {
            if let Some(first) = self.unique_values.get(&(field.id, value.clone())) {
                let shown = values.fields.get(field.id).map(|v| v.to_masked_string()).unwrap_or_default();
                return Err(Error::new(Code::ImportDuplicateInFile)
                    .field(field.label)
                    .arg("value", shown)
                    .arg("row", first));
            }
        }
        Ok(())
    }

    fn remember_unique(&mut self, values: &Validated, row: usize) {
        for (field, value) in self.unique_keys(values) {
            self.unique_values.entry((field.id, value)).or_insert(row);
        }
    }
}
