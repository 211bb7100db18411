//! The audit chain: an append-only, HMAC-SHA256-linked log of every write, login, failed login,
//! lockout, denial, print and reveal.
//!
//! Entry `n` carries `mac_n = HMAC(k, n, at, account, action, target, digest, mac_{n-1})`, with
//! `k` derived from the data key, so changing, reordering or deleting any entry breaks every MAC
//! from there on, and no one without the data key can forge a replacement. Truncating the tail
//! leaves a valid shorter chain, so the head (sequence and MAC) is also kept in the keyring and
//! printed on every PDF; [`check_head`] compares the two on open.

use rusqlite::{params, Connection, OptionalExtension};

use crate::crypto::{self, DataKey};
use crate::error::{Code, Error, Result};
use crate::keyring::ChainHead;

/// The MAC of the entry before the first one.
const GENESIS_MAC: [u8; 32] = [0u8; 32];

/// One audit entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub seq: u64,
    pub at: String,
    pub account: String,
    pub action: String,
    pub target: String,
    pub digest: Vec<u8>,
    pub prev_mac: Vec<u8>,
    pub mac: Vec<u8>,
}

/// The key that signs audit entries.
pub struct AuditKey(zeroize::Zeroizing<[u8; 32]>);

impl AuditKey {
    pub fn from_data_key(key: &DataKey) -> AuditKey {
        AuditKey(key.derive("audit chain mac"))
    }
}

/// The content of an entry, before it is sequenced and signed.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub at: String,
    pub account: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    /// The change itself (for example a record version as JSON); only its SHA-256 is stored.
    pub change: &'a [u8],
}

fn entry_mac(key: &AuditKey, seq: u64, at: &str, account: &str, action: &str, target: &str, digest: &[u8], prev_mac: &[u8]) -> [u8; 32] {
    crypto::mac(
        &key.0,
        &[
            &seq.to_be_bytes(),
            at.as_bytes(),
            account.as_bytes(),
            action.as_bytes(),
            target.as_bytes(),
            digest,
            prev_mac,
        ],
    )
}

/// Returns the current head of the chain in the database: sequence 0 and the genesis MAC when
/// empty.
pub fn head(conn: &Connection) -> Result<ChainHead> {
    let row: Option<(u64, Vec<u8>)> = conn
        .prepare_cached("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match row {
        Some((seq, mac)) => ChainHead { seq, mac },
        None => ChainHead { seq: 0, mac: GENESIS_MAC.to_vec() },
    })
}

/// Appends one entry; call it inside the transaction that makes the change, so the change and
/// its entry commit together or not at all.
pub fn append(conn: &Connection, key: &AuditKey, event: &Event<'_>) -> Result<ChainHead> {
    let prev = head(conn)?;
    let seq = prev.seq + 1;
    let digest = crypto::sha256(event.change);
    let mac = entry_mac(key, seq, &event.at, event.account, event.action, event.target, &digest, &prev.mac);
    conn.prepare_cached(
        "INSERT INTO audit_log(seq, at, account, action, target, digest, prev_mac, mac)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![seq, event.at, event.account, event.action, event.target, &digest[..], prev.mac, &mac[..]])?;
    Ok(ChainHead { seq, mac: mac.to_vec() })
}

/// The result of a full verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub entries: u64,
    pub head: ChainHead,
}

