package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

func newIngestCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Load workbooks (files, or folders as inboxes) into the database",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withDB(cmd.Context(), false, func(cat *transform.Catalog, db *queries.DB) error {
				sum, err := ingestPaths(cmd.Context(), cat, db, args, g)
				if err != nil {
					return err
				}
				return sum.err()
			})
		},
	}
}

// summary counts what an ingest did.
type summary struct {
	loaded, unchanged, duplicates, rejected, ignored, busy int
}

func (s summary) text(lang string) string {
	line := fmt.Sprintf(text(lang,
		"pairstat: %d loaded, %d unchanged, %d duplicate, %d rejected, %d ignored",
		"pairstat：载入 %d 个，未变 %d 个，重复 %d 个，拒收 %d 个，忽略 %d 个"),
		s.loaded, s.unchanged, s.duplicates, s.rejected, s.ignored)
	if s.busy > 0 {
		line += fmt.Sprintf(text(lang, ", %d still being written", "，仍在写入 %d 个"), s.busy)
	}
	return line
}

func (s summary) err() error {
	if s.rejected > 0 {
		return errRejected
	}
	return nil
}

// ingestPaths loads every spreadsheet under paths, each in one transaction,
// printing rejections to stderr. Files still being written are left for the
// next run.
func ingestPaths(ctx context.Context, cat *transform.Catalog, db *queries.DB, paths []string, g *globals) (summary, error) {
	files, err := findInputs(paths, g.db)
	if err != nil {
		return summary{}, err
	}
	files, busy := settle(ctx, files, quietPeriod, settleLimit)
	sum, err := ingestFiles(ctx, cat, db, files, g)
	sum.busy += len(busy)
	for _, f := range busy {
		fmt.Fprintf(g.stderr, text(g.lang, "pairstat: %s is still being written; it will be read by the next run\n",
			"pairstat：%s 仍在写入，下次运行时再读取\n"), f.name)
	}
	if err != nil {
		return sum, err
	}
	fmt.Fprintln(g.stderr, sum.text(g.lang))
	return sum, warnConflicts(ctx, cat, db, g)
}

// ingestFiles loads the files one by one, each in its own transaction.
func ingestFiles(ctx context.Context, cat *transform.Catalog, db *queries.DB, files []inputFile, g *globals) (summary, error) {
	var sum summary
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		if err := ingestFile(ctx, cat, db, f, &sum, g); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// warnConflicts prints a warning for each indicator reported both by a
// ledger and as a different direct figure.
func warnConflicts(ctx context.Context, cat *transform.Catalog, db *queries.DB, g *globals) error {
	conflicts, err := db.Conflicts(ctx)
	if err != nil {
		return err
	}
	for _, c := range conflicts {
		fmt.Fprintf(g.stderr, text(g.lang,
			"pairstat: warning: %d %s %s: the ledger gives %s, a direct figure %s; the ledger's value counts\n",
			"pairstat：警告：%d年 %s %s：台账合计为 %s，直接填报数为 %s；以台账为准\n"),
			c.Year, regionName(cat, c.Region, g.lang), indicatorName(cat, c.Indicator, g.lang), c.LedgerValue, c.FigureValue)
	}
	return nil
}

// ingestFile loads one file unless it is known: unchanged since it was
// last seen (same size and modification time, or same content).
func ingestFile(ctx context.Context, cat *transform.Catalog, db *queries.DB, f inputFile, sum *summary, g *globals) error {
	status, id, ok, err := db.Unchanged(ctx, f.name, f.size, f.modified)
	if err != nil {
		return err
	}
	if ok && status != queries.StatusDuplicate && status != queries.StatusSuperseded {
		return sum.known(ctx, db, g, f.name, status, id)
	}
	src, err := describe(f)
	if err != nil {
		return err
	}
	if !f.stable() {
		sum.busy++
		return nil
	}
	seen, err := db.Seen(ctx, src)
	if err != nil {
		return err
	}
	switch {
	case seen.Status == queries.StatusLoaded || seen.Status == queries.StatusRejected || seen.Status == queries.StatusIgnored:
		if err := db.Touch(ctx, seen.ID, f.modified); err != nil {
			return err
		}
		return sum.known(ctx, db, g, f.name, seen.Status, seen.ID)
	case !f.spreadsheet:
		sum.ignored++
		return db.Ignore(ctx, src)
	case seen.LoadedAs != 0:
		if seen.Status != queries.StatusDuplicate {
			if err := db.Record(ctx, src, seen.LoadedAs); err != nil {
				return err
			}
		}
		sum.duplicates++
		return nil
	}
	problems, res, err := convert(cat, f)
	if err != nil {
		return err
	}
	defer res.Release()
	if len(problems) > 0 {
		for _, p := range problems {
			p.CauseZh = causeZh(p.Err)
		}
		printRejects(g.stderr, g.lang, src.Path, problems)
		sum.rejected++
		return db.Reject(ctx, src, problems)
	}
	if _, err := db.Load(ctx, src, res); err != nil {
		return err
	}
	sum.loaded++
	return nil
}

// known counts a file whose content was seen before; a rejected file's
// problems are printed again, so that every run's exit status tells.
func (s *summary) known(ctx context.Context, db *queries.DB, g *globals, name, status string, id int64) error {
	switch status {
	case queries.StatusRejected:
		problems, err := db.Rejects(ctx, id)
		if err != nil {
			return err
		}
		printRejects(g.stderr, g.lang, name, problems)
		s.rejected++
	case queries.StatusIgnored:
		s.ignored++
	default:
		s.unchanged++
	}
	return nil
}

// convert reads and transforms one workbook. Problems reject the file; err
// is a failure of pairstat itself.
func convert(cat *transform.Catalog, f inputFile) ([]*ingest.CellError, *transform.Result, error) {
	empty := &transform.Result{}
	wb, err := ingest.Open(f.path, f.name)
	if err != nil {
		return []*ingest.CellError{asCellError(f.name, err)}, empty, nil
	}
	defer wb.Close()
	res, err := cat.Workbook(wb, transform.Hints{Folder: f.folder})
	if err != nil {
		res.Release()
		return []*ingest.CellError{asCellError(f.name, err)}, empty, nil
	}
	return res.Problems, res, nil
}

// asCellError keeps a positioned error as it is and places any other at the file.
func asCellError(name string, err error) *ingest.CellError {
	if ce, ok := err.(*ingest.CellError); ok {
		return ce
	}
	return &ingest.CellError{File: name, Err: err, Fix: "open the file in Excel and save it again as .xlsx"}
}

// describe hashes a file.
func describe(f inputFile) (queries.Source, error) {
	file, err := os.Open(f.path)
	if err != nil {
		return queries.Source{}, fmt.Errorf("read %s: %w", f.path, err)
	}
	defer file.Close()
	h := sha256.New()
	n, err := io.Copy(h, file)
	if err != nil {
		return queries.Source{}, fmt.Errorf("read %s: %w", f.path, err)
	}
	return queries.Source{Path: f.name, SHA256: hex.EncodeToString(h.Sum(nil)), Size: n, Modified: f.modified}, nil
}

func printRejects(w io.Writer, lang, name string, problems []*ingest.CellError) {
	fmt.Fprintf(w, text(lang, "pairstat: rejected %s (%d problem(s)); nothing of it was loaded:\n",
		"pairstat：拒收 %s（%d 个问题），该文件的数据均未载入：\n"), name, len(problems))
	for _, p := range problems {
		fmt.Fprintf(w, "  %s\n", problemText(p, lang))
	}
}
