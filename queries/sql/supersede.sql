-- supersede: marks the loaded sources of a path ($2) as superseded by the
-- new source $1. No output columns.
UPDATE sources SET status = 'superseded', superseded_by = $1
WHERE path = $2 AND status = 'loaded';
