//! Status changes: which are allowed, and what a record needs before each.
//!
//! Besides the declared transitions, every status that is not final may change to 已作废
//! (cancelled) when a reason is given. Nothing changes out of a final status.

use crate::registers::definition::{RegisterDef, StatusDef, Transition, CANCELLED};
use crate::registers::validate::Validated;
use crate::{Code, Error, Result};

impl RegisterDef {
    /// Lists the statuses a record in `from` may change to, cancellation included.
    pub fn next_statuses(&self, from: &str) -> Vec<&'static str> {
        if self.status(from).is_none_or(|status| status.is_final) {
            return Vec::new();
        }
        let mut next: Vec<&'static str> = self
            .transitions
            .iter()
            .filter(|transition| transition.from.contains(&from))
            .map(|transition| transition.to)
            .collect();
        next.push(CANCELLED);
        next
    }

    /// Checks that a record with values `record` may change from `from` to `to`. A
    /// cancellation needs a non-blank `reason`; other changes need the fields the transition
    /// requires. A field of the rows counts as filled when every row has it.
    pub fn check_transition(
        &self,
        from: &str,
        to: &str,
        reason: Option<&str>,
        record: &Validated,
    ) -> Result<()> {
        let from_status = self.known_status(from)?;
        let to_status = self.known_status(to)?;
        if from_status.is_final {
            return Err(Error::new(Code::RecordStatusFinal)
                .arg("register", self.name)
                .arg("status", from_status.label));
        }

        if to == CANCELLED {
            if reason.is_none_or(|reason| reason.trim().is_empty()) {
                return Err(Error::new(Code::RecordReasonRequired).arg("register", self.name));
            }
            return Ok(());
        }

        let Some(transition) = self.transition(from, to) else {
            return Err(self.invalid_transition(from_status, to_status));
        };
        self.check_requirements(transition, to_status, record)
    }

    fn known_status(&self, id: &str) -> Result<&StatusDef> {
        self.status(id).ok_or_else(|| {
            let reason = format!("register {} has no status {id}", self.id);
            Error::new(Code::Internal)
                .arg("reason", &reason)
                .detail(reason)
        })
    }

    fn transition(&self, from: &str, to: &str) -> Option<&Transition> {
        self.transitions
            .iter()
            .find(|transition| transition.to == to && transition.from.contains(&from))
    }

    fn invalid_transition(&self, from: &StatusDef, to: &StatusDef) -> Error {
        let allowed: Vec<&str> = self
            .next_statuses(from.id)
            .iter()
            .filter_map(|id| self.status(id))
            .map(|status| status.label)
            .collect();
        Error::new(Code::RecordTransitionInvalid)
            .arg("register", self.name)
            .arg("from", from.label)
            .arg("to", to.label)
            .arg("allowed", allowed.join("、"))
    }

    fn check_requirements(
        &self,
        transition: &Transition,
        to: &StatusDef,
        record: &Validated,
    ) -> Result<()> {
        for id in transition.requires {
            if !self.is_filled(id, record) {
                return Err(self.missing(id, to));
            }
        }

        for (id, expected) in transition.requires_values {
            let Some(value) = record.fields.get(id) else {
                return Err(self.missing(id, to));
            };
            if value.to_string() != *expected {
                return Err(Error::new(Code::RecordTransitionValue)
                    .field(self.label(id))
                    .arg("to", to.label)
                    .arg("expected", expected)
                    .arg("value", value.to_masked_string()));
            }
        }
        Ok(())
    }

    fn is_filled(&self, id: &str, record: &Validated) -> bool {
        if self.field(id).is_some() {
            return record.fields.contains_key(id);
        }
        !record.rows.is_empty() && record.rows.iter().all(|row| row.contains_key(id))
    }

    fn missing(&self, id: &str, to: &StatusDef) -> Error {
        Error::new(Code::RecordTransitionRequires)
            .field(self.label(id))
            .arg("to", to.label)
    }

    fn label(&self, id: &str) -> &'static str {
        self.any_field(id).map(|field| field.label).unwrap_or("")
    }
}
