-- indicators: the catalog's indicators as the database holds them, to tell
-- whether an open must rewrite them (queries.SyncCatalog).
-- Output columns: code, position, name_zh, name_en, area, unit.
SELECT code, position, name_zh, name_en, area, unit FROM indicators ORDER BY position;
