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

// How the watcher paces itself: it looks at the inbox after each burst of
// file events (and every rescanEvery regardless, in case an event was
// lost), and opens the database only while it loads.
const (
	watchTick   = 200 * time.Millisecond
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
	dirty, lastScan := true, time.Time{}
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
			dirty = true
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
			dirty = true
		case <-tick.C:
			if !dirty && time.Since(lastScan) < rescanEvery {
				continue
			}
			lastScan = time.Now()
			busy, err := watchPass(ctx, cat, inbox, handled, g)
			if err != nil && ctx.Err() == nil {
				fmt.Fprintf(g.stderr, "pairstat: %v\n", err)
			}
			dirty = busy || err != nil
		}
	}
}

// watchPass loads the settled files that changed since this watcher last
// dealt with them; busy reports files still being written.
func watchPass(ctx context.Context, cat *transform.Catalog, inbox string, handled map[string]inputFile, g *globals) (busy bool, err error) {
	files, err := findInputs([]string{inbox})
	if err != nil {
		return false, err
	}
	var changed []inputFile
	for _, f := range files {
		if h, ok := handled[f.name]; !ok || h.size != f.size || !h.modified.Equal(f.modified) {
			changed = append(changed, f)
		}
	}
	settled, still := settle(ctx, changed, quietPeriod, 0)
	if len(settled) == 0 {
		return len(still) > 0, nil
	}
	db, err := g.openDB(ctx, false, cat)
	if err != nil {
		return true, err
	}
	defer db.Close()
	sum, err := ingestFiles(ctx, cat, db, settled, g)
	if err != nil {
		return true, err
	}
	// A file that changed while it was read has another size or time now,
	// so the next pass sees it again.
	for _, f := range settled {
		handled[f.name] = f
	}
	if sum.loaded+sum.rejected+sum.duplicates > 0 {
		fmt.Fprintln(g.stderr, sum.text(g.lang))
	}
	return len(still) > 0 || sum.busy > 0, warnConflicts(ctx, cat, db, g)
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
