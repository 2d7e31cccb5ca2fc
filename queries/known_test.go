package queries_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/queries"
)

// TestKnownMatchesSQL runs the writes of an ingest (Load, LoadAll, the
// streamed Loading, RecordDuplicate, Ignore, Reject, Touch, a supersede) while the
// sources are cached, then compares every Unchanged and Seen answer of the
// cache with that of the SQL (unchanged.sql, seen.sql) on the same state.
func TestKnownMatchesSQL(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	t0 := time.Date(2024, 1, 2, 3, 4, 5, 678901234, time.UTC)
	a := fundLedger("资金", "始兴县", 2023, 1, 2)
	b := fundLedger("资金", "始兴县", 2024, 3)
	// Loaded before the cache: v1 of x.xlsx, and content B under y.xlsx.
	pathA, pathB := writeWorkbook(t, a), writeWorkbook(t, b)
	srcX1 := sourceOf(t, pathA, "x.xlsx")
	srcX1.Modified = t0
	if _, err := db.Load(ctx, srcX1, transformFile(t, pathA, "x.xlsx")); err != nil {
		t.Fatal(err)
	}
	srcY := sourceOf(t, pathB, "y.xlsx")
	srcY.Modified = t0
	yID, err := db.Load(ctx, srcY, transformFile(t, pathB, "y.xlsx"))
	if err != nil {
		t.Fatal(err)
	}

	release, err := db.CacheSources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// x.xlsx v2 (content B): supersedes v1, streamed.
	srcX2 := srcY
	srcX2.Path, srcX2.Modified = "x.xlsx", t0.Add(time.Hour)
	resB := transformFile(t, pathB, "x.xlsx")
	l := db.BeginLoad(ctx, srcX2)
	for _, batch := range resB.Batches["funds"] {
		if err := l.Insert("funds", batch); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := l.Commit(resB.Sheets, resB.Rows()); err != nil {
		t.Fatal(err)
	}
	// z.xlsx duplicates content B; w.txt is ignored; r.xlsx is rejected.
	srcZ := srcY
	srcZ.Path = "z.xlsx"
	if err := db.RecordDuplicate(ctx, srcZ, yID); err != nil {
		t.Fatal(err)
	}
	if err := db.Ignore(ctx, queries.Source{Path: "w.txt", SHA256: "w", Size: 3, Modified: t0}); err != nil {
		t.Fatal(err)
	}
	srcR := queries.Source{Path: "r.xlsx", SHA256: "r", Size: 4, Modified: t0}
	if err := db.Reject(ctx, srcR, []*ingest.CellError{{File: "r.xlsx", Err: fmt.Errorf("bad")}}); err != nil {
		t.Fatal(err)
	}
	// y.xlsx touched; v1 content A back under a new path, with LoadAll.
	if err := db.Touch(ctx, yID, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	srcV := srcX1
	srcV.Path = "v.xlsx"
	resA := transformFile(t, pathA, "v.xlsx")
	if _, err := db.LoadAll(ctx, []queries.Workbook{{Source: srcV, Sheets: resA.Sheets, Batches: resA.Batches, Rows: resA.Rows()}}); err != nil {
		t.Fatal(err)
	}

	var probes []queries.Source
	for _, path := range []string{"x.xlsx", "y.xlsx", "z.xlsx", "w.txt", "r.xlsx", "v.xlsx", "new.xlsx"} {
		for _, sha := range []string{srcX1.SHA256, srcY.SHA256, "w", "r", "other"} {
			for _, size := range []int64{srcX1.Size, srcY.Size, 3, 4} {
				for _, mod := range []time.Time{t0, t0.Add(time.Hour), t0.Add(2 * time.Hour), t0.Add(time.Nanosecond)} {
					probes = append(probes, queries.Source{Path: path, SHA256: sha, Size: size, Modified: mod})
				}
			}
		}
	}
	cached := knownAnswers(t, db, probes)
	release()
	fromSQL := knownAnswers(t, db, probes)
	for i := range probes {
		if cached[i] != fromSQL[i] {
			t.Errorf("cache:\n  %s\nSQL:\n  %s", cached[i], fromSQL[i])
		}
	}
}

// knownAnswers are the answers of Unchanged and Seen to each probe.
func knownAnswers(t *testing.T, db *queries.DB, probes []queries.Source) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	for _, p := range probes {
		status, id, ok, err := db.Unchanged(ctx, p.Path, p.Size, p.Modified)
		if err != nil {
			t.Fatal(err)
		}
		seen, err := db.Seen(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%+v: unchanged %q %d %v, seen %+v", p, status, id, ok, seen))
	}
	return out
}

// TestNewVersionSupersedesHistory records versions of one path — rejected,
// rejected again, loaded, rejected, a duplicate, loaded — with the sources
// cached and not: each new record makes the earlier ones of the path
// superseded by it (a rejection all but the loaded one, whose rows still
// count), so that the path's status is its newest record's; the cache
// answers as the SQL does.
func TestNewVersionSupersedesHistory(t *testing.T) {
	ctx := context.Background()
	pathA := writeWorkbook(t, fundLedger("资金", "始兴县", 2023, 1, 2))
	pathB := writeWorkbook(t, fundLedger("资金", "始兴县", 2024, 3))
	bad := func(sha string) queries.Source {
		return queries.Source{Path: "a.xlsx", SHA256: sha, Size: 9, Modified: time.Unix(1, 0)}
	}
	problems := []*ingest.CellError{{File: "a.xlsx", Err: fmt.Errorf("cut off")}}
	for _, cached := range []bool{false, true} {
		db := openDB(t)
		_, yID := loadFile(t, db, pathB, "y.xlsx")
		release := func() {}
		if cached {
			var err error
			if release, err = db.CacheSources(ctx); err != nil {
				t.Fatal(err)
			}
		}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(db.Reject(ctx, bad("a1"), problems))
		must(db.Reject(ctx, bad("a2"), problems))
		srcA, _ := loadFile(t, db, pathA, "a.xlsx")
		must(db.Reject(ctx, bad("a3"), problems))
		if n := count(t, db, "SELECT count(*) FROM funds f JOIN sources s ON s.id = f.source_id WHERE s.path = 'a.xlsx'"); n != 2 {
			t.Errorf("cached %v: a rejected version left %d fund rows of a.xlsx, want the 2 of its loaded version", cached, n)
		}
		srcDup := sourceOf(t, pathB, "a.xlsx")
		must(db.RecordDuplicate(ctx, srcDup, yID))
		if n := count(t, db, "SELECT count(*) FROM funds f JOIN sources s ON s.id = f.source_id WHERE s.path = 'a.xlsx'"); n != 0 {
			t.Errorf("cached %v: the duplicate left %d fund rows of a.xlsx's earlier version", cached, n)
		}
		loadFile(t, db, pathA, "a.xlsx")

		got := query(t, db, `WITH s AS (SELECT *, row_number() OVER (ORDER BY id) AS n FROM sources WHERE path = 'a.xlsx')
			SELECT s.n, s.status, coalesce(b.n::VARCHAR, '') FROM s LEFT JOIN s b ON b.id = s.superseded_by ORDER BY s.n`)
		want := [][]string{
			{"1", "superseded", "2"}, // rejected, then rejected again
			{"2", "superseded", "3"}, // rejected, then loaded
			{"3", "superseded", "5"}, // loaded: the rejection that follows leaves it, the duplicate replaces it
			{"4", "superseded", "5"}, // rejected
			{"5", "superseded", "6"}, // the duplicate
			{"6", "loaded", ""},
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("cached %v: history of a.xlsx\n%v\nwant\n%v", cached, got, want)
		}
		if !cached {
			continue
		}
		var probes []queries.Source
		for _, src := range []queries.Source{bad("a1"), bad("a3"), srcA, srcDup} {
			probes = append(probes, src, queries.Source{Path: "a.xlsx", SHA256: src.SHA256, Size: srcA.Size, Modified: srcA.Modified})
		}
		fromCache := knownAnswers(t, db, probes)
		release()
		if fromSQL := knownAnswers(t, db, probes); fmt.Sprint(fromCache) != fmt.Sprint(fromSQL) {
			t.Errorf("cache:\n%s\nSQL:\n%s", strings.Join(fromCache, "\n"), strings.Join(fromSQL, "\n"))
		}
	}
}
