-- Core schema: vault metadata, accounts, settings and the audit chain.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Accounts are never deleted: a disabled account keeps its row and its history.
CREATE TABLE accounts (
    name                TEXT PRIMARY KEY,
    display_name        TEXT NOT NULL,
    role                TEXT NOT NULL,
    department          TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    must_change         INTEGER NOT NULL,
    password_changed_at TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    last_login_at       TEXT,
    version             INTEGER NOT NULL
);

-- Every state an account has been in, with who changed it, when and why.
CREATE TABLE account_versions (
    name      TEXT NOT NULL REFERENCES accounts(name),
    version   INTEGER NOT NULL,
    at        TEXT NOT NULL,
    by        TEXT NOT NULL,
    reason    TEXT NOT NULL,
    snapshot  TEXT NOT NULL,
    PRIMARY KEY (name, version)
);

-- Argon2id hashes of recent passwords, to reject reuse.
CREATE TABLE password_history (
    name  TEXT NOT NULL REFERENCES accounts(name),
    at    TEXT NOT NULL,
    salt  BLOB NOT NULL,
    hash  BLOB NOT NULL
);
CREATE INDEX password_history_by_name ON password_history(name, at);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL
);

-- The audit chain: mac = HMAC-SHA256(audit key, seq, at, account, action, target, digest,
-- prev_mac). Append-only: the triggers below reject updates and deletes.
CREATE TABLE audit_log (
    seq      INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    account  TEXT NOT NULL,
    action   TEXT NOT NULL,
    target   TEXT NOT NULL,
    digest   BLOB NOT NULL,
    prev_mac BLOB NOT NULL,
    mac      BLOB NOT NULL
);
CREATE INDEX audit_log_by_account ON audit_log(account, seq);
CREATE INDEX audit_log_by_action ON audit_log(action, seq);
CREATE INDEX audit_log_by_time ON audit_log(at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
