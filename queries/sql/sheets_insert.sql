-- sheets_insert: records what sheets were recognised as, one row per (…)
-- tuple: the loader repeats the tuple below once per sheet (queries.values).
INSERT INTO sheets (source_id, sheet, kind, skipped, header_row, region, rows, excluded, "table", first_row, footer_rows)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
