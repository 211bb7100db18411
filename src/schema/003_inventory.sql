-- Annual inventories (年度清查): one row per inventory of a register, and every line scanned
-- into it, so that an inventory taking several days survives restarts. The closing report is
-- a record of the `inventories` register, and `report` stores its number.

CREATE TABLE inventories (
    id         INTEGER PRIMARY KEY,
    register   TEXT NOT NULL,
    started_at TEXT NOT NULL,
    started_by TEXT NOT NULL,
    closed_at  TEXT,
    closed_by  TEXT,
    report     TEXT,
    CHECK ((closed_at IS NULL) = (closed_by IS NULL) AND (closed_at IS NULL) = (report IS NULL))
);

-- At most one open inventory per register.
CREATE UNIQUE INDEX inventories_one_open ON inventories(register) WHERE closed_at IS NULL;

-- Every line scanned or typed into an inventory, in order. `line` is the text as entered
-- (trimmed), `code` its normalised form that is matched against the register.
CREATE TABLE inventory_scans (
    inventory_id INTEGER NOT NULL REFERENCES inventories(id),
    seq          INTEGER NOT NULL,
    line         TEXT NOT NULL,
    code         TEXT NOT NULL,
    scanned_at   TEXT NOT NULL,
    scanned_by   TEXT NOT NULL,
    PRIMARY KEY (inventory_id, seq)
) WITHOUT ROWID;

-- Inventories and their scans are evidence: nothing is deleted, scans never change, and a
-- closed inventory stays as it was closed.
CREATE TRIGGER inventories_no_delete BEFORE DELETE ON inventories
BEGIN
    SELECT RAISE(ABORT, 'inventories are never deleted');
END;

CREATE TRIGGER inventories_closed_final BEFORE UPDATE ON inventories WHEN OLD.closed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a closed inventory does not change');
END;

CREATE TRIGGER inventory_scans_no_update BEFORE UPDATE ON inventory_scans
BEGIN
    SELECT RAISE(ABORT, 'inventory scans are immutable');
END;

CREATE TRIGGER inventory_scans_no_delete BEFORE DELETE ON inventory_scans
BEGIN
    SELECT RAISE(ABORT, 'inventory scans are immutable');
END;
