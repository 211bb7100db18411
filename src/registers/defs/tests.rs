//! Consistency of the register definitions: ids, prefixes, fields, statuses, transitions,
//! deadlines and checks all refer to things that exist and have the right kind.

use std::collections::HashSet;

use super::*;
use crate::registers::definition::{Check, Due, FieldDef, FieldKind, LevelSet};
use crate::registers::glossary;

fn is_snake_case(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Returns the field `id` of `def`, at the top level or in the rows, and panics naming both
/// when there is none.
fn field<'a>(def: &'a RegisterDef, id: &str) -> &'a FieldDef {
    def.any_field(id)
        .unwrap_or_else(|| panic!("{}: no field {id}", def.id))
}

fn is_top_level(def: &RegisterDef, id: &str) -> bool {
    def.field(id).is_some()
}

fn is_status(def: &RegisterDef, id: &str) -> bool {
    def.status(id).is_some()
}

#[test]
fn all_registers_exist() {
    let ids: Vec<&str> = all().iter().map(|def| def.id).collect();
    let expected = [
        "incoming_documents",
        "circulation",
        "copy_approvals",
        "outgoing_documents",
        "disposal_batches",
        "devices",
        "usage_log",
        "media_loans",
        "repairs",
        "scrapping",
        "personnel",
        "archive_loans",
        "assets",
        "publication_reviews",
        "work_groups",
        "data_requests",
        "incidents",
        "inventories",
    ];
    assert_eq!(ids, expected);
}

#[test]
fn prefixes_match_the_design() {
    let prefixes: Vec<&str> = all().iter().map(|def| def.prefix).collect();
    let expected = [
        "SW", "LZ", "FZ", "FW", "XH", "SB", "SY", "JY", "WX", "BF", "RY", "DA", "ZC", "SC", "QZ",
        "SJ", "AQ", "QC",
    ];
    assert_eq!(prefixes, expected);
}

#[test]
fn ids_names_and_prefixes_are_unique() {
    let mut ids = HashSet::new();
    let mut names = HashSet::new();
    let mut prefixes = HashSet::new();
    for def in all() {
        assert!(is_snake_case(def.id), "{}: id is not snake case", def.id);
        assert!(!def.name.is_empty(), "{}: no name", def.id);
        let prefix_ok = (2..=4).contains(&def.prefix.len())
            && def.prefix.bytes().all(|b| b.is_ascii_uppercase());
        assert!(prefix_ok, "{}: bad prefix {}", def.id, def.prefix);
        assert!(ids.insert(def.id), "{}: id repeats", def.id);
        assert!(names.insert(def.name), "{}: name repeats", def.id);
        assert!(prefixes.insert(def.prefix), "{}: prefix repeats", def.id);
    }
}

#[test]
fn lookups_find_each_register() {
    for def in all() {
        assert_eq!(by_id(def.id).map(|found| found.prefix), Some(def.prefix));
        assert_eq!(by_prefix(def.prefix).map(|found| found.id), Some(def.id));
    }
    assert!(by_id("no_such_register").is_none());
    assert!(by_id(PERSONNEL_ID).is_some());
    assert!(by_id(DEVICES_ID).is_some());
}

#[test]
fn field_ids_and_labels_are_unique_per_register() {
    for def in all() {
        let mut ids = HashSet::new();
        let mut labels = HashSet::new();
        for field in def.all_fields() {
            assert!(
                is_snake_case(field.id),
                "{}: field id {} is not snake case",
                def.id,
                field.id
            );
            assert!(!field.label.is_empty(), "{}.{}: no label", def.id, field.id);
            assert!(
                ids.insert(field.id),
                "{}: field id {} repeats",
                def.id,
                field.id
            );
            assert!(
                labels.insert(field.label),
                "{}: label {} repeats",
                def.id,
                field.label
            );
        }
        if let Some(rows) = def.rows {
            assert!(is_snake_case(rows.id), "{}: rows id", def.id);
            assert!(
                labels.insert(rows.label),
                "{}: rows label {} repeats a field label",
                def.id,
                rows.label
            );
            assert!(!rows.fields.is_empty(), "{}: rows without fields", def.id);
        }
    }
}

