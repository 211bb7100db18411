//! The declarative description of a register: its fields, statuses, transitions, deadlines
//! and cross-field checks. Definitions are constants in `defs`; the vault, the forms, the
//! importer, the printed logbooks and the "today" list all read them.

use crate::registers::glossary::Term;
use crate::registers::number::RecordNumber;
use crate::Result;

pub use crate::registers::values::LevelSet;

/// The status every register has for cancelled records (作废). Any status that is not final
/// may change to it, with a reason; there is no transition out of it.
pub const CANCELLED: &str = "cancelled";

/// Maximum length of one-line text fields, in characters.
pub const TEXT_MAX_CHARS: usize = 200;

/// Maximum length of multi-line text fields, in characters.
pub const LONG_TEXT_MAX_CHARS: usize = 4000;

/// The part of the office's work a register belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Documents,
    Devices,
    People,
    General,
    /// Office-wide yearly work across registers, such as the annual inventory (年度清查).
    Office,
}

/// Classification scope of a register. The permission layer grants access to classified
/// registers separately from non-classified ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleScope {
    /// Records about classified documents, equipment or personnel (涉密台账).
    Classified,
    /// Records that carry no state secrets (非涉密台账).
    NonClassified,
}

/// The type of a field and what its input may look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Text over several lines.
    LongText,
    Integer {
        min: i64,
        max: i64,
    },
    /// A count with an optional unit, such as `3份`.
    Quantity {
        unit: &'static str,
        min: u32,
    },
    Choice(&'static [&'static str]),
    /// `是` or `否`.
    YesNo,
    /// A check that must have been done: only `是`.
    Confirmation,
    Date,
    Time,
    DateTime,
    /// 密级, possibly with a 保密期限 (`机密★10年`).
    Classification(LevelSet),
    /// 保密期限 alone (`10年`, `长期`, `2029年12月31日`).
    SecrecyTerm,
    CopyNumbers,
    /// A resident ID number; always masked on screen.
    ResidentId,
    /// A telephone number; always masked on screen.
    Phone,
    PostLevel,
    IncidentGrade,
    /// A record of the personnel register (涉密人员), by its number.
    Person,
    /// A record of the devices register (设备台账), by its number.
    Device,
    /// A record of one of these registers (by register id), by its number.
    Record(&'static [&'static str]),
    /// A SecLedger account name.
    Account,
}

/// One field of a register.
#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    /// Stable English snake-case id, from the glossary where the label is a glossary term.
    pub id: &'static str,
    /// The term offices use, shown on forms and printed registers.
    pub label: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// Shown masked on screen; revealing it is audited. Always set for ID and phone numbers.
    pub masked: bool,
    /// Included in free-text search.
    pub searchable: bool,
}

impl FieldDef {
    pub const fn new(id: &'static str, label: &'static str, kind: FieldKind) -> FieldDef {
        let masked = matches!(kind, FieldKind::ResidentId | FieldKind::Phone);
        FieldDef {
            id,
            label,
            kind,
            required: false,
            masked,
            searchable: false,
        }
    }

    /// Creates a field named by a glossary term, with the term's identifier and Chinese form.
    pub const fn term(term: Term, kind: FieldKind) -> FieldDef {
        FieldDef::new(term.ident(), term.zh(), kind)
    }

    pub const fn required(mut self) -> FieldDef {
        self.required = true;
        self
    }

    pub const fn searchable(mut self) -> FieldDef {
        self.searchable = true;
        self
    }

    /// Returns whether the field's kind is a date or a date-time.
    pub fn is_moment(&self) -> bool {
        matches!(self.kind, FieldKind::Date | FieldKind::DateTime)
    }
}

/// A repeated group of fields inside one record, such as the readers on a circulation slip.
#[derive(Debug, Clone, Copy)]
pub struct RowsDef {
    pub id: &'static str,
    pub label: &'static str,
    pub fields: &'static [FieldDef],
    /// Rows a record needs at least.
    pub min_rows: usize,
    /// Checks applied to each row.
    pub checks: &'static [Check],
}

