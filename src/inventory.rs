//! The annual inventory (年度清查) of a register of physical items. An inventory is started,
//! fed the numbers found (typed, or read by a USB scanner that types like a keyboard, one per
//! line) and reconciled against the register. Closing it stores a report that is itself a
//! record of the 年度清查 register.
//!
//! Scans are stored as they come, so an inventory that takes days survives restarts. A scan
//! is matched against the register each time the reconciliation is computed, not only when
//! it is stored, so a record registered or corrected during the inventory counts correctly at
//! the close. Each scan and the close are audited; the close writes the report record, marks
//! the inventory closed and appends its audit entries in one transaction.

mod reconcile;
mod report;

use std::fmt;

use rusqlite::{params, Connection, OptionalExtension};

use crate::auth::Session;
use crate::clock;
use crate::error::{Code, Error, Result};
use crate::records::access::{self, Access};
use crate::registers::definition::TEXT_MAX_CHARS;
use crate::registers::defs::{INVENTORIED_REGISTER_NAMES, INVENTORIES_ID};
use crate::registers::values::normalize::normalize;
use crate::registers::values::text::parse_text;
use crate::registers::{self, RegisterDef};
use crate::t;

pub use reconcile::{AmbiguousCode, Item, Reconciliation, UnknownCode};

use reconcile::{RegisterIndex, Resolved, Tally};

/// A stored inventory's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InventoryId(pub i64);

impl fmt::Display for InventoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The field that carries an item's own label number, for registers whose items are labelled
/// with something other than the record number: a device's 统一编号, an asset's 资产编号.
const LABEL_FIELDS: &[(&str, &str)] = &[("devices", "unified_number"), ("assets", "asset_number")];

/// An inventory as stored.
#[derive(Debug, Clone)]
pub struct Inventory {
    pub id: InventoryId,
    /// The register counted.
    pub register: &'static RegisterDef,
    pub started_at: String,
    pub started_by: String,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    /// The number of the closing report (QC-…), once closed.
    pub report: Option<String>,
    /// Lines scanned so far.
    pub scans: u64,
}

/// The outcome of one scanned line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanResult {
    /// A record that should be present, scanned for the first time.
    Found { number: String },
    /// A record scanned before; `times` counts this scan too.
    Repeated { number: String, times: u32 },
    /// A record whose status marks it as gone (destroyed, scrapped, cleared out, cancelled…).
    StatusMismatch { number: String, status: String },
    /// A label number that several records carry.
    Ambiguous { numbers: Vec<String> },
    /// No record of the register has this number.
    Unknown,
}

/// One non-blank line of a scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanOutcome {
    /// The line number in the input, from 1.
    pub line: usize,
    /// The line after normalisation, as matched.
    pub code: String,
    pub result: ScanResult,
}

/// The result of one call to [`Session::scan`].
#[derive(Debug, Clone)]
pub struct ScanSummary {
    /// One entry per non-blank line, in input order.
    pub outcomes: Vec<ScanOutcome>,
    /// Records that should be present and have been found so far, this scan included.
    pub found: usize,
    /// Records that should be present.
    pub expected: usize,
}

/// Normalises one scanned or typed code: full-width forms become ASCII, dash variants become
/// `-`, surrounding blanks go, and letters are upper-cased, so `ｓｂ－２０２６－０００１` matches
/// `SB-2026-0001`.
pub fn normalize_code(text: &str) -> String {
    normalize(text)
        .chars()
        .map(|c| match c {
            // Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus.
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c => c,
        })
        .flat_map(char::to_uppercase)
        .collect()
}

/// Finds a register that can be inventoried by id, name or number prefix.
pub fn inventoried_register(text: &str) -> Result<&'static RegisterDef> {
    let text = text.trim();
    let found = registers::all()
        .iter()
        .find(|def| def.id == text || def.name == text || def.prefix.eq_ignore_ascii_case(text));
    match found {
        Some(def) if INVENTORIED_REGISTER_NAMES.contains(&def.name) => Ok(def),
        _ => Err(Error::new(Code::InventoryRegisterInvalid)
            .field(t!("inventory.field.register"))
            .arg("register", text)
            .arg("allowed", allowed_registers())),
    }
}

fn allowed_registers() -> String {
    let listed: Vec<String> = registers::all()
        .iter()
        .filter(|def| INVENTORIED_REGISTER_NAMES.contains(&def.name))
        .map(|def| format!("{}（{}）", def.name, def.id))
        .collect();
    listed.join("、")
}