#[test]
fn glossary_terms_keep_their_identifier() {
    for def in all() {
        for field in def.all_fields() {
            if let Some(term) = glossary::by_zh(field.label) {
                assert_eq!(
                    field.id,
                    term.ident(),
                    "{}: label {} must use id {}",
                    def.id,
                    field.label,
                    term.ident()
                );
            }
        }
    }
}

#[test]
fn choices_are_non_empty_and_unique() {
    for def in all() {
        for field in def.all_fields() {
            if let FieldKind::Choice(choices) = field.kind {
                let unique: HashSet<_> = choices.iter().collect();
                assert!(!choices.is_empty(), "{}.{}: no choices", def.id, field.id);
                assert_eq!(
                    unique.len(),
                    choices.len(),
                    "{}.{}: choices repeat",
                    def.id,
                    field.id
                );
            }
        }
    }
}

#[test]
fn id_and_phone_fields_are_masked() {
    for def in all() {
        for field in def.all_fields() {
            if matches!(field.kind, FieldKind::ResidentId | FieldKind::Phone) {
                assert!(field.masked, "{}.{} must be masked", def.id, field.id);
            }
        }
    }
}

#[test]
fn record_references_name_registers() {
    for def in all() {
        for field in def.all_fields() {
            if let FieldKind::Record(registers) = field.kind {
                assert!(
                    !registers.is_empty(),
                    "{}.{}: no register",
                    def.id,
                    field.id
                );
                for id in registers {
                    assert!(
                        by_id(id).is_some(),
                        "{}.{}: unknown register {id}",
                        def.id,
                        field.id
                    );
                }
            }
        }
    }
}

#[test]
fn indexing_fields_exist_with_fitting_kinds() {
    for def in all() {
        let date = def
            .field(def.primary_date)
            .unwrap_or_else(|| panic!("{}: no primary date", def.id));
        assert!(
            date.is_moment() && date.required,
            "{}: primary date must be a required date",
            def.id
        );

        if let Some(person) = def.person {
            let kind = field(def, person).kind;
            assert!(
                matches!(kind, FieldKind::Person | FieldKind::Text),
                "{}: person field {person}",
                def.id
            );
        }
        if let Some(device) = def.device {
            assert!(
                matches!(field(def, device).kind, FieldKind::Device),
                "{}: device field {device}",
                def.id
            );
        }
        assert!(
            def.searchable_fields().next().is_some(),
            "{}: nothing searchable",
            def.id
        );
    }
}

#[test]
fn marking_fields_exist_with_fitting_kinds() {
    for def in all() {
        let Some(marking) = def.marking else {
            continue;
        };
        let classification = def
            .field(marking.classification)
            .expect("classification field");
        assert!(
            matches!(classification.kind, FieldKind::Classification(_)),
            "{}",
            def.id
        );
        if let Some(term) = marking.term {
            assert!(
                matches!(
                    def.field(term).map(|f| f.kind),
                    Some(FieldKind::SecrecyTerm)
                ),
                "{}",
                def.id
            );
        }
    }
}

#[test]
fn every_classification_field_is_declared_as_marking() {
    for def in all() {
        for field in def.fields {
            if matches!(
                field.kind,
                FieldKind::Classification(_) | FieldKind::SecrecyTerm
            ) {
                let marking = def
                    .marking
                    .unwrap_or_else(|| panic!("{}: {} without marking", def.id, field.id));
                let declared = marking.classification == field.id || marking.term == Some(field.id);
                assert!(
                    declared,
                    "{}: {} is not the declared marking",
                    def.id, field.id
                );
            }
        }
    }
}

#[test]
fn scope_fits_the_content() {
    for def in all() {
        let classified_content = def.all_fields().any(|field| {
            matches!(
                field.kind,
                FieldKind::Classification(_) | FieldKind::Person | FieldKind::Device
            )
        });
        match def.scope {
            RoleScope::Classified => assert!(
                def.area != Area::General,
                "{}: classified but general",
                def.id
            ),
            RoleScope::NonClassified => assert!(
                !classified_content,
                "{}: non-classified register holds classified fields",
                def.id
            ),
        }
    }
    let non_classified = all()
        .iter()
        .filter(|def| def.scope == RoleScope::NonClassified)
        .count();
    assert_eq!(non_classified, 6);
}