/// The fields that carry the record's 密级 and, if separate, its 保密期限.
#[derive(Debug, Clone, Copy)]
pub struct MarkingFields {
    pub classification: &'static str,
    pub term: Option<&'static str>,
}

/// A rule across fields, checked when the fields involved are filled.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// `end` must not be earlier than `start`.
    Order {
        start: &'static str,
        end: &'static str,
    },
    /// A count of copies must equal the number of copy numbers.
    CopyCount {
        count: &'static str,
        numbers: &'static str,
    },
    /// Two people (such as the two 监销人) must differ.
    Distinct {
        first: &'static str,
        second: &'static str,
    },
    /// `field` is required when `when` has one of the values `is`.
    RequiredWhen {
        field: &'static str,
        when: &'static str,
        is: &'static [&'static str],
    },
    /// `field` must be `value` when `when` has one of the values `is`.
    ValueWhen {
        field: &'static str,
        value: &'static str,
        when: &'static str,
        is: &'static [&'static str],
    },
    /// The 脱密期 length must fit the post level.
    DeclassificationPeriod {
        post_level: &'static str,
        period: &'static str,
    },
    /// An incident's grade must not be lower than the grade its cause suggests.
    GradeAtLeastCause {
        cause: &'static str,
        grade: &'static str,
    },
    /// A 保密期限 set by this office (定密) must keep within the statutory maximum of its 密级
    /// (绝密 30 years, 机密 20, 秘密 10, counted from `start`); 长期 is for 绝密 only, and an end
    /// date must come after `start`.
    StatutoryTerm {
        marking: &'static str,
        start: &'static str,
    },
}

/// A status a record can be in.
#[derive(Debug, Clone, Copy)]
pub struct StatusDef {
    pub id: &'static str,
    pub label: &'static str,
    /// No status change is possible from a final status, not even cancellation.
    pub is_final: bool,
}

impl StatusDef {
    pub const fn open(id: &'static str, label: &'static str) -> StatusDef {
        StatusDef {
            id,
            label,
            is_final: false,
        }
    }

    pub const fn closed(id: &'static str, label: &'static str) -> StatusDef {
        StatusDef {
            id,
            label,
            is_final: true,
        }
    }
}

/// An allowed status change. Cancellation is implicit and not listed.
#[derive(Debug, Clone, Copy)]
pub struct Transition {
    pub from: &'static [&'static str],
    pub to: &'static str,
    /// The action's name on buttons and in the audit log, such as `送阅`.
    pub action: &'static str,
    /// Fields that must be filled before the change.
    pub requires: &'static [&'static str],
    /// Fields that must have these values before the change.
    pub requires_values: &'static [(&'static str, &'static str)],
}

impl Transition {
    pub const fn new(
        from: &'static [&'static str],
        to: &'static str,
        action: &'static str,
    ) -> Transition {
        Transition {
            from,
            to,
            action,
            requires: &[],
            requires_values: &[],
        }
    }

    pub const fn requires(mut self, fields: &'static [&'static str]) -> Transition {
        self.requires = fields;
        self
    }

    pub const fn requires_values(
        mut self,
        values: &'static [(&'static str, &'static str)],
    ) -> Transition {
        self.requires_values = values;
        self
    }
}

/// Rule for finding a deadline's due date.
#[derive(Debug, Clone, Copy)]
pub enum Due {
    /// The date (or the date of the date-time) in this field.
    Field(&'static str),
    /// The end of the 保密期限 counted from the date in `start`. A marking without a stated
    /// term uses the statutory one; 长期 has no end.
    SecrecyTermEnd { start: &'static str },
    /// The end of the 脱密期 after the departure date.
    DeclassificationEnd {
        departure: &'static str,
        post_level: &'static str,
        period: &'static str,
    },
}

/// A date by which something must happen, shown on the "today" list.
#[derive(Debug, Clone, Copy)]
pub struct DeadlineDef {
    pub id: &'static str,
    pub label: &'static str,
    pub due: Due,
    /// Statuses in which the deadline no longer applies, besides every final status.
    pub ends_at: &'static [&'static str],
    /// A field whose filling ends the deadline, such as the return time.
    pub ends_when_filled: Option<&'static str>,
    /// The deadline applies only when this field has this value.
    pub only_if: Option<(&'static str, &'static str)>,
    /// The deadline is per row of the record's rows.
    pub in_rows: bool,
    /// Days before the due date from which the item is listed as due soon.
    pub warn_days: u32,
}

impl DeadlineDef {
    pub const fn new(id: &'static str, label: &'static str, due: Due) -> DeadlineDef {
        DeadlineDef {
            id,
            label,
            due,
            ends_at: &[],
            ends_when_filled: None,
            only_if: None,
            in_rows: false,
            warn_days: 7,
        }
    }

