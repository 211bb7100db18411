//! The "today" list (今日待办): every open deadline of every register the account may read,
//! overdue items first (most days late first), then those falling due soon.
//!
//! One query per register that declares deadlines reads the number, status and content of
//! its records in the statuses where some deadline can still be open. Registers without
//! deadlines (such as the usage logbook) are never read. Each record's JSON is read into
//! strings borrowed from the row, and only the fields the deadlines need are parsed as values.
//! Reading the list is not audited, like any other register read.

use std::borrow::{Borrow, Cow};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::marker::PhantomData;

use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::auth::{Role, Session};
use crate::error::{Code, Error, Result};
use crate::records::access::{self, Access};
use crate::registers::deadline::DueState;
use crate::registers::defs::PERSONNEL_ID;
use crate::registers::validate::parse_value;
use crate::registers::{
    self, DeadlineDef, Due, FieldDef, FieldKind, RegisterDef, Validated, Values,
};

/// One open deadline on the today list.
#[derive(Debug, Clone)]
pub struct TodayItem {
    pub register: &'static RegisterDef,
    pub number: String,
    pub deadline: &'static DeadlineDef,
    /// The row (from 0) for deadlines kept per row, such as a reader's 归还期限.
    pub row: Option<usize>,
    /// The person concerned: the borrower, the reader of the row, the person who left the post.
    pub person: Option<PersonConcerned>,
    pub due: NaiveDate,
    /// Days from today to the due date: negative when overdue, 0 when due today.
    pub days_left: i64,
    /// `Overdue` or `DueSoon`; later items are not listed.
    pub state: DueState,
}

impl TodayItem {
    /// Days past the due date, for an overdue item.
    pub fn days_late(&self) -> Option<u64> {
        (self.days_left < 0).then(|| self.days_left.unsigned_abs())
    }
}

/// The person a deadline concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonConcerned {
    /// The personnel record (RY-…) when the record refers to one.
    pub number: Option<String>,
    /// The name, from the personnel register or as written in the record. `None` when the
    /// personnel record cannot be read by this account or is not found.
    pub name: Option<String>,
}

impl PersonConcerned {
    /// Returns the name, or the personnel number when the name is unknown.
    pub fn display(&self) -> &str {
        self.name
            .as_deref()
            .or(self.number.as_deref())
            .unwrap_or_default()
    }
}

impl Session {
    /// Lists what is overdue or falls due soon as of `today`, over every register this account
    /// may read. An item is due soon within its deadline's own warning days, or within
    /// `within_days` when given. Overdue items come first, most days late first, then items
    /// due soon, soonest first; ties keep register order, then record order.
    pub fn today(&mut self, today: NaiveDate, within_days: Option<u32>) -> Result<Vec<TodayItem>> {
        self.require_password_in_order()?;
        let role = self.account().role;
        let conn = self.vault().conn();

        let mut items = Vec::new();
        for def in registers::all() {
            if def.deadlines.is_empty() || !access::allows(role, def, Access::Read) {
                continue;
            }
            collect_register(conn, def, today, within_days, &mut items)?;
        }
        fill_names(conn, role, &mut items)?;

        // The sort is stable, so items with the same state and due date keep the order in
        // which they were collected: register order, record order, deadline order, row order.
        items.sort_by_key(|item| (item.state != DueState::Overdue, item.due));
        Ok(items)
    }
}

/// The statuses one register's query reads and the fields it parses.
struct ReadPlan {
    /// Statuses in which at least one deadline can be open.
    statuses: Vec<&'static str>,
    /// Top-level fields the deadlines read.
    fields: Vec<&'static FieldDef>,
    /// Row fields the deadlines read.
    row_fields: Vec<&'static FieldDef>,
    person: PersonSource,
}

impl ReadPlan {
    fn of(def: &'static RegisterDef) -> ReadPlan {
        let mut plan = ReadPlan {
            statuses: open_statuses(def),
            fields: Vec::new(),
            row_fields: Vec::new(),
            person: PersonSource::of(def),
        };
        for deadline in def.deadlines {
            let mut ids: Vec<&str> = match deadline.due {
                Due::Field(field) => vec![field],
                Due::SecrecyTermEnd { start } => vec![start],
                Due::DeclassificationEnd {
                    departure,
                    post_level,
                    period,
                } => vec![departure, post_level, period],
            };
            ids.extend(deadline.ends_when_filled);
            ids.extend(deadline.only_if.map(|(field, _)| field));
            for id in ids {
                if deadline.in_rows {
                    add_once(&mut plan.row_fields, def.row_field(id));
                } else {
                    add_once(&mut plan.fields, def.field(id));
                }
            }
            if let (Due::SecrecyTermEnd { .. }, Some(marking)) = (deadline.due, def.marking) {
                add_once(&mut plan.fields, def.field(marking.classification));
            }
        }
        plan
    }
}

