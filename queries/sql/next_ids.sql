-- next_ids: $1 new source ids. Output columns: id.
SELECT nextval('source_ids') FROM range($1);
