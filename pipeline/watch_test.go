package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/pairstat/pairstat/samples/synth"
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
	pass := func() {
		t.Helper()
		if _, err := wt.pass(context.Background(), handled); err != nil {
			t.Fatal(err)
		}
	}
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
