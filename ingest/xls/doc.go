// Package xls reads Excel 97–2003 workbooks (BIFF8, the .xls format; WPS
// Spreadsheets' .et is the same format) into rows of raw cell values, in the
// form package ingest streams an .xlsx: numbers as plain decimals rounded to
// 15 significant digits, dates as their serial numbers marked by type,
// formulas through their cached results, text as stored.
//
// Open reads the OLE2 compound file (with github.com/richardlehane/mscfb),
// takes its Workbook stream into memory (bounded by Limits.StreamSize and by
// the file's own size) and reads the workbook globals: the date system
// (DATEMODE), the cell formats (XF, FORMAT) that tell dates from numbers,
// the sheets (BOUNDSHEET8) and the shared strings (SST, continued across
// CONTINUE records, each of which restates the compression flag of a string
// it continues). Rows then streams one worksheet's cells in row order;
// Merged lists its merged ranges.
//
// Every length and offset read from the file is bounded: a record is at most
// 8,224 bytes (BIFF8's own limit), a row at most 65,536 and a column at most
// 256, and Limits caps the rest. A damaged file fails with an error wrapping
// ErrFormat, a password-protected one (FILEPASS) with ErrEncrypted, an older
// format (BIFF2–5: Excel 2.x to 95) with ErrVersion, and a file beyond a
// limit with ErrLimit. The OLE2 reader's own panics are recovered as
// ErrFormat.
package xls
