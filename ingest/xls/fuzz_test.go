package xls

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzOpen opens arbitrary bytes as a workbook and reads every row of
// every sheet: it must return or fail, never panic or hang. The seeds are
// the testdata files and the corpus's .xls files, when present.
func FuzzOpen(f *testing.F) {
	var seeds []string
	for _, dir := range []string{"testdata", wild} {
		for _, pattern := range []string{"*.xls", "*.XLS"} {
			more, _ := filepath.Glob(filepath.Join(dir, pattern))
			seeds = append(seeds, more...)
		}
	}
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	lim := Limits{StreamSize: 8 << 20, Sheets: 64, Strings: 100_000, StringBytes: 8 << 20, CellText: 32767, Rows: 65536, Cols: 256}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := openBytes(data, lim)
		if err != nil {
			return
		}
		_ = readAll(b)
		IsEncryptedOOXML(bytesReaderAt(data), int64(len(data)))
	})
}