fn report_register() -> Result<&'static RegisterDef> {
    registers::by_id(INVENTORIES_ID).ok_or_else(|| {
        Error::new(Code::Internal).arg("reason", format!("未定义台账 {INVENTORIES_ID}"))
    })
}

/// Returns the field of `def` that carries a label number, if its items have one.
fn label_field(def: &RegisterDef) -> Option<&'static str> {
    LABEL_FIELDS
        .iter()
        .find(|(register, _)| *register == def.id)
        .map(|(_, field)| *field)
}

/// Formats the audit target of an inventory from the register id and the inventory id,
/// such as `devices#3`.
fn audit_target(inventory: &Inventory) -> String {
    format!("{}#{}", inventory.register.id, inventory.id)
}

impl Session {
    /// Starts an inventory of a register (by id, name or prefix). Only one inventory per
    /// register may be open at a time. Needs write access to the 年度清查 register and read
    /// access to the register counted.
    pub fn start_inventory(&mut self, register_id: &str) -> Result<InventoryId> {
        let def = inventoried_register(register_id)?;
        self.require_inventory_access(def, Access::Write)?;

        self.write(|w| {
            if let Some(open) = open_inventory_of(w, def)? {
                return Err(Error::new(Code::InventoryAlreadyOpen)
                    .arg("register", def.name)
                    .arg("started_by", open.started_by)
                    .arg("started_at", clock::display(&open.started_at)));
            }
            let now = clock::now_text();
            w.execute(
                "INSERT INTO inventories(register, started_at, started_by) VALUES (?1, ?2, ?3)",
                params![def.id, now, w.actor()],
            )?;
            let inventory = load_inventory(w, InventoryId(w.last_insert_rowid()))?;
            w.append(
                "inventory.start",
                &audit_target(&inventory),
                def.id.as_bytes(),
            )?;
            Ok(inventory.id)
        })
    }

    /// Stores the numbers found, one per line (record numbers, or label numbers such as a
    /// device's 统一编号), and reports what each line matched. Blank lines are skipped; a line
    /// with control characters or over 200 characters rejects the whole input unchanged.
    pub fn scan(&mut self, inventory: InventoryId, lines: &str) -> Result<ScanSummary> {
        let stored = load_inventory(self.vault().conn(), inventory)?;
        self.require_inventory_access(stored.register, Access::Write)?;
        ensure_open(&stored)?;
        let entered = parse_lines(lines)?;

        self.write(|w| {
            let index = RegisterIndex::load(w, stored.register)?;
            let mut tally = Tally::new(&index);
            for code in load_codes(w, stored.id)? {
                tally.add(&index, &code);
            }

            let now = clock::now_text();
            let mut seq = stored.scans as i64;
            let mut outcomes = Vec::with_capacity(entered.len());
            let mut insert = w.prepare_cached(
                "INSERT INTO inventory_scans(inventory_id, seq, line, code, scanned_at, scanned_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for line in &entered {
                seq += 1;
                insert.execute(params![
                    stored.id.0,
                    seq,
                    line.typed,
                    line.code,
                    now,
                    w.actor()
                ])?;
                let result = scan_result(&index, &tally.add(&index, &line.code));
                outcomes.push(ScanOutcome {
                    line: line.number,
                    code: line.code.clone(),
                    result,
                });
            }
            drop(insert);

            let codes: Vec<&str> = entered.iter().map(|line| line.code.as_str()).collect();
            w.append(
                "inventory.scan",
                &audit_target(&stored),
                codes.join("\n").as_bytes(),
            )?;
            Ok(ScanSummary {
                outcomes,
                found: tally.found_count(&index),
                expected: index.expected_count(),
            })
        })
    }

    /// Reconciles an inventory's scans with its register as it is now. Needs read access to
    /// both registers. A closed inventory's result is its report record.
    pub fn inventory_report(&mut self, inventory: InventoryId) -> Result<Reconciliation> {
        let stored = load_inventory(self.vault().conn(), inventory)?;
        self.require_inventory_access(stored.register, Access::Read)?;
        ensure_open(&stored)?;
        reconcile::reconcile(self.vault().conn(), stored)
    }

