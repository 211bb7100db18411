-- The SHA-256 of the file each imported row came from. With the row number it finds a row
-- imported before even when the mapping or a fixed value has changed since, so a corrected
-- re-import of the same file adds no second record: the earlier record is corrected instead.
-- Rows imported before this column existed have it empty and are found by content only.
ALTER TABLE imported_rows ADD COLUMN source_sha256 TEXT;

CREATE INDEX imported_rows_source ON imported_rows(register, source_sha256, source_row);
