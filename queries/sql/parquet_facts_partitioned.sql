-- parquet_facts_partitioned: writes export_facts.sql's rows to the folder $4,
-- partitioned year=…/region=… (Hive style). $1..$3 are export_facts.sql's
-- filters.
COPY (FROM export_facts($1, $2, $3)) TO $4 (FORMAT parquet, PARTITION_BY (year, region));
