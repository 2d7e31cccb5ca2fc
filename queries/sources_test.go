package queries_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/queries"
)

// TestSources: every record, ordered by path and id, with its status,
// rows and times; a superseded one names its successor.
func TestSources(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	_, v1 := loadSheets(t, db, "targets.xlsx", targetsSheet(0.1))
	_, v2 := loadSheets(t, db, "targets.xlsx", targetsSheet("1.2亿元"))
	bad := queries.Source{Path: "a/bad.xlsx", SHA256: "00", Size: 3, Modified: time.Date(2026, 1, 2, 3, 4, 5, 6000, time.Local)}
	if err := db.Reject(ctx, bad, []*ingest.CellError{{File: "a/bad.xlsx", Err: errors.New("broken")}}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, s := range got {
		lines = append(lines, fmt.Sprintf("%s %s rows=%d superseded_by=%d", s.Path, s.Status, s.Rows, s.SupersededBy))
		if s.SeenAt.IsZero() || s.SeenAt.Location() != time.UTC {
			t.Errorf("%s: seen at %v, want a UTC time", s.Path, s.SeenAt)
		}
	}
	wantLines := []string{
		"a/bad.xlsx rejected rows=0 superseded_by=0",
		fmt.Sprintf("targets.xlsx superseded rows=2 superseded_by=%d", v2),
		"targets.xlsx loaded rows=2 superseded_by=0",
	}
	if fmt.Sprint(lines) != fmt.Sprint(wantLines) {
		t.Errorf("sources:\n%v\nwant\n%v", lines, wantLines)
	}
	if got[1].ID != v1 || got[2].ID != v2 {
		t.Errorf("ids %d %d, want %d %d", got[1].ID, got[2].ID, v1, v2)
	}
	if want := bad.Modified.UTC().Truncate(time.Microsecond); !got[0].Modified.Equal(want) {
		t.Errorf("modified %v, want %v", got[0].Modified, want)
	}
	warnings, err := db.SourceWarnings(ctx)
	if err != nil || len(warnings) != 0 {
		t.Errorf("warnings %v, %v; want none", warnings, err)
	}
}

// A new database is made aside and linked into place whole: the folder
// holds the database and nothing else, and opening it again keeps it.
// An empty file in its place is made anew.
func TestOpenCreatesWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pairstat.duckdb")
	db, err := queries.Open(t.Context(), path, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "pairstat.duckdb" {
		t.Errorf("the folder holds %v, want the database alone", entries)
	}
	db, err = queries.Open(t.Context(), path, true)
	if err != nil {
		t.Fatalf("the database made aside does not open: %v", err)
	}
	db.Close()

	// An empty file, what a creation killed before DuckDB wrote its first
	// blocks left, is made anew: DuckDB refuses to open it.
	empty := filepath.Join(dir, "empty.duckdb")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err = queries.Open(t.Context(), empty, false)
	if err != nil {
		t.Fatalf("an empty database file: %v", err)
	}
	db.Close()
}
