-- touch: a new modification time $1 for source $2. No output columns.
UPDATE sources SET modified = $1 WHERE id = $2;
