package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/transform"
)

// How the watcher paces itself: it looks at the inbox when a file it was
// told of (by a file event) or saw being written can have been still for
// quietPeriod, checking every watchTick (and every rescanEvery regardless,
// in case an event was lost); it opens the database only while it loads.
const (
	watchTick   = 50 * time.Millisecond
	rescanEvery = 30 * time.Second
)

func newWatchCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "watch INBOX",
		Short: "Keep loading what is dropped into the inbox until interrupted",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := g.loadCatalog()
			if err != nil {
				return err
			}
			return watchInbox(cmd.Context(), cat, args[0], g)
		},
	}
}

// watchInbox loads new and changed files of inbox until ctx ends. It holds
// the database only while it loads, so that other pairstat commands can
// read it in between (they wait briefly while it loads).
func watchInbox(ctx context.Context, cat *transform.Catalog, inbox string, g *globals) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", inbox, err)
	}
	defer w.Close()
	if err := watchTree(w, inbox); err != nil {
		return err
	}
	fmt.Fprintf(g.stderr, text(g.lang, "pairstat: watching %s (Ctrl-C stops)\n", "pairstat：正在监视 %s（按 Ctrl-C 停止）\n"), inbox)
	handled := map[string]inputFile{} // files this watcher has dealt with, as they were
	// wake is the time of the next pass (zero: none due before rescanEvery).
	wake, lastScan := time.Now(), time.Time{}
	tick := time.NewTicker(watchTick)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			fmt.Fprintln(g.stderr, text(g.lang, "pairstat: watch stopped", "pairstat：已停止监视"))
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			// a file changed now is settled quietPeriod later
			wake = earliest(wake, time.Now().Add(quietPeriod))
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() && !hidden(info.Name()) {
					if err := watchTree(w, ev.Name); err != nil {
						fmt.Fprintf(g.stderr, "pairstat: %v\n", err)
					}
				}
			}
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			fmt.Fprintf(g.stderr, "pairstat: watch: %v\n", err)
			wake = earliest(wake, time.Now())
		case now := <-tick.C:
			if (wake.IsZero() || now.Before(wake)) && now.Sub(lastScan) < rescanEvery {
				continue
			}
			lastScan = now
			next, err := watchPass(ctx, cat, inbox, handled, g)
			if err != nil && ctx.Err() == nil {
				fmt.Fprintf(g.stderr, "pairstat: %v\n", err)
				next = earliest(next, time.Now().Add(quietPeriod)) // try again
			}
			wake = next
		}
	}
}

// watchPass loads the settled files that changed since this watcher last
// dealt with them; next is when the files still being written can have
// settled (zero when there are none).
func watchPass(ctx context.Context, cat *transform.Catalog, inbox string, handled map[string]inputFile, g *globals) (next time.Time, err error) {
	files, skipped, err := findInputs([]string{inbox}, g.db)
	if err != nil {
		return time.Time{}, err
	}
	var newSkipped []inputFile // reported once, until they change
	for _, f := range skipped {
		if h, ok := handled[f.name]; !ok || h.size != f.size || !h.modified.Equal(f.modified) || h.skip != f.skip {
			newSkipped = append(newSkipped, f)
			handled[f.name] = f
		}
	}
	reportSkipped(g.stderr, g.lang, newSkipped)
	var changed []inputFile
	for _, f := range files {
		if h, ok := handled[f.name]; !ok || h.size != f.size || !h.modified.Equal(f.modified) {
			changed = append(changed, f)
		}
	}
	settled, still := settle(ctx, changed, quietPeriod, 0)
	for _, f := range still {
		next = earliest(next, f.modified.Add(quietPeriod))
	}
	if len(settled) == 0 {
		return next, nil
	}
	db, err := g.openDB(ctx, false, cat)
	if err != nil {
		return next, err
	}
	defer db.Close()
	sum, err := ingestFiles(ctx, cat, db, settled, g)
	if err != nil {
		return next, err
	}
	if sum.busy > 0 { // changed while it was read
		next = earliest(next, time.Now().Add(quietPeriod))
	}
	// A file that changed while it was read has another size or time now,
	// so the next pass sees it again.
	for _, f := range settled {
		handled[f.name] = f
	}
	if sum.loaded+sum.rejected+sum.duplicates > 0 {
		fmt.Fprintln(g.stderr, sum.text(g.lang))
	}
	return next, warnConflicts(ctx, cat, db, g)
}

// earliest returns the earlier of two times, a zero time meaning none.
func earliest(a, b time.Time) time.Time {
	if a.IsZero() || !b.IsZero() && b.Before(a) {
		return b
	}
	return a
}

// watchTree watches root and every non-hidden folder below it.
func watchTree(w *fsnotify.Watcher, root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != root && hidden(d.Name()) {
			return filepath.SkipDir
		}
		if err := w.Add(path); err != nil {
			return fmt.Errorf("watch %s: %w", path, err)
		}
		return nil
	})
}