/// Checks every entry in order: sequence numbers contiguous from 1, each `prev_mac` equal to the
/// previous entry's MAC, each MAC recomputed. Reports the first broken entry.
pub fn verify(conn: &Connection, key: &AuditKey) -> Result<Verified> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, account, action, target, digest, prev_mac, mac FROM audit_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_seq = 1u64;
    let mut prev_mac = GENESIS_MAC.to_vec();
    while let Some(row) = rows.next()? {
        let seq: u64 = row.get(0)?;
        let broken = |reason: &str| Error::new(Code::AuditBroken).arg("seq", expected_seq).arg("reason", reason.to_string());
        if seq != expected_seq {
            return Err(broken(&format!("缺少第 {expected_seq} 条，下一条是第 {seq} 条")));
        }
        let at: String = row.get(1)?;
        let account: String = row.get(2)?;
        let action: String = row.get(3)?;
        let target: String = row.get(4)?;
        let digest: Vec<u8> = row.get(5)?;
        let stored_prev: Vec<u8> = row.get(6)?;
        let mac: Vec<u8> = row.get(7)?;
        if !crypto::mac_eq(&stored_prev, &prev_mac) {
            return Err(broken("与前一条的链接不符"));
        }
        let computed = entry_mac(key, seq, &at, &account, &action, &target, &digest, &prev_mac);
        if !crypto::mac_eq(&computed, &mac) {
            return Err(broken("消息认证码不符"));
        }
        prev_mac = mac;
        expected_seq += 1;
    }
    Ok(Verified { entries: expected_seq - 1, head: ChainHead { seq: expected_seq - 1, mac: prev_mac } })
}

/// Compares the database's chain with the head recorded in the keyring. A database behind the
/// keyring, or one whose entry at the keyring's sequence has another MAC, was rolled back or
/// replaced. A database ahead of the keyring is fine: the process stopped after a commit and
/// before the keyring was updated.
pub fn check_head(conn: &Connection, recorded: &ChainHead) -> Result<ChainHead> {
    let current = head(conn)?;
    let rolled_back = || {
        Error::new(Code::AuditRolledBack)
            .arg("found", current.seq)
            .arg("expected", recorded.seq)
            .arg("code", short_code(recorded))
    };
    if current.seq < recorded.seq {
        return Err(rolled_back());
    }
    if recorded.seq > 0 {
        let mac: Option<Vec<u8>> = conn
            .query_row("SELECT mac FROM audit_log WHERE seq = ?1", [recorded.seq], |r| r.get(0))
            .optional()?;
        if !mac.is_some_and(|m| crypto::mac_eq(&m, &recorded.mac)) {
            return Err(rolled_back());
        }
    }
    Ok(current)
}

/// Returns a code a person can copy from paper: the first 40 bits of the head MAC in Crockford base32,
/// as `XXXX-XXXX`.
pub fn short_code(head: &ChainHead) -> String {
    let bytes = head.mac.get(..5).unwrap_or(&[0u8; 5][..]);
    let text = crypto::to_base32(bytes);
    format!("{}-{}", &text[..4], &text[4..8])
}

/// Filters for [`list`]. Times are stored UTC RFC 3339 text, compared as text.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub account: Option<String>,
    pub action: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// Only entries older than this sequence number, for paging back through the chain.
    pub before_seq: Option<u64>,
    pub limit: Option<u32>,
}

/// Lists entries matching `filter`, newest first.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Entry>> {
    let mut sql = String::from(
        "SELECT seq, at, account, action, target, digest, prev_mac, mac FROM audit_log WHERE 1 = 1",
    );
    let mut values: Vec<String> = Vec::new();
    if let Some(account) = &filter.account {
        values.push(account.clone());
        sql.push_str(&format!(" AND account = ?{}", values.len()));
    }
    if let Some(action) = &filter.action {
        // An action family: `account` matches `account.add`, `account.lock`, ...
        values.push(action.clone());
        let n = values.len();
        sql.push_str(&format!(" AND (action = ?{n} OR action LIKE ?{n} || '.%')"));
    }
    if let Some(since) = &filter.since {
        values.push(since.clone());
        sql.push_str(&format!(" AND at >= ?{}", values.len()));
    }
    if let Some(until) = &filter.until {
        values.push(until.clone());
        sql.push_str(&format!(" AND at < ?{}", values.len()));
    }
    if let Some(before) = filter.before_seq {
        sql.push_str(&format!(" AND seq < {before}"));
    }
    sql.push_str(" ORDER BY seq DESC");
    if let Some(limit) = filter.limit {
        sql.push_str(&format!(" LIMIT {limit}"));
    }
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(values.iter()), |r| {
        Ok(Entry {
            seq: r.get(0)?,
            at: r.get(1)?,
            account: r.get(2)?,
            action: r.get(3)?,
            target: r.get(4)?,
            digest: r.get(5)?,
            prev_mac: r.get(6)?,
            mac: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