#[test]
fn classified_documents_accept_only_state_secret_levels() {
    for def in all().iter().filter(|def| def.area == Area::Documents) {
        for field in def.all_fields() {
            if let FieldKind::Classification(levels) = field.kind {
                assert_eq!(levels, LevelSet::Classified, "{}.{}", def.id, field.id);
            }
        }
    }
}

#[test]
fn statuses_are_consistent() {
    for def in all() {
        let mut ids = HashSet::new();
        let mut labels = HashSet::new();
        for status in def.statuses {
            assert!(is_snake_case(status.id), "{}: status {}", def.id, status.id);
            assert!(
                ids.insert(status.id),
                "{}: status {} repeats",
                def.id,
                status.id
            );
            assert!(
                labels.insert(status.label),
                "{}: status label {} repeats",
                def.id,
                status.label
            );
        }
        let initial = def
            .status(def.initial_status)
            .unwrap_or_else(|| panic!("{}: no initial status", def.id));
        assert!(!initial.is_final, "{}: initial status is final", def.id);
        let cancelled = def
            .status(CANCELLED)
            .unwrap_or_else(|| panic!("{}: no 已作废", def.id));
        assert!(
            cancelled.is_final && cancelled.label == "已作废",
            "{}",
            def.id
        );
    }
}

#[test]
fn transitions_are_consistent() {
    for def in all() {
        for transition in def.transitions {
            assert!(
                is_status(def, transition.to),
                "{}: unknown target {}",
                def.id,
                transition.to
            );
            assert_ne!(
                transition.to, CANCELLED,
                "{}: cancellation is implicit",
                def.id
            );
            assert!(
                !transition.action.is_empty(),
                "{}: transition without action",
                def.id
            );
            assert!(
                !transition.from.is_empty(),
                "{}: transition to {} from nowhere",
                def.id,
                transition.to
            );
            for from in transition.from {
                let status = def
                    .status(from)
                    .unwrap_or_else(|| panic!("{}: unknown source {from}", def.id));
                assert!(
                    !status.is_final,
                    "{}: transition out of final status {from}",
                    def.id
                );
            }
            for id in transition.requires {
                field(def, id);
            }
            for (id, value) in transition.requires_values {
                assert!(
                    is_top_level(def, id),
                    "{}: required value of unknown field {id}",
                    def.id
                );
                if let FieldKind::Choice(choices) = field(def, id).kind {
                    assert!(
                        choices.contains(value),
                        "{}: {id} has no choice {value}",
                        def.id
                    );
                }
            }
        }
    }
}

#[test]
fn every_status_is_reachable() {
    for def in all() {
        let mut reached: HashSet<&str> = HashSet::from([def.initial_status, CANCELLED]);
        loop {
            let before = reached.len();
            for transition in def.transitions {
                if transition.from.iter().any(|from| reached.contains(from)) {
                    reached.insert(transition.to);
                }
            }
            if reached.len() == before {
                break;
            }
        }
        for status in def.statuses {
            assert!(
                reached.contains(status.id),
                "{}: status {} is unreachable",
                def.id,
                status.id
            );
        }
    }
}

#[test]
fn deadlines_are_consistent() {
    for def in all() {
        let mut ids = HashSet::new();
        for deadline in def.deadlines {
            assert!(
                ids.insert(deadline.id),
                "{}: deadline {} repeats",
                def.id,
                deadline.id
            );
            let in_place = |id: &str| match deadline.in_rows {
                true => def.row_field(id).is_some(),
                false => is_top_level(def, id),
            };
            match deadline.due {
                Due::Field(id) => assert!(
                    in_place(id) && field(def, id).is_moment(),
                    "{}: due field {id}",
                    def.id
                ),
                Due::SecrecyTermEnd { start } => {
                    assert!(
                        def.marking.is_some(),
                        "{}: term deadline without marking",
                        def.id
                    );
                    assert!(
                        in_place(start) && field(def, start).is_moment(),
                        "{}: start {start}",
                        def.id
                    );
                }
                Due::DeclassificationEnd {
                    departure,
                    post_level,
                    period,
                } => {
                    assert!(field(def, departure).is_moment(), "{}", def.id);
                    assert!(
                        matches!(field(def, post_level).kind, FieldKind::PostLevel),
                        "{}",
                        def.id
                    );
                    assert!(
                        matches!(field(def, period).kind, FieldKind::Quantity { .. }),
                        "{}",
                        def.id
                    );
                }
            }
            for status in deadline.ends_at {
                assert!(
                    is_status(def, status),
                    "{}: deadline ends at unknown {status}",
                    def.id
                );
            }
            if let Some(id) = deadline.ends_when_filled {
                assert!(
                    in_place(id),
                    "{}: deadline ends with unknown field {id}",
                    def.id
                );
            }
            if let Some((id, value)) = deadline.only_if {
                let FieldKind::Choice(choices) = field(def, id).kind else {
                    panic!("{}: only_if field {id} is not a choice", def.id);
                };
                assert!(
                    choices.contains(&value),
                    "{}: {id} has no choice {value}",
                    def.id
                );
            }
        }
    }
}

