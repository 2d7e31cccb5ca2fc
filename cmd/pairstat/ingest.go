package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

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
			cat, db, err := g.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer db.Close()
			sum, err := ingestPaths(cmd.Context(), cat, db, args, g)
			if err != nil {
				return err
			}
			return sum.err()
		},
	}
}

// inputFile is one file found in the paths to ingest.
type inputFile struct {
	path   string // on disk
	name   string // relative to its inbox: the identity of the file
	folder string // first inbox sub-folder, a region hint
}

// summary counts what an ingest did.
type summary struct {
	loaded, unchanged, duplicates, rejected, ignored int
}

func (s summary) text(lang string) string {
	return fmt.Sprintf(text(lang,
		"pairstat: %d loaded, %d unchanged, %d duplicate, %d rejected, %d ignored",
		"pairstat：载入 %d 个，未变 %d 个，重复 %d 个，拒收 %d 个，忽略 %d 个"),
		s.loaded, s.unchanged, s.duplicates, s.rejected, s.ignored)
}

func (s summary) err() error {
	if s.rejected > 0 {
		return errRejected
	}
	return nil
}

// spreadsheetExt lists the extensions read as workbooks; other formats of
// spreadsheets are read too, so that their rejection names them.
var spreadsheetExt = map[string]bool{
	".xlsx": true, ".xlsm": true, ".xltx": true, ".xltm": true,
	".xls": true, ".xlsb": true, ".ods": true, ".fods": true, ".numbers": true,
}

// ignored reports whether a file or folder name is never read: hidden files,
// Excel lock files (~$name.xlsx).
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$")
}

// findInputs expands the paths into the spreadsheet files to ingest, in a
// stable order. A folder is an inbox: names are relative to it.
func findInputs(paths []string) (files []inputFile, skipped []string, err error) {
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, nil, err
		}
		if !info.IsDir() {
			files = append(files, inputFile{path: p, name: filepath.ToSlash(p), folder: filepath.Base(filepath.Dir(p))})
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path != p && ignored(d.Name()) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() {
				return nil
			}
			rel, err := filepath.Rel(p, path)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if !spreadsheetExt[strings.ToLower(filepath.Ext(path))] {
				skipped = append(skipped, rel)
				return nil
			}
			folder := ""
			if i := strings.IndexByte(rel, '/'); i > 0 {
				folder = rel[:i]
			}
			files = append(files, inputFile{path: path, name: rel, folder: folder})
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("walk %s: %w", p, err)
		}
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].name < files[j].name })
	return files, skipped, nil
}

// ingestPaths loads every spreadsheet under paths, each in one transaction,
// printing rejections to stderr.
func ingestPaths(ctx context.Context, cat *transform.Catalog, db *queries.DB, paths []string, g *globals) (summary, error) {
	var sum summary
	files, skipped, err := findInputs(paths)
	if err != nil {
		return sum, err
	}
	sum.ignored = len(skipped)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		if err := ingestFile(ctx, cat, db, f, &sum, g); err != nil {
			return sum, err
		}
	}
	fmt.Fprintln(g.stderr, sum.text(g.lang))
	return sum, warnConflicts(ctx, cat, db, g)
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

// ingestFile loads one file unless its content is already known.
func ingestFile(ctx context.Context, cat *transform.Catalog, db *queries.DB, f inputFile, sum *summary, g *globals) error {
	src, err := describe(f)
	if err != nil {
		return err
	}
	seen, err := db.Seen(ctx, src)
	if err != nil {
		return err
	}
	switch {
	case seen.Status == queries.StatusLoaded:
		sum.unchanged++
		return nil
	case seen.Status == queries.StatusRejected:
		problems, err := db.Rejects(ctx, seen.ID)
		if err != nil {
			return err
		}
		printRejects(g.stderr, g.lang, src.Path, problems)
		sum.rejected++
		return nil
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
	return queries.Source{Path: f.name, SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}, nil
}

func printRejects(w io.Writer, lang, name string, problems []*ingest.CellError) {
	fmt.Fprintf(w, text(lang, "pairstat: rejected %s (%d problem(s)); nothing of it was loaded:\n",
		"pairstat：拒收 %s（%d 个问题），该文件的数据均未载入：\n"), name, len(problems))
	for _, p := range problems {
		fmt.Fprintf(w, "  %s\n", problemText(p, lang))
	}
}