    /// Closes an inventory: stores its reconciliation and `conclusion` as a new record of the
    /// 年度清查 register and marks the inventory closed, in one transaction. Returns the
    /// report's number (QC-…).
    pub fn close_inventory(&mut self, inventory: InventoryId, conclusion: &str) -> Result<String> {
        let stored = load_inventory(self.vault().conn(), inventory)?;
        self.require_inventory_access(stored.register, Access::Write)?;
        ensure_open(&stored)?;
        let report_def = report_register()?;

        self.write(|w| {
            let closed_at = clock::now_text();
            let target = audit_target(&stored);
            let reconciliation = reconcile::reconcile(w, stored)?;
            let values = report::validated_report(
                report_def,
                &reconciliation,
                conclusion,
                w.actor(),
                &closed_at,
            )?;
            let reason = t!("reason.inventory_closed");
            let record = crate::records::store::insert_record(
                w,
                report_def,
                &values,
                report_def.initial_status,
                &reason,
            )?;
            w.execute(
                "UPDATE inventories SET closed_at = ?2, closed_by = ?3, report = ?4 WHERE id = ?1",
                params![
                    reconciliation.inventory.id.0,
                    closed_at,
                    w.actor(),
                    record.number
                ],
            )?;
            w.append("inventory.close", &target, record.number.as_bytes())?;
            Ok(record.number)
        })
    }

    /// Finds the open inventory of a register (by id, name or prefix).
    pub fn open_inventory(&mut self, register_id: &str) -> Result<Inventory> {
        let def = inventoried_register(register_id)?;
        self.require_inventory_access(def, Access::Read)?;
        match open_inventory_of(self.vault().conn(), def)? {
            Some(inventory) => Ok(inventory),
            None => Err(Error::new(Code::InventoryNoneOpen).arg("register", def.name)),
        }
    }

    /// Lists the open inventories of the registers this account may read, oldest first.
    pub fn open_inventories(&mut self) -> Result<Vec<Inventory>> {
        self.require_password_in_order()?;
        let role = self.account().role;
        let Ok(report_def) = report_register() else {
            return Ok(Vec::new());
        };
        if !access::allows(role, report_def, Access::Read) {
            return Ok(Vec::new());
        }
        let conn = self.vault().conn();
        let mut stmt =
            conn.prepare("SELECT id FROM inventories WHERE closed_at IS NULL ORDER BY id")?;
        let ids: Vec<i64> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut open = Vec::with_capacity(ids.len());
        for id in ids {
            let inventory = load_inventory(conn, InventoryId(id))?;
            if access::allows(role, inventory.register, Access::Read) {
                open.push(inventory);
            }
        }
        Ok(open)
    }

    /// Checks `access` to the 年度清查 register and read access to the register counted;
    /// each denial is audited.
    fn require_inventory_access(
        &mut self,
        counted: &'static RegisterDef,
        access: Access,
    ) -> Result<()> {
        self.require_register(report_register()?, access)?;
        self.require_register(counted, Access::Read)
    }
}

fn scan_result(index: &RegisterIndex, resolved: &(Resolved, u32)) -> ScanResult {
    let (resolved, times) = resolved;
    match resolved {
        Resolved::Record(at) => {
            let entry = index.entry(*at);
            if *times > 1 {
                ScanResult::Repeated {
                    number: entry.number.clone(),
                    times: *times,
                }
            } else if entry.is_final {
                ScanResult::StatusMismatch {
                    number: entry.number.clone(),
                    status: entry.status_label.clone(),
                }
            } else {
                ScanResult::Found {
                    number: entry.number.clone(),
                }
            }
        }
        Resolved::Ambiguous(at) => ScanResult::Ambiguous {
            numbers: at.iter().map(|i| index.entry(*i).number.clone()).collect(),
        },
        Resolved::Unknown => ScanResult::Unknown,
    }
}

/// One non-blank input line.
struct EnteredLine {
    /// Line number in the input, from 1.
    number: usize,
    /// The line as typed, trimmed.
    typed: String,
    code: String,
}

/// Splits scanner or keyboard input into lines and checks each. Nothing is stored when any
/// line is invalid, and input without a single non-blank line is an error.
fn parse_lines(lines: &str) -> Result<Vec<EnteredLine>> {
    // A text file saved by Windows Notepad may start with a byte order mark.
    let lines = lines.strip_prefix('\u{FEFF}').unwrap_or(lines);
    let mut entered = Vec::new();
    for (index, line) in lines.lines().enumerate() {
        let code = normalize_code(line);
        if code.is_empty() {
            continue;
        }
        let field = t!("inventory.field.line", line = index + 1);
        let typed = parse_text(line, TEXT_MAX_CHARS).map_err(|err| err.field(field.clone()))?;
        parse_text(&code, TEXT_MAX_CHARS).map_err(|err| err.field(field))?;
        entered.push(EnteredLine {
            number: index + 1,
            typed,
            code,
        });
    }
    if entered.is_empty() {
        return Err(Error::new(Code::FieldRequired).field(t!("inventory.field.lines")));
    }
    Ok(entered)
}

