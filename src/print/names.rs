//! Names for the numbers records refer to: a person's name for an RY number, an account's
//! display name for an account name.
//!
//! A form shows the names of the people it concerns even to an account that may not read the
//! personnel register (a 经办人 printing a usage logbook): the name is part of what the form
//! records, not a look into the register. ID and phone numbers are never shown this way.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;

/// Cached lookups of person and account names over one vault connection.
pub(crate) struct Names<'c> {
    conn: &'c Connection,
    people: HashMap<String, String>,
}

impl<'c> Names<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Names<'c> {
        Names { conn, people: HashMap::new() }
    }

    pub(crate) fn conn(&self) -> &'c Connection {
        self.conn
    }

    /// The name on the personnel record `number`, or the number itself if there is none.
    pub(crate) fn person(&mut self, number: &str) -> Result<String> {
        if let Some(name) = self.people.get(number) {
            return Ok(name.clone());
        }
        let name: Option<String> = self
            .conn
            .query_row(
                "SELECT json_extract(data, '$.fields.name') FROM records WHERE number = ?1 AND register = 'personnel'",
                [number],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let name = name.unwrap_or_else(|| number.to_string());
        self.people.insert(number.to_string(), name.clone());
        Ok(name)
    }

    /// A person's name from an optional field value; empty when the field is empty.
    pub(crate) fn person_opt(&mut self, number: Option<&str>) -> Result<String> {
        match number {
            Some(number) => self.person(number),
            None => Ok(String::new()),
        }
    }

    /// The display name of an account, or the account name if there is none.
    pub(crate) fn account(&self, name: &str) -> Result<String> {
        let display: Option<String> = self
            .conn
            .query_row("SELECT display_name FROM accounts WHERE name = ?1", [name], |r| r.get(0))
            .optional()?;
        Ok(match display {
            Some(display) if !display.is_empty() && display != name => format!("{display}（{name}）"),
            _ => name.to_string(),
        })
    }
}
