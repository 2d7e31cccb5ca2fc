package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
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
	files, skipped, err := findInputs(paths, g.db)
	if err != nil {
		return summary{}, err
	}
	files, busy := settle(ctx, files, quietPeriod, settleLimit)
	sum, err := ingestFiles(ctx, cat, db, files, g)
	sum.ignored += reportSkipped(g.stderr, g.lang, skipped)
	sum.busy += len(busy)
	for _, f := range busy {
		fmt.Fprintf(g.stderr, text(g.lang, "pairstat: %s is still being written; it will be read by the next run\n",
			"pairstat：%s 仍在写入，下次运行时再读取\n"), ingest.QuoteName(f.name))
	}
	if err != nil {
		return sum, err
	}
	fmt.Fprintln(g.stderr, sum.text(g.lang))
	return sum, warnConflicts(ctx, cat, db, g)
}

// ingestFiles loads the files in order, each in its own transaction.
func ingestFiles(ctx context.Context, cat *transform.Catalog, db *queries.DB, files []inputFile, g *globals) (summary, error) {
	if len(files) == 0 {
		return summary{}, nil
	}
	defer tuneGC()()
	release, err := db.CacheSources(ctx)
	if err != nil {
		return summary{}, err
	}
	defer release()
	restore, err := db.OneThread(ctx)
	if err != nil {
		return summary{}, err
	}
	defer restore()
	tasks, toRead, err := plan(ctx, db, files)
	if err != nil {
		return summary{}, err
	}
	p := startPipeline(ctx, cat, db, toRead, g.workers(), g.strict)
	defer p.stop()
	return p.storeAll(tasks, g)
}

// plan makes a task of every file; the files unchanged since the last run
// are known at once, the others are to be read.
func plan(ctx context.Context, db *queries.DB, files []inputFile) (tasks, toRead []*task, err error) {
	tasks = make([]*task, len(files))
	for i, f := range files {
		t := &task{f: f}
		status, id, ok, err := db.Unchanged(ctx, f.name, f.size, f.modified)
		if err != nil {
			return nil, nil, err
		}
		if ok && status != queries.StatusDuplicate && status != queries.StatusSuperseded {
			t.known, t.status, t.id = true, status, id
		} else {
			t.ready = make(chan struct{})
			t.newConversion()
			toRead = append(toRead, t)
		}
		tasks[i] = t
	}
	return tasks, toRead, nil
}

// storeAll is the writer: it stores the tasks in order, showing its
// progress on a terminal.
func (p *pipeline) storeAll(tasks []*task, g *globals) (summary, error) {
	var sum summary
	p.progress = newProgress(g.stderr, len(tasks), g.lang)
	defer p.progress.finish()
	shown := *g
	shown.stderr = p.progress // messages clear the bar before they print
	g = &shown
	for i := 0; i < len(tasks); {
		if err := p.ctx.Err(); err != nil {
			return sum, err
		}
		if t := tasks[i]; t.known {
			if err := sum.known(p.ctx, p.db, g, t.f.name, t.status, t.id); err != nil {
				return sum, err
			}
			p.progress.file()
			i++
			continue
		}
		n, err := p.store(tasks[i:], &sum, g)
		for range n {
			p.done()
			p.progress.file()
		}
		if err != nil {
			return sum, err
		}
		i += n
	}
	return sum, nil
}

// Files are read in parallel and stored in order. Reading a workbook costs
// far more than storing it, so up to --jobs workbooks (one per CPU by
// default) are read and converted at once, each on a goroutine of its own,
// while one writer — the goroutine of ingestFiles, as DuckDB allows one
// writer — stores them in file order as their record batches arrive: the
// source ids, messages and results are those of loading the files one by
// one, and a large workbook is loaded while it is still being read.

// Bounds of the work in flight: workbooks read ahead of the one being
// stored (per worker), and record batches converted ahead of storing (per
// workbook).
const (
	filesAhead   = 8
	batchesAhead = 4
)

// Bounds of a group of workbooks stored in one transaction (see store).
const (
	groupFiles = 64
	groupRows  = 64 * 1024
)

// workers is how many workbooks are read at once.
func (g *globals) workers() int {
	if g.jobs > 0 {
		return g.jobs
	}
	return runtime.GOMAXPROCS(0)
}

