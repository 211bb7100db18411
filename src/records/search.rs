//! The two full-text indexes of the records. `records_fts` (FTS5, trigram tokenizer) serves
//! searches of three or more characters. `records_bigrams` (FTS5, unicode61 tokenizer) contains
//! every pair of adjacent letters or digits as a word of its own, so that a two-character
//! search, which is most Chinese words and many names, is served by an index too. A single
//! character still scans the text.

use rusqlite::{params, Connection};

use crate::error::Result;

/// Returns the pairs of adjacent characters of every run of letters and digits in `text`,
/// separated by spaces: "签报 BM-1" gives "签报 bm". Letters are lowercased as the unicode61
/// tokenizer folds a query.
pub(crate) fn bigrams(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut previous: Option<char> = None;
    for c in text.chars().flat_map(char::to_lowercase) {
        if !c.is_alphanumeric() {
            previous = None;
            continue;
        }
        if let Some(first) = previous {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push(first);
            out.push(c);
        }
        previous = Some(c);
    }
    out
}

/// Indexes the search text `body` of record `id` in both indexes.
pub(crate) fn index(conn: &Connection, id: i64, body: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO records_fts(rowid, body) VALUES (?1, ?2)")?.execute(params![id, body])?;
    conn.prepare_cached("INSERT INTO records_bigrams(rowid, pairs) VALUES (?1, ?2)")?.execute(params![id, bigrams(body)])?;
    Ok(())
}

/// Removes record `id` from both indexes, before it is indexed again with its new text.
pub(crate) fn unindex(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM records_fts WHERE rowid = ?1")?.execute([id])?;
    conn.prepare_cached("DELETE FROM records_bigrams WHERE rowid = ?1")?.execute([id])?;
    Ok(())
}

/// Fills the pair index from the trigram index's text, for a vault made before the pair index
/// existed. Runs inside the migration's transaction.
pub(crate) fn fill_bigrams(conn: &Connection) -> Result<()> {
    let mut read = conn.prepare("SELECT rowid, body FROM records_fts")?;
    let mut write = conn.prepare("INSERT INTO records_bigrams(rowid, pairs) VALUES (?1, ?2)")?;
    let mut rows = read.query([])?;
    while let Some(row) = rows.next()? {
        let (id, body): (i64, String) = (row.get(0)?, row.get(1)?);
        write.execute(params![id, bigrams(&body)])?;
    }
    Ok(())
}

/// Builds the SQL condition and its value that select the records whose text contains `text`
/// (already trimmed and not empty). `?N` stands for the value's parameter number.
pub(crate) fn text_condition(text: &str) -> (&'static str, String) {
    let quoted = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
    let chars = text.chars().count();
    if chars >= 3 {
        ("id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?N)", quoted(text))
    } else if chars == 2 && text.chars().all(char::is_alphanumeric) {
        ("id IN (SELECT rowid FROM records_bigrams WHERE records_bigrams MATCH ?N)", quoted(&text.to_lowercase()))
    } else {
        let pattern = format!("%{}%", text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        ("id IN (SELECT rowid FROM records_fts WHERE body LIKE ?N ESCAPE '\\')", pattern)
    }
}

#[cfg(test)]
mod tests {
    use super::bigrams;

    #[test]
    fn bigrams_of_runs() {
        assert_eq!(bigrams("签报"), "签报");
        assert_eq!(bigrams("会议纪要"), "会议 议纪 纪要");
        assert_eq!(bigrams("《通知》 BM-U1"), "通知 bm u1");
        assert_eq!(bigrams("张 三"), "");
        assert_eq!(bigrams(""), "");
    }
}
