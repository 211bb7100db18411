//! Stored register records: adding, correcting, changing status, cancelling, reading and
//! querying, each through the session so that permissions are checked and every write is in
//! the audit chain.
//!
//! A record is stored as the canonical text of its fields (what the parsers accept back), so
//! each load re-validates it against the register's current definition. Nothing is deleted:
//! every change is a new row in `record_versions` with who, when and why.

pub mod access;
pub mod query;
pub(crate) mod search;
pub mod store;
pub mod usage;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::registers::{FormInput, RegisterDef, Validated};

pub use query::{Page, Query, SortOrder};
pub use store::Version;
pub use usage::{UsageFilter, UsageReview, UsageTotals};

/// The stored form of a record's content: field id to canonical text, and the rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Data {
    pub fields: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<BTreeMap<String, String>>,
}

impl Data {
    /// The canonical text of validated values.
    pub fn from_validated(values: &Validated) -> Data {
        let to_text = |map: &crate::registers::Values| {
            map.iter().map(|(id, value)| (id.to_string(), value.to_string())).collect::<BTreeMap<_, _>>()
        };
        Data { fields: to_text(&values.fields), rows: values.rows.iter().map(to_text).collect() }
    }

    pub fn to_input(&self) -> FormInput {
        FormInput { fields: self.fields.clone(), rows: self.rows.clone() }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("record data serialises")
    }

    pub fn from_json(text: &str) -> crate::Result<Data> {
        serde_json::from_str(text).map_err(|err| {
            crate::Error::new(crate::Code::Internal).arg("reason", format!("记录内容无法解析：{err}"))
        })
    }

    /// The value of a top-level field, if filled.
    pub fn field(&self, id: &str) -> Option<&str> {
        self.fields.get(id).map(String::as_str).filter(|v| !v.is_empty())
    }
}

/// A record as it is now.
#[derive(Debug, Clone)]
pub struct Record {
    pub id: i64,
    pub register: &'static RegisterDef,
    pub number: String,
    pub status: String,
    pub version: u32,
    pub data: Data,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

impl Record {
    /// The zh-CN label of the record's status.
    pub fn status_label(&self) -> &'static str {
        self.register.status(&self.status).map(|s| s.label).unwrap_or("?")
    }

    /// A field's text for display, masked where the field is masked.
    pub fn display_field(&self, id: &str) -> Option<String> {
        let text = self.data.field(id)?;
        let field = self.register.any_field(id)?;
        if field.masked {
            Some(mask_text(field, text))
        } else {
            Some(text.to_string())
        }
    }
}

/// Masks a stored text of a masked field (phone or ID number) for display.
pub fn mask_text(field: &crate::registers::FieldDef, text: &str) -> String {
    match crate::registers::validate::parse_field(field, text) {
        Ok(Some(value)) => value.to_masked_string(),
        _ => "****".to_string(),
    }
}
