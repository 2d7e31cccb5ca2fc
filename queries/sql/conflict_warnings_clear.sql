-- conflict_warnings_clear: deletes the warnings of conflicts between
-- figures and between targets (kinds ledger, restated and restated
-- target; see conflicts.sql), which are recorded anew after every load for
-- the database as it then is.
DELETE FROM warnings WHERE kind IN ('ledger', 'restated', 'restated target');
