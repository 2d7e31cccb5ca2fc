-- conflict_warnings_clear: deletes the warnings of conflicts between
-- figures (kinds ledger and restated; see conflicts.sql), which are
-- recorded anew after every load for the database as it then is.
DELETE FROM warnings WHERE kind IN ('ledger', 'restated');
