// Package queries owns pairstat's DuckDB database: its schema, the loading of
// transformed workbooks (Arrow record batches: a workbook is stored in one
// transaction, streamed batch by batch as it is read (Loading), or with
// other small ones in one transaction (LoadAll)), the inbox bookkeeping
// (sources, rejects; CacheSources keeps them in memory for a run) and the
// SQL that computes yearly totals. Every statement lives in an embedded
// .sql file under sql/ and every result is ordered.
//
// Money and counts are DECIMAL(18,6) in the catalog unit (万元 for money,
// 个 for counts); dates are DATE (calendar dates, no time zone); sums are
// exact. Values are returned as plain decimal text.
package queries
