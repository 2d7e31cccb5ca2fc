-- parquet_targets: writes targets.sql's rows (the export_targets macro), in
-- its order, to the Parquet file $4. $1..$3 are targets.sql's filters.
COPY (FROM export_targets($1, $2, $3)) TO $4 (FORMAT parquet);
