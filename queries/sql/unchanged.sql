-- unchanged: the newest record of path $1 when it has size $2 and
-- modification time $3 (no row otherwise).
-- Output columns: status, id.
SELECT status, id FROM (
    SELECT status, id, size, modified FROM sources WHERE path = $1 ORDER BY id DESC LIMIT 1
) WHERE size = $2 AND modified = $3;