// task is one input file on its way into the database.
type task struct {
	f inputFile
	// known: unchanged since the last run, with the status and id it got.
	known  bool
	status string
	id     int64

	// Set by the reader before ready is closed.
	ready     chan struct{}
	src       queries.Source
	err       error // reading the file failed: the run stops
	stable    bool  // not changed since it was found
	converted bool  // the reader converts it: batches will come

	// The conversion: batches as they are made; when it is closed, the
	// result.
	batches  chan tableBatch
	cancel   chan struct{} // closed by the writer to abandon the conversion
	finished chan struct{} // closed when the conversion is over (or none is made)
	large    chan struct{} // closed when a second batch comes: it is streamed
	sent     int           // batches sent
	res      *transform.Result
	problems []*ingest.CellError
}

// newConversion makes the channels of the task's conversion.
func (t *task) newConversion() {
	t.batches, t.cancel = make(chan tableBatch, batchesAhead), make(chan struct{})
	t.finished, t.large = make(chan struct{}), make(chan struct{})
}

// tableBatch is one record batch of a table.
type tableBatch struct {
	table string
	batch arrow.RecordBatch
}

// errAbandoned stops a conversion whose batches are no longer wanted.
var errAbandoned = errors.New("conversion abandoned")

// pipeline reads the tasks on worker goroutines, in order, at most
// workers × filesAhead tasks ahead of the writer.
type pipeline struct {
	ctx   context.Context
	cat   *transform.Catalog
	db    *queries.DB
	tasks []*task
	todo  chan *task
	slots chan struct{} // one per task read and not yet stored
	quit  chan struct{}
	wg    sync.WaitGroup
	// strict: a workbook with a warning is rejected.
	strict bool
	// progress is the writer's, set by storeAll.
	progress *progress
}

func startPipeline(ctx context.Context, cat *transform.Catalog, db *queries.DB, tasks []*task, workers int, strict bool) *pipeline {
	p := &pipeline{ctx: ctx, cat: cat, db: db, tasks: tasks, strict: strict, todo: make(chan *task),
		slots: make(chan struct{}, workers*filesAhead), quit: make(chan struct{})}
	p.wg.Go(func() {
		defer close(p.todo)
		for _, t := range tasks {
			select {
			case p.slots <- struct{}{}:
			case <-p.quit:
				return
			}
			select {
			case p.todo <- t:
			case <-p.quit:
				return
			}
		}
	})
	for range workers {
		p.wg.Go(func() {
			for t := range p.todo {
				p.read(t)
			}
		})
	}
	return p
}

// done frees the slot of a task stored.
func (p *pipeline) done() { <-p.slots }

// stop ends the reading, waits for the workers and releases the batches
// nobody stored.
func (p *pipeline) stop() {
	close(p.quit)
	p.wg.Wait()
	for _, t := range p.tasks {
		for drained := false; !drained; {
			select {
			case b, ok := <-t.batches:
				if !ok {
					drained = true
				} else {
					b.batch.Release()
				}
			default:
				drained = true
			}
		}
	}
}

// read hashes the file and converts it, unless the database already has
// its content (a guess from the sources known: the writer decides).
func (p *pipeline) read(t *task) {
	defer close(t.batches)
	t.src, t.err = describe(t.f)
	if t.err == nil {
		t.stable = t.f.stable()
	}
	t.converted = t.err == nil && t.stable && t.f.spreadsheet && p.unknown(t.src)
	close(t.ready)
	if t.converted {
		p.convert(t)
	}
	close(t.finished)
}

// unknown reports whether the database has no use for src's content yet:
// then it must be read.
func (p *pipeline) unknown(src queries.Source) bool {
	seen, err := p.db.Seen(p.ctx, src)
	if err != nil {
		return true
	}
	switch seen.Status {
	case queries.StatusLoaded, queries.StatusRejected, queries.StatusIgnored:
		return false
	}
	return seen.LoadedAs == 0
}

