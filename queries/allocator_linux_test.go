package queries

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// rssAnon is the process's resident anonymous memory (RssAnon) in bytes.
func rssAnon(t *testing.T) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc/self/status: %v", err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "RssAnon:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(rest, "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Skip("no RssAnon in /proc/self/status")
	return 0
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
