package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/messages"
	"github.com/pairstat/pairstat/pipeline"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

func newWatchCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "watch INBOX",
		Short: "Keep loading what is dropped into the inbox until interrupted",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requirePaths(args); err != nil {
				return err
			}
			cat, err := g.loadCatalog()
			if err != nil {
				return err
			}
			return watchInbox(cmd.Context(), cat, args[0], g)
		},
	}
}

// watchInbox loads new and changed files of inbox until ctx ends, opening
// the database only while it loads.
func watchInbox(ctx context.Context, cat *transform.Catalog, inbox string, g *globals) error {
	w := pipeline.Watch{Inbox: inbox, DB: g.db, Events: watchView{g}}
	w.Load = func(ctx context.Context, files []pipeline.File, loaded func(pipeline.Summary)) error {
		db, err := g.openDB(ctx, false, cat)
		if err != nil {
			return err
		}
		defer db.Close()
		return loadWatched(ctx, cat, db, files, loaded, g)
	}
	return w.Run(ctx)
}

// loadWatched loads the settled files a watcher found into db, as
// pipeline.Watch.Load does, printing what it did on stderr.
func loadWatched(ctx context.Context, cat *transform.Catalog, db *queries.DB, files []pipeline.File, loaded func(pipeline.Summary), g *globals) error {
	sum, err := pipeline.Load(ctx, cat, db, files, g.loadOptions())
	if err != nil {
		return err
	}
	loaded(sum)
	if sum.Loaded+sum.Rejected+sum.Duplicates > 0 {
		fmt.Fprintln(g.stderr, messages.Summary(sum, g.lang))
	}
	return warnConflicts(ctx, cat, db, g)
}

// watchView renders a watcher's events on stderr.
type watchView struct{ g *globals }

func (v watchView) Watching(inbox string) {
	fmt.Fprintf(v.g.stderr, messages.Pick(v.g.lang, "pairstat: watching %s (Ctrl-C stops)\n", "pairstat：正在监视 %s（按 Ctrl-C 停止）\n"), inbox)
}

func (v watchView) Stopped() {
	fmt.Fprintln(v.g.stderr, messages.Pick(v.g.lang, "pairstat: watch stopped", "pairstat：已停止监视"))
}

func (v watchView) Error(err error) { fmt.Fprintf(v.g.stderr, "pairstat: %v\n", err) }

func (v watchView) Skipped(files []pipeline.File) { reportSkipped(v.g.stderr, v.g.lang, files) }