fn add_once(list: &mut Vec<&'static FieldDef>, field: Option<&'static FieldDef>) {
    if let Some(field) = field {
        if !list.iter().any(|known| known.id == field.id) {
            list.push(field);
        }
    }
}

/// Statuses in which at least one deadline of `def` can be open.
fn open_statuses(def: &RegisterDef) -> Vec<&'static str> {
    def.statuses
        .iter()
        .filter(|status| !status.is_final)
        .filter(|status| {
            def.deadlines
                .iter()
                .any(|deadline| !deadline.ends_at.contains(&status.id))
        })
        .map(|status| status.id)
        .collect()
}

/// A record's stored JSON (`records::Data`), with every text borrowed from the JSON where it
/// needs no unescaping, so reading thousands of records allocates little.
#[derive(Deserialize)]
struct StoredData<'a> {
    #[serde(borrow)]
    fields: StoredValues<'a>,
    #[serde(borrow, default)]
    rows: Vec<StoredValues<'a>>,
}

/// Field id to stored text. A B-tree beats hashing for the dozen entries a record has.
type StoredValues<'a> = BTreeMap<Text<'a>, Text<'a>>;

/// A JSON string, borrowed when it has no escapes.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Text<'a>(Cow<'a, str>);

impl Borrow<str> for Text<'_> {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Text<'a>, D::Error> {
        struct TextVisitor<'a>(PhantomData<&'a str>);

        impl<'de: 'a, 'a> Visitor<'de> for TextVisitor<'a> {
            type Value = Text<'a>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(
                self,
                text: &'de str,
            ) -> std::result::Result<Text<'a>, E> {
                Ok(Text(Cow::Borrowed(text)))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> std::result::Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(text.to_string())))
            }
        }

        deserializer.deserialize_str(TextVisitor(PhantomData))
    }
}

/// Borrows the text in column `at` of a query row.
fn column_text<'r>(row: &'r rusqlite::Row<'_>, at: usize) -> Result<&'r str> {
    match row.get_ref(at)? {
        ValueRef::Text(bytes) => std::str::from_utf8(bytes).map_err(|err| {
            Error::new(Code::Internal).arg("reason", format!("第 {at} 列不是 UTF-8 文字：{err}"))
        }),
        other => Err(Error::new(Code::Internal).arg(
            "reason",
            format!("第 {at} 列不是文字：{:?}", other.data_type()),
        )),
    }
}

fn stored_text<'m>(values: &'m StoredValues<'_>, id: &str) -> Option<&'m str> {
    values.get(id).map(|text| text.0.as_ref())
}

