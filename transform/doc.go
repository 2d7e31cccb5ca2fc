// Package transform turns the raw rows of a workbook into record batches of
// pairstat's canonical tables (projects, funds, assistance, figures, and
// targets: the yearly targets of indicator tables, never values).
//
// It owns the catalog (catalog.yaml, embedded; the only place that knows
// names, aliases, units, status words) and uses it to recognise each sheet's
// kind by its header row, to find the region and year, to mark total and
// breakdown rows, and to convert every value: money into 万元 and counts into
// 个 as exact decimals (DECIMAL(18,6) in Arrow), dates into Date32. Every row
// keeps its sheet and row number and the cells its values came from.
// Problems are *ingest.CellError values collected in the Result.
//
// A sheet is read on a goroutine of its own (readahead.go) while the rows
// already read are converted, and Stream hands each record batch (8,192
// rows at most) on as soon as it is complete, so that converting and
// loading a large workbook hide behind reading it and it is never held in
// memory whole. Converting a row allocates nothing of its own: rows are
// built of vals, not interfaces, into reused builders.
package transform
