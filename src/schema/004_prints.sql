-- Printed forms: one row per print, under its serial number (PR-2026-000123). The serial is
-- printed on every page with a QR code, so a slip scanned back finds its row here. `audit_seq`
-- is the audit entry that records the print; its chain head is printed on the pages.

CREATE TABLE prints (
    serial     TEXT PRIMARY KEY,
    year       INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    form       TEXT NOT NULL,
    target     TEXT NOT NULL,
    printed_by TEXT NOT NULL,
    printed_at TEXT NOT NULL,
    audit_seq  INTEGER NOT NULL,
    UNIQUE (year, seq)
);

-- A print happened: its row is evidence and never changes.
CREATE TRIGGER prints_no_update BEFORE UPDATE ON prints
BEGIN
    SELECT RAISE(ABORT, 'prints are never changed');
END;

CREATE TRIGGER prints_no_delete BEFORE DELETE ON prints
BEGIN
    SELECT RAISE(ABORT, 'prints are never deleted');
END;
