// Package ingest reads Excel workbooks (.xlsx) as streams of raw cell
// values, sheet by sheet, with every value keeping its position.
//
// It owns the file: format sniffing (legacy, encrypted and other formats
// are named, not misread; see sniff.go), the file's integrity (a file or a
// sheet that is cut off or damaged is rejected, never read as fewer rows;
// see verify.go), the workbook's date system, and the row stream of each
// sheet. Values are the cells' stored (raw) texts: numbers as Excel wrote
// them, shared and inline strings as text, formulas through their cached
// values; nothing is formatted. Rows and columns are 1-based, as in Excel;
// a cell is named like "C7".
//
// Errors that concern a place in a workbook are *CellError values, which
// carry file, sheet and cell and wrap the cause (ErrNotWorkbook,
// ErrLegacyOrEncrypted, ErrTruncated, ErrDamaged). A panic inside the
// excelize reader never escapes: it becomes an ErrDamaged CellError.
package ingest
