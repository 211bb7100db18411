//! Matching scanned codes with the records of the counted register, and the reconciliation
//! they add up to.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use super::{label_field, load_codes, normalize_code, Inventory};
use crate::error::Result;
use crate::registers::defs::DEVICES_ID;
use crate::registers::{self, RegisterDef};

/// The result of an inventory so far.
#[derive(Debug, Clone)]
pub struct Reconciliation {
    pub inventory: Inventory,
    /// Records that should be present: every record not in a final status.
    pub expected: usize,
    /// Records that should be present and were scanned, in register order.
    pub found: Vec<Item>,
    /// Records that should be present and were neither scanned nor away.
    pub missing: Vec<Item>,
    /// Records not scanned because they are away: out on a loan or at a repair. Their status
    /// label names where, with the loan or repair record's number.
    pub away: Vec<Item>,
    /// Records scanned more than once; each is also under `found` or `mismatched`.
    pub scanned_twice: Vec<Item>,
    /// Codes that match no record of the register, in the order first scanned.
    pub unknown: Vec<UnknownCode>,
    /// Records scanned although their status marks them as gone: a final status such as
    /// destroyed, scrapped, cleared out, disposed of or cancelled.
    pub mismatched: Vec<Item>,
    /// Label numbers that several current records carry, so a scan cannot tell them apart.
    pub ambiguous: Vec<AmbiguousCode>,
}

/// One record of the counted register in a reconciliation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub number: String,
    /// The item's label number (统一编号, 资产编号) where the register has one.
    pub label: Option<String>,
    pub status: String,
    pub status_label: String,
    /// How often the item was scanned.
    pub scans: u32,
}

/// A scanned code that matches no record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    pub code: String,
    pub scans: u32,
}

/// A scanned label number that several records carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmbiguousCode {
    pub code: String,
    /// The record numbers carrying it.
    pub numbers: Vec<String>,
    pub scans: u32,
}

/// A record of the counted register, as the reconciliation needs it.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub number: String,
    pub label: Option<String>,
    pub status: String,
    pub status_label: String,
    /// In a final status, so not expected to be present.
    pub is_final: bool,
}

/// Every record of one register, with lookups by record number and by label number.
pub(super) struct RegisterIndex {
    entries: Vec<Entry>,
    by_number: HashMap<String, usize>,
    by_label: HashMap<String, Vec<usize>>,
}

/// The records a scanned code matched, as positions in the [`RegisterIndex`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Resolved {
    Record(usize),
    Ambiguous(Vec<usize>),
    Unknown,
}

impl RegisterIndex {
    /// Loads the number, status and label number of every record of `def` in one query.
    pub(super) fn load(conn: &Connection, def: &'static RegisterDef) -> Result<RegisterIndex> {
        let label_path = label_field(def).map(|field| format!("$.fields.{field}"));
        let mut stmt = conn.prepare_cached(
            "SELECT number, status, CASE WHEN ?2 IS NULL THEN NULL ELSE json_extract(data, ?2) END
             FROM records WHERE register = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![def.id, label_path], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;

        let mut index = RegisterIndex {
            entries: Vec::new(),
            by_number: HashMap::new(),
            by_label: HashMap::new(),
        };
        for row in rows {
            let (number, status, label) = row?;
            let (status_label, is_final) = match def.status(&status) {
                Some(known) => (known.label.to_string(), known.is_final),
                None => (status.clone(), false),
            };
            let at = index.entries.len();
            index.by_number.insert(normalize_code(&number), at);
            if let Some(code) = label
                .as_deref()
                .map(normalize_code)
                .filter(|code| !code.is_empty())
            {
                index.by_label.entry(code).or_default().push(at);
            }
            index.entries.push(Entry {
                number,
                label,
                status,
                status_label,
                is_final,
            });
        }
        Ok(index)
    }

    pub(super) fn entry(&self, at: usize) -> &Entry {
        &self.entries[at]
    }

    /// Matches a normalised code: a record number first, then a label number. A label that
    /// several records carry matches the one among them not in a final status when there is
    /// exactly one, as after a device registered twice had its duplicate cancelled. Otherwise
    /// the label is ambiguous.
    pub(super) fn resolve(&self, code: &str) -> Resolved {
        if let Some(at) = self.by_number.get(code) {
            return Resolved::Record(*at);
        }
        let Some(candidates) = self.by_label.get(code) else {
            return Resolved::Unknown;
        };
        if let [only] = candidates.as_slice() {
            return Resolved::Record(*only);
        }
        let current: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|at| !self.entries[*at].is_final)
            .collect();
        match current.as_slice() {
            [only] => Resolved::Record(*only),
            [] => Resolved::Ambiguous(candidates.clone()),
            _ => Resolved::Ambiguous(current),
        }
    }

    /// The number of records that should be present.
    pub(super) fn expected_count(&self) -> usize {
        self.entries.iter().filter(|entry| !entry.is_final).count()
    }
}

