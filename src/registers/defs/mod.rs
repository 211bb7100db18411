//! Every register the office keeps, as constants, and the lookup functions.

mod devices;
mod documents;
mod general;
mod inventories;
mod people;

use crate::registers::definition::{Area, RegisterDef, RoleScope, StatusDef, CANCELLED};

/// The names each register file imports.
mod prelude {
    pub(super) use super::{BASE, CANCELLED_STATUS};
    pub(super) use crate::registers::definition::FieldKind as K;
    pub(super) use crate::registers::definition::{
        Area, Check, DeadlineDef, Due, FieldDef, LevelSet, MarkingFields, RegisterDef, RoleScope,
        RowsDef, StatusDef, Transition,
    };
    pub(super) use crate::registers::glossary::Term as T;
}

/// The status `已作废` that every register lists.
const CANCELLED_STATUS: StatusDef = StatusDef::closed(CANCELLED, "已作废");

/// Defaults for the optional parts of a definition. Every register sets the other parts;
/// the consistency tests reject an empty id, name, prefix, date or status.
const BASE: RegisterDef = RegisterDef {
    id: "",
    name: "",
    prefix: "",
    area: Area::General,
    scope: RoleScope::Classified,
    fields: &[],
    rows: None,
    marking: None,
    primary_date: "",
    person: None,
    device: None,
    checks: &[],
    statuses: &[],
    initial_status: "",
    transitions: &[],
    deadlines: &[],
};

static REGISTERS: [RegisterDef; 18] = [
    documents::INCOMING,
    documents::CIRCULATION,
    documents::COPY_APPROVALS,
    documents::OUTGOING,
    documents::DISPOSAL_BATCHES,
    devices::DEVICES,
    devices::USAGE_LOG,
    devices::MEDIA_LOANS,
    devices::REPAIRS,
    devices::SCRAPPING,
    people::PERSONNEL,
    general::ARCHIVE_LOANS,
    general::ASSETS,
    general::PUBLICATION_REVIEWS,
    general::WORK_GROUPS,
    general::DATA_REQUESTS,
    general::INCIDENTS,
    inventories::INVENTORIES,
];

/// Returns every register: documents, devices, personnel, the non-classified ones, then the
/// annual inventories.
pub fn all() -> &'static [RegisterDef] {
    &REGISTERS
}

/// Finds a register by its id, such as `incoming_documents`.
pub fn by_id(id: &str) -> Option<&'static RegisterDef> {
    REGISTERS.iter().find(|def| def.id == id)
}

/// Finds a register by its number prefix, such as `SW`.
pub fn by_prefix(prefix: &str) -> Option<&'static RegisterDef> {
    REGISTERS.iter().find(|def| def.prefix == prefix)
}

/// The id of the personnel register, which [`FieldKind::Person`] fields refer to.
///
/// [`FieldKind::Person`]: crate::registers::FieldKind::Person
pub const PERSONNEL_ID: &str = "personnel";

/// The id of the devices register, which [`FieldKind::Device`] fields refer to.
///
/// [`FieldKind::Device`]: crate::registers::FieldKind::Device
pub const DEVICES_ID: &str = "devices";

/// The id of the annual inventory register (年度清查), whose records are closing reports.
pub const INVENTORIES_ID: &str = "inventories";

pub use inventories::{INVENTORIED_REGISTER_NAMES, ITEM_RESULTS};

#[cfg(test)]
mod tests;