// convert reads and transforms the task's workbook, sending its batches as
// they are made. A workbook that cannot be read has a problem, as in convert.
func (p *pipeline) convert(t *task) {
	t.res = &transform.Result{}
	wb, err := ingest.Open(t.f.path, t.f.name)
	if err != nil {
		t.problems = readFailure(t.f.name, err)
		return
	}
	defer wb.Close()
	res, err := p.cat.Stream(wb, transform.Hints{Folder: t.f.folder}, func(table string, b arrow.RecordBatch) error {
		if t.sent++; t.sent == 2 {
			close(t.large)
		}
		select {
		case t.batches <- tableBatch{table, b}:
			return nil
		case <-t.cancel:
		case <-p.quit:
		case <-p.ctx.Done():
		}
		b.Release()
		return errAbandoned
	})
	switch {
	case errors.Is(err, errAbandoned):
	case err != nil:
		t.problems = readFailure(t.f.name, err)
	default:
		t.res, t.problems = res, rejections(res, p.strict)
	}
}

// abandon drops the task's conversion and waits until it has stopped.
func (p *pipeline) abandon(t *task) {
	close(t.cancel)
	for b := range t.batches {
		b.batch.Release()
	}
}

// store does what the database needs for the first of tasks: nothing for
// a content it has, a record for a duplicate or an ignored file, the rows
// of a new workbook (or its rejection). It returns how many tasks it
// handled: when the workbooks that follow are new and already converted —
// the readers are ahead — they are stored with it in one transaction.
func (p *pipeline) store(tasks []*task, sum *summary, g *globals) (int, error) {
	t := tasks[0]
	ctx, db := p.ctx, p.db
	select {
	case <-t.ready:
	case <-ctx.Done():
		return 1, ctx.Err()
	}
	if t.err != nil {
		return 1, t.err
	}
	if !t.stable {
		sum.busy++
		return 1, nil
	}
	seen, err := db.Seen(ctx, t.src)
	if err != nil {
		p.abandon(t)
		return 1, err
	}
	switch {
	case seen.Status == queries.StatusLoaded || seen.Status == queries.StatusRejected || seen.Status == queries.StatusIgnored:
		p.abandon(t)
		if err := db.Touch(ctx, seen.ID, t.f.modified); err != nil {
			return 1, err
		}
		return 1, sum.known(ctx, db, g, t.f.name, seen.Status, seen.ID)
	case !t.f.spreadsheet:
		p.abandon(t)
		sum.ignored++
		return 1, db.Ignore(ctx, t.src)
	case seen.LoadedAs != 0:
		p.abandon(t)
		if seen.Status != queries.StatusDuplicate {
			if err := db.Record(ctx, t.src, seen.LoadedAs); err != nil {
				return 1, err
			}
		}
		sum.duplicates++
		return 1, nil
	}
	if !t.converted {
		// The reader took the content for known, and it is not (any more):
		// read it now.
		t.newConversion()
		t.converted = true
		p.wg.Go(func() {
			defer close(t.batches)
			p.convert(t)
			close(t.finished)
		})
	}
	if group := p.group(tasks); len(group) > 1 {
		return len(group), p.storeGroup(group, sum, g)
	}
	return 1, p.stream(t, sum, g)
}

// group returns the tasks, from the first, that can be stored in one
// transaction: new workbooks of distinct paths and contents, converted
// without problems into one batch each. It waits for their conversions:
// the writer has nothing else to do meanwhile, and storing many workbooks
// in one transaction costs much less of the CPUs the readers need. It
// waits only for tasks that the readers may take up (slots), and stops at
// the first large one (several batches): that one is streamed.
func (p *pipeline) group(tasks []*task) []*task {
	var group []*task
	paths, contents := map[string]bool{}, map[string]bool{}
	var rows int64
	for i, t := range tasks {
		if len(group) == groupFiles || i >= cap(p.slots) || t.known || !p.converted(t) {
			break
		}
		if len(t.problems) > 0 || paths[t.src.Path] || contents[t.src.SHA256] {
			break
		}
		if i > 0 && (!t.stable || !t.f.spreadsheet || !p.unknown(t.src)) { // the first is known to be new
			break
		}
		if rows += t.res.Rows(); rows > groupRows && i > 0 {
			break
		}
		paths[t.src.Path], contents[t.src.SHA256] = true, true
		group = append(group, t)
	}
	return group
}

// converted waits until the task's conversion is over, and reports
// whether it made one batch at most; false too for a task not converted.
func (p *pipeline) converted(t *task) bool {
	select {
	case <-t.ready:
	case <-p.ctx.Done():
		return false
	}
	if !t.converted {
		return false
	}
	select {
	case <-t.finished:
		return !closed(t.large)
	case <-t.large:
	case <-p.ctx.Done():
	}
	return false
}