/// Parses the stored canonical text of `fields`. A value that no longer parses (after a
/// change of the register definition) is left out, so a deadline that needs it is not listed.
// NOTE: such a record drops off the list silently; validation reports the value at the
// record's next edit.
fn parse_stored(fields: &[&'static FieldDef], stored: &StoredValues<'_>) -> Values {
    let mut values = Values::new();
    for field in fields {
        let Some(text) = stored_text(stored, field.id).filter(|text| !text.trim().is_empty())
        else {
            continue;
        };
        if let Ok(value) = parse_value(field.kind, text) {
            values.insert(field.id, value);
        }
    }
    values
}

/// Where the person concerned is written in a record of a register.
#[derive(Clone, Copy)]
enum PersonSource {
    /// The personnel register: the record is the person, named by its 姓名 field.
    Itself,
    Top(&'static FieldDef),
    Row(&'static FieldDef),
    None,
}

impl PersonSource {
    fn of(def: &'static RegisterDef) -> PersonSource {
        if def.id == PERSONNEL_ID {
            return PersonSource::Itself;
        }
        let Some(id) = def.person else {
            return PersonSource::None;
        };
        match (def.field(id), def.row_field(id)) {
            (Some(field), _) => PersonSource::Top(field),
            (None, Some(field)) => PersonSource::Row(field),
            (None, None) => PersonSource::None,
        }
    }

    fn person(
        self,
        number: &str,
        stored: &StoredData<'_>,
        row: Option<usize>,
    ) -> Option<PersonConcerned> {
        let (field, text) = match self {
            PersonSource::Itself => {
                let name = stored_text(&stored.fields, "name").map(str::to_string);
                return Some(PersonConcerned {
                    number: Some(number.to_string()),
                    name,
                });
            }
            PersonSource::Top(field) => (field, stored_text(&stored.fields, field.id)?),
            PersonSource::Row(field) => (field, stored_text(stored.rows.get(row?)?, field.id)?),
            PersonSource::None => return None,
        };
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if field.kind == FieldKind::Person {
            Some(PersonConcerned {
                number: Some(text.to_string()),
                name: None,
            })
        } else {
            Some(PersonConcerned {
                number: None,
                name: Some(text.to_string()),
            })
        }
    }
}

fn collect_register(
    conn: &Connection,
    def: &'static RegisterDef,
    today: NaiveDate,
    within_days: Option<u32>,
    items: &mut Vec<TodayItem>,
) -> Result<()> {
    let plan = ReadPlan::of(def);
    if plan.statuses.is_empty() {
        return Ok(());
    }
    let statuses: Vec<String> = (0..plan.statuses.len())
        .map(|i| format!("?{}", i + 2))
        .collect();
    let sql = format!(
        "SELECT number, status, data FROM records WHERE register = ?1 AND status IN ({}) ORDER BY id",
        statuses.join(", ")
    );
    let mut params: Vec<&str> = vec![def.id];
    params.extend(&plan.statuses);
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(params))?;

    while let Some(row) = rows.next()? {
        let number = column_text(row, 0)?;
        let status = column_text(row, 1)?;
        let stored: StoredData<'_> = serde_json::from_str(column_text(row, 2)?).map_err(|err| {
            Error::new(Code::Internal).arg("reason", format!("记录 {number} 的内容无法解析：{err}"))
        })?;
        let record = Validated {
            fields: parse_stored(&plan.fields, &stored.fields),
            rows: stored
                .rows
                .iter()
                .map(|row| parse_stored(&plan.row_fields, row))
                .collect(),
        };

        for due in def.due_items(status, &record) {
            let days_left = (due.due - today).num_days();
            let warn_days = within_days.unwrap_or(due.deadline.warn_days);
            let state = if days_left < 0 {
                DueState::Overdue
            } else if days_left <= i64::from(warn_days) {
                DueState::DueSoon
            } else {
                continue;
            };
            items.push(TodayItem {
                register: def,
                number: number.to_string(),
                deadline: due.deadline,
                row: due.row,
                person: plan.person.person(number, &stored, due.row),
                due: due.due,
                days_left,
                state,
            });
        }
    }
    Ok(())
}

/// Fills in the names of people referred to by personnel number, with one query per 500
/// numbers. Accounts that may not read the personnel register see the numbers only.
fn fill_names(conn: &Connection, role: Role, items: &mut [TodayItem]) -> Result<()> {
    let Some(personnel) = registers::by_id(PERSONNEL_ID) else {
        return Ok(());
    };
    if !access::allows(role, personnel, Access::Read) {
        return Ok(());
    }

    let mut wanted: Vec<&str> = items
        .iter()
        .filter_map(|item| item.person.as_ref())
        .filter(|person| person.name.is_none())
        .filter_map(|person| person.number.as_deref())
        .collect();
    wanted.sort_unstable();
    wanted.dedup();

    let mut names: HashMap<String, String> = HashMap::new();
    for chunk in wanted.chunks(500) {
        let placeholders: Vec<String> = (0..chunk.len()).map(|i| format!("?{}", i + 2)).collect();
        let sql = format!(
            "SELECT number, json_extract(data, '$.fields.name') FROM records WHERE register = ?1 AND number IN ({})",
            placeholders.join(", ")
        );
        let mut params: Vec<&str> = vec![PERSONNEL_ID];
        params.extend(chunk);
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })?;
        for row in rows {
            if let (number, Some(name)) = row? {
                names.insert(number, name);
            }
        }
    }

    for person in items.iter_mut().filter_map(|item| item.person.as_mut()) {
        if person.name.is_none() {
            person.name = person
                .number
                .as_ref()
                .and_then(|number| names.get(number).cloned());
        }
    }
    Ok(())
}