fn ensure_open(inventory: &Inventory) -> Result<()> {
    let (Some(closed_at), Some(report)) = (&inventory.closed_at, &inventory.report) else {
        return Ok(());
    };
    Err(Error::new(Code::InventoryClosed)
        .arg("register", inventory.register.name)
        .arg("id", inventory.id)
        .arg("closed_at", clock::display(closed_at))
        .arg("report", report))
}

type InventoryRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    u64,
);

pub(crate) fn load_inventory(conn: &Connection, id: InventoryId) -> Result<Inventory> {
    let row: Option<InventoryRow> = conn
        .query_row(
            "SELECT id, register, started_at, started_by, closed_at, closed_by, report,
                    (SELECT count(*) FROM inventory_scans WHERE inventory_id = inventories.id)
             FROM inventories WHERE id = ?1",
            [id.0],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )
        .optional()?;
    let Some((id, register_id, started_at, started_by, closed_at, closed_by, report, scans)) = row
    else {
        return Err(Error::new(Code::InventoryNotFound).arg("id", id));
    };
    let register = registers::by_id(&register_id).ok_or_else(|| {
        Error::new(Code::Internal).arg("reason", format!("清查 {id} 的台账 {register_id} 未定义"))
    })?;
    Ok(Inventory {
        id: InventoryId(id),
        register,
        started_at,
        started_by,
        closed_at,
        closed_by,
        report,
        scans,
    })
}

fn open_inventory_of(conn: &Connection, def: &RegisterDef) -> Result<Option<Inventory>> {
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM inventories WHERE register = ?1 AND closed_at IS NULL",
            [def.id],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| load_inventory(conn, InventoryId(id)))
        .transpose()
}

fn load_codes(conn: &Connection, id: InventoryId) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare_cached("SELECT code FROM inventory_scans WHERE inventory_id = ?1 ORDER BY seq")?;
    let codes = stmt
        .query_map([id.0], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalised() {
        let cases = [
            ("SB-2026-0001", "SB-2026-0001"),
            ("  sb-2026-0001\t", "SB-2026-0001"),
            ("ＳＢ－２０２６－０００１", "SB-2026-0001"),
            ("bm–jsj—001", "BM-JSJ-001"),
            ("\u{3000}bm-jsj-001\u{3000}", "BM-JSJ-001"),
            ("保密-001", "保密-001"),
            ("   ", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize_code(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn inventoried_names_are_registers() {
        for name in INVENTORIED_REGISTER_NAMES {
            let def = registers::all().iter().find(|def| def.name == *name);
            assert!(def.is_some(), "{name} is no register");
        }
        for (register, field) in LABEL_FIELDS {
            let def =
                registers::by_id(register).unwrap_or_else(|| panic!("no register {register}"));
            assert!(
                INVENTORIED_REGISTER_NAMES.contains(&def.name),
                "{register} is not inventoried"
            );
            assert!(
                def.field(field).is_some(),
                "{register} has no field {field}"
            );
        }
    }

    #[test]
    fn blank_input_is_rejected() {
        let err = parse_lines("\n  \n\u{3000}\n").err().expect("error");
        assert_eq!(err.code(), Code::FieldRequired);
        let err = parse_lines(&format!("SB-2026-0001\n{}\n", "X".repeat(201)))
            .err()
            .expect("error");
        assert_eq!(err.code(), Code::FieldTooLong);
        assert_eq!(
            err.field_name(),
            Some(t!("inventory.field.line", line = 2).as_str())
        );
    }

    #[test]
    fn lines_keep_their_numbers() {
        let lines = parse_lines("\u{FEFF}sb-2026-0001\r\n\r\nＢＭ－００１\n").unwrap();
        let parsed: Vec<(usize, &str, &str)> = lines
            .iter()
            .map(|l| (l.number, l.typed.as_str(), l.code.as_str()))
            .collect();
        assert_eq!(
            parsed,
            vec![
                (1, "sb-2026-0001", "SB-2026-0001"),
                (3, "ＢＭ－００１", "BM-001")
            ]
        );
    }
}