/// Checks one cross-field check against the fields it may see.
fn check_refers_to_fields(def: &RegisterDef, fields: &[FieldDef], check: &Check) {
    let kind = |id: &str| {
        fields
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.kind)
            .unwrap_or_else(|| panic!("{}: check names {id}", def.id))
    };
    let has_choice = |id: &str, value: &str| match kind(id) {
        FieldKind::Choice(choices) => choices.contains(&value),
        FieldKind::YesNo | FieldKind::Confirmation => value == "是" || value == "否",
        _ => false,
    };
    match *check {
        Check::Order { start, end } => {
            assert!(
                matches!(kind(start), FieldKind::Date | FieldKind::DateTime),
                "{}: {start}",
                def.id
            );
            assert!(
                matches!(kind(end), FieldKind::Date | FieldKind::DateTime),
                "{}: {end}",
                def.id
            );
        }
        Check::CopyCount { count, numbers } => {
            assert!(
                matches!(kind(count), FieldKind::Quantity { .. }),
                "{}: {count}",
                def.id
            );
            assert!(
                matches!(kind(numbers), FieldKind::CopyNumbers),
                "{}: {numbers}",
                def.id
            );
        }
        Check::Distinct { first, second } => assert_eq!(kind(first), kind(second), "{}", def.id),
        Check::RequiredWhen { field, when, is } => {
            kind(field);
            assert!(
                is.iter().all(|value| has_choice(when, value)),
                "{}: {when}",
                def.id
            );
        }
        Check::ValueWhen {
            field,
            value,
            when,
            is,
        } => {
            assert!(has_choice(field, value), "{}: {field}", def.id);
            assert!(
                is.iter().all(|value| has_choice(when, value)),
                "{}: {when}",
                def.id
            );
        }
        Check::DeclassificationPeriod { post_level, period } => {
            assert!(
                matches!(kind(post_level), FieldKind::PostLevel),
                "{}",
                def.id
            );
            assert!(
                matches!(kind(period), FieldKind::Quantity { .. }),
                "{}",
                def.id
            );
        }
        Check::GradeAtLeastCause { cause, grade } => {
            assert!(matches!(kind(cause), FieldKind::Choice(_)), "{}", def.id);
            assert!(
                matches!(kind(grade), FieldKind::IncidentGrade),
                "{}",
                def.id
            );
        }
        Check::StatutoryTerm { marking, start } => {
            assert!(matches!(kind(marking), FieldKind::Classification(_)), "{}", def.id);
            assert!(matches!(kind(start), FieldKind::Date), "{}", def.id);
        }
    }
}

#[test]
fn checks_refer_to_fields_of_fitting_kinds() {
    for def in all() {
        for check in def.checks {
            check_refers_to_fields(def, def.fields, check);
        }
        if let Some(rows) = def.rows {
            for check in rows.checks {
                check_refers_to_fields(def, rows.fields, check);
            }
        }
    }
}

#[test]
fn cancellation_is_open_from_every_open_status() {
    for def in all() {
        for status in def.statuses {
            let next = def.next_statuses(status.id);
            assert_eq!(
                next.contains(&CANCELLED),
                !status.is_final,
                "{}: {}",
                def.id,
                status.id
            );
        }
    }
}

#[test]
fn record_numbers_use_the_register_prefix() {
    let incoming = by_id("incoming_documents").unwrap();
    let number = incoming.number(2026, 1).unwrap();
    assert_eq!(number.to_string(), "SW-2026-0001");
    assert_eq!(incoming.parse_number("SW-2026-0001").unwrap(), number);
    assert!(incoming.parse_number("FW-2026-0001").is_err());
}
