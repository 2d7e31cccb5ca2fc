package xls

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// wild is the folder of real-world spreadsheets (see its SOURCES.md).
const wild = "../../../shared/corpus/wild"

// wildFile is the path of a corpus file; the test is skipped without it.
func wildFile(t testing.TB, name string) string {
	t.Helper()
	path := filepath.Join(wild, name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("corpus file %s absent: %v", name, err)
	}
	return path
}

// open opens the workbook file at path.
func open(t testing.TB, path string, lim Limits) (*Book, error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return openBytes(data, lim)
}

func openBytes(data []byte, lim Limits) (*Book, error) {
	return Open(bytesReaderAt(data), int64(len(data)), lim)
}

// bytesReaderAt reads a byte slice.
type bytesReaderAt []byte

func (b bytesReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off >= int64(len(b)) {
		return 0, io.EOF
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// mustOpen opens a testdata file.
func mustOpen(t testing.TB, name string) *Book {
	t.Helper()
	b, err := open(t, filepath.Join("testdata", name), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sheetRows reads all the rows of a sheet, by row number.
func sheetRows(b *Book, i int) (map[int][]Cell, error) {
	out := map[int][]Cell{}
	rows := b.Rows(i)
	for rows.Next() {
		out[rows.Row().Num] = rows.Row().Cells
	}
	return out, rows.Err()
}

// readAll reads every row of every sheet, as the fuzz target does.
func readAll(b *Book) error {
	for i := range b.Sheets() {
		b.Merged(i)
		if _, err := sheetRows(b, i); err != nil {
			return err
		}
	}
	return nil
}
