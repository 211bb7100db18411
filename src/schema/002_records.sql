-- Register records: the current state of each record, every version of it, the references it
-- makes, per-register yearly number sequences, and a trigram full-text index.

CREATE TABLE number_sequences (
    register TEXT NOT NULL,
    year     INTEGER NOT NULL,
    last     INTEGER NOT NULL,
    PRIMARY KEY (register, year)
) WITHOUT ROWID;

-- The current version of each record. `data` is the canonical text of every field, as JSON
-- {"fields": {...}, "rows": [{...}]}; the columns after it are copies for indexed queries.
CREATE TABLE records (
    id           INTEGER PRIMARY KEY,
    register     TEXT NOT NULL,
    number       TEXT NOT NULL UNIQUE,
    status       TEXT NOT NULL,
    version      INTEGER NOT NULL,
    data         TEXT NOT NULL,
    primary_date TEXT,
    person       TEXT,
    device       TEXT,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL
);
CREATE INDEX records_by_date ON records(register, primary_date);
CREATE INDEX records_by_device ON records(register, device, primary_date) WHERE device IS NOT NULL;
CREATE INDEX records_by_person ON records(register, person, primary_date) WHERE person IS NOT NULL;
CREATE INDEX records_by_status ON records(register, status);

-- Every version of every record, with who made it, when and why.
CREATE TABLE record_versions (
    record_id INTEGER NOT NULL REFERENCES records(id),
    version   INTEGER NOT NULL,
    at        TEXT NOT NULL,
    by        TEXT NOT NULL,
    reason    TEXT NOT NULL,
    status    TEXT NOT NULL,
    data      TEXT NOT NULL,
    PRIMARY KEY (record_id, version)
) WITHOUT ROWID;

-- References from a record (top-level fields and rows) to people, devices and other records,
-- rebuilt with each version. `kind` is the field id.
CREATE TABLE record_links (
    record_id INTEGER NOT NULL REFERENCES records(id),
    field     TEXT NOT NULL,
    target    TEXT NOT NULL
);
CREATE INDEX record_links_by_target ON record_links(target, field);
CREATE INDEX record_links_by_record ON record_links(record_id);

-- Free text of each record's searchable fields; rowid = records.id. The trigram tokenizer
-- matches any run of three or more characters, which suits Chinese without word splitting.
CREATE VIRTUAL TABLE records_fts USING fts5(body, tokenize = 'trigram');

-- Nothing is deleted: a cancellation is a status with a reason.
CREATE TRIGGER records_no_delete BEFORE DELETE ON records
BEGIN
    SELECT RAISE(ABORT, 'records are never deleted');
END;

CREATE TRIGGER record_versions_no_update BEFORE UPDATE ON record_versions
BEGIN
    SELECT RAISE(ABORT, 'record versions are immutable');
END;

CREATE TRIGGER record_versions_no_delete BEFORE DELETE ON record_versions
BEGIN
    SELECT RAISE(ABORT, 'record versions are immutable');
END;
