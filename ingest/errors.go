package ingest

import (
	"errors"
	"strings"
)

// Causes of rejected files, wrapped by CellError.
var (
	// ErrNotWorkbook: the file is not an Office Open XML workbook.
	ErrNotWorkbook = errors.New("not an .xlsx workbook")
	// ErrLegacyOrEncrypted: an OLE2 file, a legacy .xls or a password-protected workbook.
	ErrLegacyOrEncrypted = errors.New("legacy .xls or password-protected workbook")
	// ErrTruncated: a sheet's XML ends before its closing tag.
	ErrTruncated = errors.New("sheet data is truncated")
)

// CellError is a problem at a place in a workbook: a cell, a whole sheet
// (Cell empty) or the whole file (Sheet empty). It wraps its cause.
type CellError struct {
	File  string // path as the user gave it, or relative to the inbox
	Sheet string
	Cell  string // like "C7"
	Value string // the offending cell text, if any
	Err   error  // the cause, e.g. parse.ErrNotNumber
	Fix   string // what the user should do, in plain words
}

// Error formats the position, the cause and the fix on one line.
func (e *CellError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		b.WriteString(": sheet ")
		b.WriteString(e.Sheet)
	}
	if e.Cell != "" {
		b.WriteString(": cell ")
		b.WriteString(e.Cell)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	if e.Fix != "" {
		b.WriteString(" (fix: ")
		b.WriteString(e.Fix)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *CellError) Unwrap() error { return e.Err }
