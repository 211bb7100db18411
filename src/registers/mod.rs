//! The registers (台账): field value types, the declarative register definitions, and the
//! validation of user input against them.
//!
//! This module is pure code without storage. `values` parses and prints each kind of field
//! value, `definition` describes what a register contains, `defs` declares every register
//! the office keeps, and `validate` turns a form's or an importer's text into typed values.
//! The words used in code follow `glossary`.

pub mod deadline;
pub mod definition;
pub mod defs;
pub mod glossary;
pub mod number;
pub mod transition;
pub mod validate;
pub mod values;

pub use definition::{
    Area, Check, DeadlineDef, Due, FieldDef, FieldKind, LevelSet, MarkingFields, RegisterDef,
    RoleScope, RowsDef, StatusDef, Transition, CANCELLED,
};
pub use defs::{all, by_id, by_prefix};
pub use number::RecordNumber;
pub use validate::{validate, FormInput, Validated, Values};
pub use values::Value;
