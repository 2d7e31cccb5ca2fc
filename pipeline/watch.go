package pipeline

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/fsnotify/fsnotify"
)

// How the watcher paces itself: it looks at the inbox when a file it was
// told of (by a file event) or saw being written can have been still for
// QuietPeriod, checking every watchTick (and every rescanEvery regardless,
// in case an event was lost); it opens the database only while it loads.
const (
	watchTick   = 50 * time.Millisecond
	rescanEvery = 30 * time.Second
)

// WatchEvents receives what a watcher does: the caller renders it.
type WatchEvents interface {
	// Watching: the watcher has started.
	Watching(inbox string)
	// Stopped: the watcher ends, as its context did.
	Stopped()
	// Error: a pass (or the watching) failed; the watcher goes on.
	Error(err error)
	// Skipped: special files found and not read, each told once until it
	// changes (the list may be empty).
	Skipped(files []File)
}

// Watch loads what is dropped into an inbox until its context ends.
type Watch struct {
	Inbox string
	DB    string // the database file, never read as an input
	// Load loads settled files, holding the database only meanwhile. Once
	// the load is done, before anything else, it calls loaded with the
	// summary: the files are then dealt with.
	Load   func(ctx context.Context, files []File, loaded func(Summary)) error
	Events WatchEvents
}

// Run loads new and changed files of the inbox until ctx ends. It holds
// the database only while it loads, so that other pairstat commands can
// read it in between (they wait briefly while it loads).
func (wt Watch) Run(ctx context.Context) error {
	inbox := wt.Inbox
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", inbox, err)
	}
	defer w.Close()
	if err := watchTree(w, inbox); err != nil {
		return err
	}
	wt.Events.Watching(inbox)
	handled := map[string]File{} // files this watcher has dealt with, as they were
	// wake is the time of the next pass (zero: none due before rescanEvery).
	wake, lastScan := time.Now(), time.Time{}
	tick := time.NewTicker(watchTick)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			wt.Events.Stopped()
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			// a file changed now is settled QuietPeriod later
			wake = earliest(wake, time.Now().Add(QuietPeriod))
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() && !Hidden(info.Name()) {
					if err := watchTree(w, ev.Name); err != nil {
						wt.Events.Error(err)
					}
				}
			}
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			wt.Events.Error(fmt.Errorf("watch: %w", err))
			wake = earliest(wake, time.Now())
		case now := <-tick.C:
			if (wake.IsZero() || now.Before(wake)) && now.Sub(lastScan) < rescanEvery {
				continue
			}
			lastScan = now
			next, err := wt.pass(ctx, handled)
			if err != nil && ctx.Err() == nil {
				wt.Events.Error(err)
				next = earliest(next, time.Now().Add(QuietPeriod)) // try again
			}
			wake = next
		}
	}
}

// pass loads the settled files that changed since this watcher last
// dealt with them; next is when the files still being written can have
// settled (zero when there are none).
func (wt Watch) pass(ctx context.Context, handled map[string]File) (next time.Time, err error) {
	files, skipped, err := Find([]string{wt.Inbox}, wt.DB)
	if err != nil {
		return time.Time{}, err
	}
	var newSkipped []File // reported once, until they change
	for _, f := range skipped {
		if h, ok := handled[f.Name]; !ok || h.Size != f.Size || !h.Modified.Equal(f.Modified) || h.Skip != f.Skip {
			newSkipped = append(newSkipped, f)
			handled[f.Name] = f
		}
	}
	wt.Events.Skipped(newSkipped)
	var changed, unchanged []File
	for _, f := range files {
		if h, ok := handled[f.Name]; !ok || h.Size != f.Size || !h.Modified.Equal(f.Modified) {
			changed = append(changed, f)
		} else {
			f.Recheck = true
			unchanged = append(unchanged, f)
		}
	}
	settled, still := Settle(ctx, changed, QuietPeriod, 0)
	for _, f := range still {
		next = earliest(next, f.Modified.Add(QuietPeriod))
	}
	if len(settled) == 0 {
		return next, nil
	}
	// The unchanged files are loaded too, as a batch run loads the whole
	// inbox: known ones cost a lookup, but a duplicate whose original was
	// just corrected must now load in its place (File.Recheck).
	all := append(unchanged, settled...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	err = wt.Load(ctx, all, func(sum Summary) {
		if sum.Busy > 0 { // changed while it was read
			next = earliest(next, time.Now().Add(QuietPeriod))
		}
		// A file that changed while it was read has another size or time
		// now, so the next pass sees it again.
		for _, f := range settled {
			handled[f.Name] = f
		}
	})
	return next, err
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
		if path != root && Hidden(d.Name()) {
			return filepath.SkipDir
		}
		if err := w.Add(path); err != nil {
			return fmt.Errorf("watch %s: %w", path, err)
		}
		return nil
	})
}
