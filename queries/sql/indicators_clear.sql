-- indicators_clear: empties the indicators table before the catalog is
-- written into it (queries.SyncCatalog).
DELETE FROM indicators;