/// Scan counts per record and per unmatched code.
pub(super) struct Tally {
    per_record: Vec<u32>,
    unknown: Vec<UnknownCode>,
    ambiguous: Vec<(String, Vec<usize>, u32)>,
}

impl Tally {
    pub(super) fn new(index: &RegisterIndex) -> Tally {
        Tally {
            per_record: vec![0; index.entries.len()],
            unknown: Vec::new(),
            ambiguous: Vec::new(),
        }
    }

    /// Counts one scanned code. Returns what it matched and how often that has been scanned,
    /// this scan included.
    pub(super) fn add(&mut self, index: &RegisterIndex, code: &str) -> (Resolved, u32) {
        let resolved = index.resolve(code);
        let times = match &resolved {
            Resolved::Record(at) => {
                self.per_record[*at] += 1;
                self.per_record[*at]
            }
            Resolved::Ambiguous(candidates) => {
                match self.ambiguous.iter_mut().find(|(seen, _, _)| seen == code) {
                    Some((_, _, scans)) => {
                        *scans += 1;
                        *scans
                    }
                    None => {
                        self.ambiguous
                            .push((code.to_string(), candidates.clone(), 1));
                        1
                    }
                }
            }
            Resolved::Unknown => match self.unknown.iter_mut().find(|seen| seen.code == code) {
                Some(seen) => {
                    seen.scans += 1;
                    seen.scans
                }
                None => {
                    self.unknown.push(UnknownCode {
                        code: code.to_string(),
                        scans: 1,
                    });
                    1
                }
            },
        };
        (resolved, times)
    }

    /// The number of records that should be present and have been scanned.
    pub(super) fn found_count(&self, index: &RegisterIndex) -> usize {
        let scanned = self.per_record.iter().zip(&index.entries);
        scanned
            .filter(|(scans, entry)| **scans > 0 && !entry.is_final)
            .count()
    }
}

/// The records that show an item of the devices register is away, by register id and status:
/// an open media loan and a repair under way.
const AWAY_RECORDS: &[(&str, &str)] = &[("media_loans", "lent"), ("repairs", "repairing")];

/// A device's own status while at a repair (维修中).
const DEVICE_AT_REPAIR: &str = "repairing";

/// Maps each device away on a loan or at a repair to its whereabouts ("借出中 JY-2026-0003").
/// Only the devices register has such records; for other registers the map is empty.
fn away_items(conn: &Connection, counted: &RegisterDef) -> Result<HashMap<String, String>> {
    let mut away = HashMap::new();
    if counted.id != DEVICES_ID {
        return Ok(away);
    }
    for &(register, status) in AWAY_RECORDS {
        let Some(def) = registers::by_id(register) else { continue };
        let (Some(device_field), Some(status_def)) = (def.device, def.status(status)) else { continue };
        let mut stmt = conn.prepare_cached(
            "SELECT json_extract(data, ?3), number FROM records WHERE register = ?1 AND status = ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![register, status, format!("$.fields.{device_field}")], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            if let (Some(device), number) = row? {
                away.insert(device, format!("{} {number}", status_def.label));
            }
        }
    }
    Ok(away)
}

/// Reconciles the stored scans of `inventory` with its register as it is now.
pub(super) fn reconcile(conn: &Connection, inventory: Inventory) -> Result<Reconciliation> {
    let index = RegisterIndex::load(conn, inventory.register)?;
    let mut tally = Tally::new(&index);
    for code in load_codes(conn, inventory.id)? {
        tally.add(&index, &code);
    }

    let mut result = Reconciliation {
        inventory,
        expected: index.expected_count(),
        found: Vec::new(),
        missing: Vec::new(),
        away: Vec::new(),
        scanned_twice: Vec::new(),
        unknown: tally.unknown,
        mismatched: Vec::new(),
        ambiguous: Vec::new(),
    };
    let away = away_items(conn, result.inventory.register)?;
    for (entry, &scans) in index.entries.iter().zip(&tally.per_record) {
        let mut item = Item {
            number: entry.number.clone(),
            label: entry.label.clone(),
            status: entry.status.clone(),
            status_label: entry.status_label.clone(),
            scans,
        };
        if scans > 1 {
            result.scanned_twice.push(item.clone());
        }
        match (entry.is_final, scans) {
            (false, 0) => match away.get(&entry.number) {
                Some(whereabouts) => {
                    item.status_label = whereabouts.clone();
                    result.away.push(item);
                }
                None if entry.status == DEVICE_AT_REPAIR => result.away.push(item),
                None => result.missing.push(item),
            },
            (false, _) => result.found.push(item),
            (true, 0) => {}
            (true, _) => result.mismatched.push(item),
        }
    }
    for (code, candidates, scans) in tally.ambiguous {
        let numbers = candidates
            .iter()
            .map(|at| index.entries[*at].number.clone())
            .collect();
        result.ambiguous.push(AmbiguousCode {
            code,
            numbers,
            scans,
        });
    }
    Ok(result)
}