// closed reports whether c is closed (c is only ever closed, never sent on).
func closed(c chan struct{}) bool {
	if c == nil {
		return false
	}
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// storeGroup loads converted workbooks in one transaction. Should it fail,
// they are loaded one by one, which stops at the one that fails, as loading
// them one by one from the start would have.
func (p *pipeline) storeGroup(group []*task, sum *summary, g *globals) error {
	wbs := make([]queries.Workbook, len(group))
	for i, t := range group {
		w := queries.Workbook{Source: t.src, Sheets: t.res.Sheets, Rows: t.res.Rows(), Batches: map[string][]arrow.RecordBatch{}}
		for b := range t.batches {
			w.Batches[b.table] = append(w.Batches[b.table], b.batch)
		}
		wbs[i] = w
	}
	defer func() {
		for _, w := range wbs {
			for _, bs := range w.Batches {
				for _, b := range bs {
					b.Release()
				}
			}
		}
	}()
	if _, err := p.db.LoadAll(p.ctx, wbs); err == nil {
		sum.loaded += len(wbs)
		for _, t := range group {
			p.progress.loaded(t.res.Rows())
			printWarnings(g.stderr, g.lang, t.res.Warnings())
		}
		return nil
	}
	for i, w := range wbs {
		if _, err := p.db.LoadAll(p.ctx, []queries.Workbook{w}); err != nil {
			return err
		}
		sum.loaded++
		p.progress.loaded(w.Rows)
		printWarnings(g.stderr, g.lang, group[i].res.Warnings())
	}
	return nil
}

// stream loads one workbook as its batches arrive, or records its
// rejection.
func (p *pipeline) stream(t *task, sum *summary, g *globals) error {
	ctx, db := p.ctx, p.db
	load := db.BeginLoad(ctx, t.src)
	for b := range t.batches {
		err := load.Insert(b.table, b.batch)
		p.progress.loaded(b.batch.NumRows())
		b.batch.Release()
		if err != nil {
			p.abandon(t)
			return err
		}
	}
	if len(t.problems) > 0 {
		if err := load.Rollback(); err != nil {
			return err
		}
		printRejects(g.stderr, g.lang, t.src.Path, t.problems)
		sum.rejected++
		return db.Reject(ctx, t.src, t.problems)
	}
	if err := ctx.Err(); err != nil { // the conversion may have stopped short
		load.Rollback()
		return err
	}
	if _, err := load.Commit(t.res.Sheets, t.res.Rows()); err != nil {
		return err
	}
	printWarnings(g.stderr, g.lang, t.res.Warnings())
	sum.loaded++
	return nil
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

// convert reads and transforms one workbook. Problems reject the file
// (with strict, warnings too); err is a failure of pairstat itself.
func convert(cat *transform.Catalog, f inputFile, strict bool) ([]*ingest.CellError, *transform.Result, error) {
	empty := &transform.Result{}
	wb, err := ingest.Open(f.path, f.name)
	if err != nil {
		return readFailure(f.name, err), empty, nil
	}
	defer wb.Close()
	res, err := cat.Workbook(wb, transform.Hints{Folder: f.folder})
	if err != nil {
		res.Release()
		return readFailure(f.name, err), empty, nil
	}
	return rejections(res, strict), res, nil
}

// readFailure is the problem of a workbook that could not be read.
func readFailure(name string, err error) []*ingest.CellError {
	problems := []*ingest.CellError{asCellError(name, err)}
	localize(problems)
	return problems
}

// asCellError keeps a positioned error as it is and places any other at the file.
func asCellError(name string, err error) *ingest.CellError {
	if ce, ok := err.(*ingest.CellError); ok {
		return ce
	}
	return &ingest.CellError{File: name, Err: err, Fix: "open the file in Excel and save it again as .xlsx",
		FixZh: "用 Excel 打开该文件，另存为 .xlsx"}
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
		"pairstat：拒收 %s（%d 个问题），该文件的数据均未载入：\n"), ingest.QuoteName(name), len(problems))
	for _, p := range problems {
		fmt.Fprintf(w, "  %s\n", problemText(p, lang))
	}
}
