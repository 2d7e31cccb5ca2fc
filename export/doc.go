// Package export owns pairstat's writers: the files of `pairstat export`
// and `run --export` (CSV, JSON and XLSX of the yearly totals, and the
// hand-off of Parquet to the database, which writes it itself), the CSV,
// JSON and aligned tables for people (WriteTotalsTable, WriteTargetsTable,
// WriteAligned) of totals, targets, traces and queries on standard output,
// and atomic writes:
// a file or folder is filled under a temporary name beside its path and
// renamed into place once complete, so a reader never sees half an export.
//
// The formats are declared once, in the table of Formats: name (the
// --format value), file extension, what the file holds and its writer.
//
// Values are plain decimal text from the database and are written with
// their exact digits: CSV as text, JSON as numbers (never through a float),
// XLSX as numbers of 15 significant digits. Years are calendar years; the
// same database gives the same bytes in every format.
package export
