-- supersede: marks the loaded sources of a path ($2) as superseded by the
-- new source $1, which replaces them (a rejection does not: see
-- queries.supersede). No output columns.
UPDATE sources SET status = 'superseded', superseded_by = $1
WHERE path = $2 AND status = 'loaded';
