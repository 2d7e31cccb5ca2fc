package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/samples/synth"
	"github.com/pairstat/pairstat/transform"
)

// skipRecorder keeps the files a watcher reports as skipped.
type skipRecorder struct{ skipped []string }

func (r *skipRecorder) Watching(string) {}
func (r *skipRecorder) Stopped()        {}
func (r *skipRecorder) Error(error)     {}
func (r *skipRecorder) Skipped(files []File) {
	for _, f := range files {
		r.skipped = append(r.skipped, f.Name)
	}
}

// passes returns a function that runs one pass of the watcher, which
// remembers what it dealt with in handled.
func passes(t *testing.T, wt Watch, handled map[string]File) func() {
	return func() {
		t.Helper()
		if _, err := wt.pass(context.Background(), handled); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWatchNameNotUTF8 drops a workbook whose name is not valid UTF-8 (a
// name the database, whose texts are UTF-8, cannot record) beside a good
// one: the watcher never hands it to a load, and reports it once, with
// the reason, over passes that find it unchanged; changed, it is
// reported again.
func TestWatchNameNotUTF8(t *testing.T) {
	inbox := t.TempDir()
	good, bad := filepath.Join(inbox, "good.xlsx"), filepath.Join(inbox, "bad\xffname.xlsx")
	_, err := synth.Ledger(good, 10, 2)
	must(t, err)
	data, err := os.ReadFile(good)
	must(t, err)
	must(t, os.WriteFile(bad, data, 0o644))
	old := time.Now().Add(-time.Minute)
	for _, p := range []string{good, bad} {
		must(t, os.Chtimes(p, old, old))
	}
	events := &skipRecorder{}
	var loaded []string
	wt := Watch{Inbox: inbox, Events: events, Load: func(_ context.Context, files []File, done func(Summary)) error {
		for _, f := range files {
			loaded = append(loaded, f.Name)
		}
		done(Summary{Loaded: len(files)})
		return nil
	}}
	handled := map[string]File{}
	pass := passes(t, wt, handled)
	for range 3 {
		pass()
	}
	if want := []string{"good.xlsx"}; !slices.Equal(loaded, want) {
		t.Errorf("loaded %q, want %q", loaded, want)
	}
	if want := []string{"bad\xffname.xlsx"}; !slices.Equal(events.skipped, want) {
		t.Errorf("skipped %q, want %q once", events.skipped, want)
	}
	if h := handled["bad\xffname.xlsx"]; h.Skip.Kind != SkipBadName {
		t.Errorf("the file is skipped as %v, want SkipBadName", h.Skip.Kind)
	}

	must(t, os.Chtimes(bad, old.Add(time.Second), old.Add(time.Second)))
	pass()
	if len(events.skipped) != 2 {
		t.Errorf("changed, the file is reported %d time(s) in all, want 2", len(events.skipped))
	}
}

// TestWatchDuplicateOfCorrectedFile: b.xlsx, a copy of a.xlsx, is a
// duplicate; when a.xlsx is corrected, a watcher loads b.xlsx in its place,
// as a batch run of the same inbox does, without telling again what the
// unchanged files were (bad.xlsx's rejection).
func TestWatchDuplicateOfCorrectedFile(t *testing.T) {
	cat, err := transform.LoadCatalog("")
	must(t, err)
	db := openTestDB(t, cat)
	inbox := t.TempDir()
	a, b := filepath.Join(inbox, "a.xlsx"), filepath.Join(inbox, "b.xlsx")
	_, err = synth.Ledger(a, 9, 1)
	must(t, err)
	data, err := os.ReadFile(a)
	must(t, err)
	must(t, os.WriteFile(b, data, 0o644))
	must(t, os.WriteFile(filepath.Join(inbox, "bad.xlsx"), []byte("not a workbook"), 0o644))
	settle := func(names ...string) {
		old := time.Now().Add(-time.Minute)
		for _, name := range names {
			must(t, os.Chtimes(filepath.Join(inbox, name), old, old))
		}
	}
	settle("a.xlsx", "b.xlsx", "bad.xlsx")
	r := &recorder{}
	var sums []Summary
	wt := Watch{Inbox: inbox, Events: &skipRecorder{}, Load: func(ctx context.Context, files []File, done func(Summary)) error {
		sum, err := Load(ctx, cat, db, files, testOptions(1, r))
		sums = append(sums, sum)
		done(sum)
		return err
	}}
	handled := map[string]File{}
	pass := passes(t, wt, handled)
	pass()
	_, err = synth.Ledger(a, 1, 2) // the correction: another content
	must(t, err)
	settle("a.xlsx")
	pass()
	statuses := state(t, db, &recorder{}, Summary{})
	for _, want := range []string{"a.xlsx | superseded", "b.xlsx | superseded | 1", "a.xlsx | loaded", "b.xlsx | loaded"} {
		if !strings.Contains(statuses, want) {
			t.Errorf("sources lack %q:\n%s", want, statuses)
		}
	}
	if len(sums) != 2 || sums[1].Loaded != 2 || sums[1].Rejected != 0 || sums[1].Duplicates != 0 {
		t.Errorf("summaries %+v, want the second to load a.xlsx and b.xlsx only", sums)
	}
	if n := strings.Count(r.log.String(), "rejected bad.xlsx"); n != 1 {
		t.Errorf("bad.xlsx's rejection told %d times, want once:\n%s", n, r.log.String())
	}
}

// TestDuplicateOfFileCorrectedLater: copy.xlsx, a copy of fund.xlsx, is a
// duplicate; then fund.xlsx is corrected. copy.xlsx sorts before fund.xlsx,
// so a load decides it is a duplicate still, before the correction
// supersedes its original: once the load is done it must have loaded in
// its place all the same, by a watcher as by a batch load of the inbox,
// and the totals must be those of a fresh batch run of the same inbox.
func TestDuplicateOfFileCorrectedLater(t *testing.T) {
	ctx := context.Background()
	cat, err := transform.LoadCatalog("")
	must(t, err)
	settle := func(paths ...string) {
		old := time.Now().Add(-time.Minute)
		for _, p := range paths {
			must(t, os.Chtimes(p, old, old))
		}
	}
	totals := func(db *queries.DB) string {
		tt, err := db.Totals(ctx, queries.Filter{})
		must(t, err)
		return fmt.Sprint(tt)
	}
	for _, watch := range []bool{false, true} {
		name := map[bool]string{false: "ingest", true: "watch"}[watch]
		t.Run(name, func(t *testing.T) {
			db := openTestDB(t, cat)
			inbox := t.TempDir()
			fund, cp := filepath.Join(inbox, "fund.xlsx"), filepath.Join(inbox, "copy.xlsx")
			load := func(ctx context.Context, files []File, done func(Summary)) error {
				sum, err := Load(ctx, cat, db, files, testOptions(2, &recorder{}))
				done(sum)
				return err
			}
			pass := passes(t, Watch{Inbox: inbox, Events: &skipRecorder{}, Load: load}, map[string]File{})
			if !watch {
				pass = func() {
					files, _, err := Find([]string{inbox}, "")
					must(t, err)
					must(t, load(ctx, files, func(Summary) {}))
				}
			}
			_, err := synth.Ledger(fund, 9, 2)
			must(t, err)
			settle(fund)
			pass()
			data, err := os.ReadFile(fund)
			must(t, err)
			must(t, os.WriteFile(cp, data, 0o644))
			settle(cp)
			pass()
			_, err = synth.Ledger(fund, 3, 4) // the correction
			must(t, err)
			settle(fund)
			pass()

			statuses := state(t, db, &recorder{}, Summary{})
			for _, want := range []string{"copy.xlsx | loaded", "fund.xlsx | loaded"} {
				if !strings.Contains(statuses, want) {
					t.Errorf("sources lack %q:\n%s", want, statuses)
				}
			}
			if strings.Contains(statuses, "| duplicate |") {
				t.Errorf("a duplicate is left of a content no longer loaded:\n%s", statuses)
			}
			batch := openTestDB(t, cat)
			files, _, err := Find([]string{inbox}, "")
			must(t, err)
			_, err = Load(ctx, cat, batch, files, testOptions(2, &recorder{}))
			must(t, err)
			if got, want := totals(db), totals(batch); got != want {
				t.Errorf("totals %s, want those of a batch run of the inbox %s", got, want)
			}
		})
	}
}
