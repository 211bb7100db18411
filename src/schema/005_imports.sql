-- Rows brought in from legacy registers (XLSX or CSV). `digest` is the SHA-256 of the
-- register id and the record's canonical content as imported, so importing the same file (or
-- the same row from another file) again finds the row here and skips it. Each row also names
-- the file and row the record came from.

CREATE TABLE imported_rows (
    register    TEXT NOT NULL,
    digest      TEXT NOT NULL,
    source_file TEXT NOT NULL,
    source_row  INTEGER NOT NULL,
    record_id   INTEGER NOT NULL REFERENCES records(id),
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    PRIMARY KEY (register, digest)
);

CREATE INDEX imported_rows_record ON imported_rows(record_id);

-- The provenance of an imported record is evidence and never changes.
CREATE TRIGGER imported_rows_no_update BEFORE UPDATE ON imported_rows
BEGIN
    SELECT RAISE(ABORT, 'imported rows are never changed');
END;

CREATE TRIGGER imported_rows_no_delete BEFORE DELETE ON imported_rows
BEGIN
    SELECT RAISE(ABORT, 'imported rows are never deleted');
END;
