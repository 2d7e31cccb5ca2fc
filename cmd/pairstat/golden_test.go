package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pairstat/pairstat/transform"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden runs the commands whose output people and programs read on a
// copy of the samples and compares what they print, byte for byte, with the
// files in testdata/golden. `go test -run TestGolden -update` rewrites them.
//
// The commands run in a temporary folder holding the inbox, so that every
// path they print is relative and the same on every machine.
func TestGolden(t *testing.T) {
	samples, err := filepath.Glob(filepath.Join("..", "..", "samples", "*.xlsx"))
	if err != nil || len(samples) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	for i, s := range samples {
		if samples[i], err = filepath.Abs(s); err != nil {
			t.Fatal(err)
		}
	}
	golden, err := filepath.Abs(filepath.Join("testdata", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := copySamples(samples, filepath.Join(dir, "inbox")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)

	cat, err := transform.LoadCatalog("")
	if err != nil {
		t.Fatal(err)
	}
	const db = "db.duckdb"
	// check records stdout, and stderr after a line "-- stderr --" when
	// the command writes to it.
	check := func(name string, want int, args ...string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if got := Do(t.Context(), args, strings.NewReader(""), &stdout, &stderr); got != want {
			t.Fatalf("pairstat %v: status %d, want %d; stderr:\n%s", args, got, want, stderr.String())
		}
		out := stdout.String()
		if stderr.Len() > 0 {
			out += "-- stderr --\n" + stderr.String()
		}
		compareGolden(t, filepath.Join(golden, name), out)
	}
	check("check.en.txt", 0, "check", "--lang", "en", "inbox")
	check("check.zh.txt", 0, "check", "--lang", "zh", "inbox")
	check("ingest.en.txt", 0, "ingest", "--lang", "en", "--db", db, "inbox")
	check("ingest.zh.txt", 0, "ingest", "--lang", "zh", "--db", db, "inbox") // all unchanged now

	check("totals.csv", 0, "totals", "--db", db, "--format", "csv")
	check("totals.json", 0, "totals", "--db", db, "--format", "json")
	for _, year := range []string{"2022", "2023"} {
		for _, ind := range cat.Indicators {
			check(filepath.Join("trace", year+"."+ind.Code+".csv"), 0,
				"trace", "--db", db, "--year", year, "--indicator", ind.Code, "--format", "csv")
		}
	}

	// The facts export is parquet only: its bytes carry the writer's
	// version, so the golden file is what a query reads back from it.
	runCLI(t, 0, "export", "--db", db, "--format", "parquet", "--facts", "--out", "facts.parquet")
	check("facts.csv", 0, "query", "--db", db, "--format", "csv",
		"SELECT * FROM read_parquet('facts.parquet') ORDER BY ALL")
	for _, format := range []string{"csv", "json"} {
		runCLI(t, 0, "export", "--db", db, "--format", format, "--out", "export."+format)
		data, err := os.ReadFile("export." + format)
		if err != nil {
			t.Fatal(err)
		}
		compareGolden(t, filepath.Join(golden, "export."+format), string(data))
	}
}

// compareGolden compares got with the golden file at path, or rewrites the
// file under -update.
func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if !bytes.Equal(want, []byte(got)) {
		t.Errorf("%s differs from the golden file:\n%s", filepath.Base(path), firstDifference(string(want), got))
	}
}

// firstDifference shows the first line where want and got differ.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\nwant: %s\ngot:  %s", i+1, wl, gl)
		}
	}
	return "(same lines, different bytes)"
}
