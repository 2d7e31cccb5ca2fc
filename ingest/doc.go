// Package ingest reads Excel workbooks (.xlsx) as streams of raw cell
// values, sheet by sheet, with every value keeping its position.
//
// It owns the file: format sniffing (legacy and encrypted files are named,
// not misread), the workbook's date system, and the row stream of each
// sheet. Values are the cells' stored (raw) texts: numbers as Excel wrote
// them, shared and inline strings as text, formulas through their cached
// values; nothing is formatted. Rows and columns are 1-based, as in Excel;
// a cell is named like "C7".
//
// Errors that concern a place in a workbook are *CellError values, which
// carry file, sheet and cell and wrap the cause.
package ingest
