package queries

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/pairstat/pairstat/bench"
)

// rssAnon is the process's resident anonymous memory (RssAnon) in bytes.
func rssAnon(t *testing.T) int64 {
	t.Helper()
	kb, ok := bench.StatusKB("RssAnon")
	if !ok {
		t.Skip("no RssAnon in /proc/self/status")
	}
	return kb << 10
}

// The memory a dropped table held, freed by DuckDB, is given back to the
// system by returnFreedMemory instead of staying resident in DuckDB's
// allocator.
func TestReturnFreedMemory(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "memory.duckdb"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const table = 100 << 20 // about what the table below takes
	if _, err := db.sql.ExecContext(ctx, `CREATE TEMP TABLE held AS
		SELECT i, repeat('塘厦镇始兴县', 4) || i AS name FROM range(1000000) t(i)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, `DROP TABLE held`); err != nil {
		t.Fatal(err)
	}
	freed := rssAnon(t)
	returnFreedMemory()
	given := freed - rssAnon(t)
	if given < table/4 {
		t.Errorf("returnFreedMemory gave back %d MB of a dropped table of about %d MB (resident before: %d MB)",
			given>>20, table>>20, freed>>20)
	}
	t.Logf("gave back %d MB", given>>20)
}
