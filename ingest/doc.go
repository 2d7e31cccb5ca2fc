// Package ingest reads spreadsheets as streams of raw cell values, sheet
// by sheet, with every value keeping its position: Excel workbooks
// (.xlsx and .xlsm through excelize; .xls and WPS's .et, Excel 97–2003's
// BIFF8, through package xls, see xls.go) and CSV files (one sheet named
// after the file, its encoding and separator detected; see csv.go). Every
// format yields the same row stream (source.go); the file's content, not
// its name, says which format it is in, but for CSV.
//
// It owns the file: format sniffing (password-protected, older and other
// formats are named, not misread; see sniff.go), the file's integrity (a file or a
// sheet that is cut off or damaged is rejected, never read as fewer rows;
// see verify.go), the workbook's date system, and the row stream of each
// sheet. Values are the cells' stored (raw) texts: numbers as Excel wrote
// them, shared and inline strings as text, formulas through their cached
// values; nothing is formatted. Rows and columns are 1-based, as in Excel;
// a cell is named like "C7".
//
// Errors that concern a place in a workbook are *CellError values, which
// carry file, sheet and cell and wrap the cause (ErrNotWorkbook,
// ErrEncrypted, ErrLegacy, ErrTruncated, ErrDamaged, ErrLimit). A panic
// inside the excelize reader never escapes: it becomes an ErrDamaged
// CellError.
//
// Files come from anywhere, so reading one is bounded (see Limits and
// limits.go): before excelize sees a workbook, its zip directory is
// checked (members, declared sizes, sizes no compression can give, names
// pointing outside the archive; package.go), its structure is read to
// find the parts that hold its sheets and shared strings, and excelize is
// handed a copy of the archive holding only those, so that images,
// styles and other parts pairstat does not use are never unpacked. The
// XML of the shared strings (at Open) and of each sheet's rows (ahead of
// the row stream, ahead.go) is counted before excelize decodes it
// (census.go): rows, cells, entries, the length of every token, and no
// document type declaration. The cells of a sheet are read by pairstat's
// own byte-level scanner of the sheet's XML, with shared strings from a
// compact table read once (sheetxml.go, sharedtext.go, xmllex.go): the
// same rows and values as excelize's row stream, which reads any sheet,
// or the rest of one, in a form the scanner does not read (sheetrows.go).
// The row stream then checks what only it can see: row and column
// numbers, the characters of each cell, the text of the workbook and its
// time.
//
// # Words
//
// This package is the reader: it reads, and only reads. A Workbook is a
// spreadsheet file open for reading (any format, CSV included), not the
// converted tables (transform's Result) nor a workbook as it is stored
// (queries.Workbook). Taking files into the database is a load (package
// pipeline); "ingest" otherwise names only the `pairstat ingest` command.
package ingest
