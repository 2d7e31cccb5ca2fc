// Package queries owns pairstat's DuckDB database: its schema, the loading of
// transformed workbooks (Arrow record batches: a workbook is stored in one
// transaction, streamed batch by batch as it is read (Loading), or with
// other small ones in one transaction (LoadAll)), the inbox bookkeeping
// (sources, rejects; CacheSources keeps them in memory for a run) and the
// SQL that computes yearly totals.
//
// What lives where:
//   - sql/schema.sql declares the tables and every rule as one view:
//     ledger_facts (which ledger column feeds which indicator, and the date
//     it counts on), indicator_facts and indicator_cells (every cell that
//     can count), fact_status (whether a cell counts, and why not), the
//     ledger and figure totals and totals (the yearly totals). totals.sql,
//     trace.sql and the exports read these views; none repeats a rule.
//   - Every other statement is a file sql/name.sql, embedded by go:embed
//     into a string variable of its own (statements.go), so a missing file
//     fails the build. Those variables are set once and never written: the
//     package has no mutable state of its own. The exports' queries are
//     table macros of schema.sql (export_totals, export_facts), so that
//     their Parquet copies (sql/parquet_*.sql, the file name a bound
//     parameter) read the same rows. No SQL text is built in Go but an
//     ad-hoc query's (Query) and values' repeated tuple.
//   - The tables' columns are declared once, by transform.Schema; the load
//     inserts Arrow batches by column name (sql/insert_<table>.sql), and
//     TestSchemaMatchesDeclaration checks schema.sql's tables against the
//     declaration, names and types in order.
//   - queryRows is the one query-and-scan loop; values repeats the one
//     tuple of an embedded INSERT … VALUES for a multi-row insert.
//
// Money and counts are DECIMAL(18,6) in the catalog unit (万元 for money,
// 个 for counts); dates are DATE (calendar dates, no time zone); sums are
// exact. Values are returned as plain decimal text. Every result is ordered.
package queries
