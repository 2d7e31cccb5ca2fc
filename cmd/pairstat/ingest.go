package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/messages"
	"github.com/pairstat/pairstat/pipeline"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

func newIngestCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Load workbooks (files, or folders as inboxes) into the database",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requirePaths(args); err != nil {
				return err
			}
			return g.withDB(cmd.Context(), false, func(cat *transform.Catalog, db *queries.DB) error {
				sum, err := loadPaths(cmd.Context(), cat, db, args, g)
				if err != nil {
					return err
				}
				return summaryErr(sum)
			})
		},
	}
}

// requirePaths fails when a path to load does not exist. Commands call it
// before they open the database, so that a mistyped path creates no
// database file.
func requirePaths(paths []string) error {
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return err
		}
	}
	return nil
}

func summaryErr(s pipeline.Summary) error {
	if s.Rejected > 0 {
		return errRejected
	}
	return nil
}

// loadPaths loads every spreadsheet under paths, each in one transaction,
// printing rejections to stderr. Files still being written are left for the
// next run.
func loadPaths(ctx context.Context, cat *transform.Catalog, db *queries.DB, paths []string, g *globals) (pipeline.Summary, error) {
	files, skipped, err := pipeline.Find(paths, g.db)
	if err != nil {
		return pipeline.Summary{}, err
	}
	files, busy := pipeline.Settle(ctx, files, pipeline.QuietPeriod, pipeline.SettleLimit)
	sum, err := pipeline.Load(ctx, cat, db, files, g.loadOptions())
	sum.Ignored += reportSkipped(g.stderr, g.lang, skipped)
	sum.Busy += len(busy)
	for _, f := range busy {
		fmt.Fprintf(g.stderr, messages.Pick(g.lang, "pairstat: %s is still being written; it will be read by the next run\n",
			"pairstat：%s 仍在写入，下次运行时再读取\n"), ingest.QuoteName(f.Name))
	}
	if err != nil {
		return sum, err
	}
	fmt.Fprintln(g.stderr, messages.Summary(sum, g.lang))
	return sum, warnConflicts(ctx, cat, db, g)
}

// loadOptions are the options of a load, rendering its events on stderr,
// with the collector tuned for it.
func (g *globals) loadOptions() pipeline.Options {
	o := g.judge()
	o.Workers = g.workers()
	o.Events = &loadView{g: g}
	o.TuneGC = true
	return o
}

// judge is how the workbooks are judged: which problems reject one.
func (g *globals) judge() pipeline.Options {
	return pipeline.Options{
		Problems:    func(res *transform.Result) []*ingest.CellError { return messages.Rejections(res, g.strict) },
		ReadFailure: messages.ReadFailure,
	}
}

// workers is how many workbooks are read at once.
func (g *globals) workers() int {
	if g.jobs > 0 {
		return g.jobs
	}
	return runtime.GOMAXPROCS(0)
}

// loadView renders a load's events: messages on stderr, and its progress
// on a terminal.
type loadView struct {
	g        *globals
	progress *progress // messages go through it: they clear the bar before they print
}

func (v *loadView) Started(files int) { v.progress = newProgress(v.g.stderr, files, v.g.lang) }
func (v *loadView) Stored()           { v.progress.file() }
func (v *loadView) Rows(n int64)      { v.progress.loaded(n) }
func (v *loadView) Finished()         { v.progress.finish() }

func (v *loadView) Loaded(_ string, warnings []transform.Warning) {
	for _, w := range warnings {
		fmt.Fprintf(v.progress, messages.Pick(v.g.lang, "pairstat: warning: %s\n", "pairstat：警告：%s\n"), messages.Warning(w, v.g.lang))
	}
}

func (v *loadView) Rejected(name string, problems []*ingest.CellError) {
	printRejects(v.progress, v.g.lang, name, problems)
}

func (v *loadView) Ignored(name string) {
	printIgnored(v.progress, v.g.lang, name, messages.NotSpreadsheet(v.g.lang))
}

// warnConflicts prints a warning for each direct figure that does not
// count because a ledger or a later report gives another value, and
// records them with the figures' sources in place of the earlier ones.
func warnConflicts(ctx context.Context, cat *transform.Catalog, db *queries.DB, g *globals) error {
	conflicts, err := db.Conflicts(ctx)
	if err != nil {
		return err
	}
	ws := make([]queries.ConflictWarning, len(conflicts))
	for i, c := range conflicts {
		w := messages.Conflict(c, cat)
		fmt.Fprintf(g.stderr, messages.Pick(g.lang, "pairstat: warning: %s\n", "pairstat：警告：%s\n"), messages.Warning(w, g.lang))
		ws[i] = queries.ConflictWarning{SourceID: c.SourceID, Warning: w}
	}
	return db.ReplaceConflictWarnings(ctx, ws)
}

func printRejects(w io.Writer, lang, name string, problems []*ingest.CellError) {
	fmt.Fprintf(w, "pairstat%s%s\n", messages.Pick(lang, ": ", "："), messages.Rejected(name, len(problems), lang))
	for _, p := range problems {
		fmt.Fprintf(w, "  %s\n", messages.Problem(p, lang))
	}
}