    pub const fn ends_at(mut self, statuses: &'static [&'static str]) -> DeadlineDef {
        self.ends_at = statuses;
        self
    }

    pub const fn ends_when_filled(mut self, field: &'static str) -> DeadlineDef {
        self.ends_when_filled = Some(field);
        self
    }

    pub const fn only_if(mut self, field: &'static str, value: &'static str) -> DeadlineDef {
        self.only_if = Some((field, value));
        self
    }

    pub const fn in_rows(mut self) -> DeadlineDef {
        self.in_rows = true;
        self
    }

    pub const fn warn_days(mut self, days: u32) -> DeadlineDef {
        self.warn_days = days;
        self
    }
}

/// A register: what its records contain and how they move through their statuses.
#[derive(Debug, Clone, Copy)]
pub struct RegisterDef {
    /// Stable English snake-case id, such as `incoming_documents`.
    pub id: &'static str,
    /// Name used by offices, such as `收文登记`.
    pub name: &'static str,
    /// The record number prefix, such as `SW` in `SW-2026-0001`.
    pub prefix: &'static str,
    pub area: Area,
    pub scope: RoleScope,
    pub fields: &'static [FieldDef],
    pub rows: Option<RowsDef>,
    pub marking: Option<MarkingFields>,
    /// The date that orders and filters the records.
    pub primary_date: &'static str,
    /// The person a record is indexed by (a field of the record or of its rows).
    pub person: Option<&'static str>,
    /// The device a record is indexed by.
    pub device: Option<&'static str>,
    pub checks: &'static [Check],
    pub statuses: &'static [StatusDef],
    pub initial_status: &'static str,
    pub transitions: &'static [Transition],
    pub deadlines: &'static [DeadlineDef],
}

impl RegisterDef {
    /// Finds a top-level field by id.
    pub fn field(&self, id: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|field| field.id == id)
    }

    /// Finds a field of the rows by id.
    pub fn row_field(&self, id: &str) -> Option<&FieldDef> {
        self.rows
            .as_ref()
            .and_then(|rows| rows.fields.iter().find(|field| field.id == id))
    }

    /// Finds a field by id, in the top-level fields first, then in the rows.
    pub fn any_field(&self, id: &str) -> Option<&FieldDef> {
        self.field(id).or_else(|| self.row_field(id))
    }

    /// Iterates over every field, top-level ones first, then those of the rows.
    pub fn all_fields(&self) -> impl Iterator<Item = &FieldDef> {
        let row_fields = self.rows.as_ref().map(|rows| rows.fields).unwrap_or(&[]);
        self.fields.iter().chain(row_fields.iter())
    }

    pub fn status(&self, id: &str) -> Option<&StatusDef> {
        self.statuses.iter().find(|status| status.id == id)
    }

    /// Fields included in free-text search.
    pub fn searchable_fields(&self) -> impl Iterator<Item = &FieldDef> {
        self.all_fields().filter(|field| field.searchable)
    }

    /// Builds this register's number `sequence` of `year`, or `None` when out of range.
    pub fn number(&self, year: u16, sequence: u32) -> Option<RecordNumber> {
        RecordNumber::new(self.prefix, year, sequence)
    }

    /// Parses a number of this register, such as `SW-2026-0001`.
    pub fn parse_number(&self, text: &str) -> Result<RecordNumber> {
        RecordNumber::parse(text, &[self.prefix], self.name)
    }
}
