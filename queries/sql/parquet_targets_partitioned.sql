-- parquet_targets_partitioned: writes targets.sql's rows to the folder $4,
-- partitioned year=…/region=… (Hive style). $1..$3 are targets.sql's
-- filters.
COPY (FROM export_targets($1, $2, $3)) TO $4 (FORMAT parquet, PARTITION_BY (year, region));
