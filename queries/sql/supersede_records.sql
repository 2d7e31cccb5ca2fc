-- supersede_records: marks the rejected, duplicate and ignored records of
-- a path ($2) as superseded by its new record $1: once a path has a newer
-- version, they are its history, and a path's current status is its
-- newest record's. They have no rows to delete. No output columns.
UPDATE sources SET status = 'superseded', superseded_by = $1
WHERE path = $2 AND status IN ('rejected', 'duplicate', 'ignored');
