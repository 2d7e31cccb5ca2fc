package export

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readFile returns the content of a file.
func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWriteAtomic: a file export is written to a temporary file in the
// target folder and renamed; while it is written the final name does not
// exist (or keeps the earlier export), and a failed export leaves nothing.
func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "totals.csv")
	boom := errors.New("killed")
	fail := func(w io.Writer) error {
		if _, err := io.WriteString(w, strings.Repeat("half,written\n", 100000)); err != nil {
			return err
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 || !strings.HasPrefix(entries[0].Name(), ".totals.csv.tmp-") {
			t.Errorf("while writing, the folder holds %v, want one temporary file", entries)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("while writing, %s exists", path)
		}
		return boom
	}
	if err := writeAtomic(path, fail); !errors.Is(err, boom) {
		t.Fatalf("writeAtomic = %v, want the writer's error", err)
	}
	assertOnly(t, dir)

	if err := writeAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, "first\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if err := writeAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "second, half")
		if got := readFile(t, path); got != "first\n" {
			t.Errorf("while writing, %s holds %q, want the earlier export", path, got)
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("writeAtomic = %v, want the writer's error", err)
	}
	if got := readFile(t, path); got != "first\n" {
		t.Errorf("after a failed export %s holds %q, want the earlier export", path, got)
	}
	assertOnly(t, dir, "totals.csv")
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o644 {
		t.Errorf("export mode %v, want 0644", info.Mode().Perm())
	}
}

// TestWriteDirAtomic: a partitioned export is written into a temporary
// folder and renamed; it replaces an earlier partitioned export, never
// another folder.
func TestWriteDirAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "parts")
	writePart := func(year string) func(string) error {
		return func(tmp string) error {
			if filepath.Dir(tmp) != dir {
				t.Errorf("temporary folder %s is not beside %s", tmp, path)
			}
			if _, err := os.Stat(path); err == nil && readFile(t, filepath.Join(path, "year=2022", "x")) != "2022" {
				t.Errorf("while writing, %s is not the earlier export", path)
			}
			p := filepath.Join(tmp, "year="+year)
			if err := os.Mkdir(p, 0o755); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(p, "x"), []byte(year), 0o644)
		}
	}
	if err := writeDirAtomic(path, writePart("2022")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("killed")
	if err := writeDirAtomic(path, func(tmp string) error { writePart("2023")(tmp); return boom }); !errors.Is(err, boom) {
		t.Fatalf("writeDirAtomic = %v, want the writer's error", err)
	}
	assertOnly(t, dir, "parts")
	assertOnly(t, path, "year=2022")
	if err := writeDirAtomic(path, writePart("2023")); err == nil {
		// replaced: the earlier export is gone, nothing else is left
		assertOnly(t, path, "year=2023")
		assertOnly(t, dir, "parts")
	} else {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "documents")
	os.Mkdir(other, 0o755)
	os.WriteFile(filepath.Join(other, "keep.txt"), []byte("mine"), 0o644)
	if err := writeDirAtomic(other, writePart("2023")); err == nil || !strings.Contains(err.Error(), "not a partitioned export") {
		t.Errorf("writeDirAtomic over another folder = %v", err)
	}
	assertOnly(t, other, "keep.txt")
	assertOnly(t, dir, "documents", "parts")
}

// assertOnly checks that dir holds exactly the names given.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, names) {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}
