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
	FixZh string // the same advice in Chinese ("" when not translated)
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

// Advice is what a user should do about a problem, in English and Chinese.
type Advice struct{ En, Zh string }

// At returns a CellError at the given place with this advice.
func (a Advice) At(file, sheet, cell, value string, err error) *CellError {
	return &CellError{File: file, Sheet: sheet, Cell: cell, Value: value, Err: err, Fix: a.En, FixZh: a.Zh}
}

// Advice for file-level problems.
var (
	// FixResave asks for the file to be saved again by Excel.
	FixResave = Advice{
		En: "open the file in Excel and save it again as .xlsx",
		Zh: "用 Excel 打开该文件，另存为 .xlsx 格式"}
	fixReadable = Advice{
		En: "check that the file exists and can be read",
		Zh: "检查文件是否存在、是否有读取权限"}
	fixLegacy = Advice{
		En: "open it in Excel and save it as .xlsx (Excel Workbook) without a password",
		Zh: "用 Excel 打开，取消密码后另存为 .xlsx（Excel 工作簿）"}
	fixSaveAsXlsx = Advice{
		En: "open it in its program and save it as .xlsx (Excel Workbook)",
		Zh: "用原程序打开，另存为 .xlsx（Excel 工作簿）"}
)
