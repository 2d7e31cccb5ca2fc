package pipeline

import (
	"context"
	"errors"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// Summary counts what a load did.
type Summary struct {
	Loaded, Unchanged, Duplicates, Rejected, Ignored, Busy int
}

// Events receives what a load does, as it does it, on the writer's
// goroutine: the caller renders it (messages, a progress bar).
type Events interface {
	// Started: the writer begins with this many files.
	Started(files int)
	// Stored: one more file is dealt with (loaded, rejected, known…).
	Stored()
	// Rows: this many more rows are stored.
	Rows(n int64)
	// Loaded: a workbook is loaded, with these warnings.
	Loaded(name string, warnings []transform.Warning)
	// Rejected: a workbook is rejected (now, or in an earlier run), nothing
	// of it loaded.
	Rejected(name string, problems []*ingest.CellError)
	// Ignored: a file of an inbox whose extension is not a spreadsheet's
	// is recorded as ignored, unread. It is told when it is recorded,
	// once: a later load finds it unchanged (or its content known) and
	// only counts it.
	Ignored(name string)
	// Finished: the writer is done.
	Finished()
}

// Options are how a load runs.
type Options struct {
	// Workers is how many workbooks are read at once (at least 1).
	Workers int
	// Problems are those of a converted workbook that reject it.
	Problems func(res *transform.Result) []*ingest.CellError
	// ReadFailure is the problem of a workbook that could not be read.
	ReadFailure func(name string, err error) []*ingest.CellError
	Events      Events
	// TuneGC sets the collector for the load, and back after it (see
	// TuneGC).
	TuneGC bool
}

// Load takes the files into the database in order, each in its own
// transaction: it reads, converts and stores them.
func Load(ctx context.Context, cat *transform.Catalog, db Store, files []File, o Options) (Summary, error) {
	if len(files) == 0 {
		return Summary{}, nil
	}
	if o.TuneGC {
		defer TuneGC()()
	}
	release, err := db.CacheSources(ctx)
	if err != nil {
		return Summary{}, err
	}
	defer release()
	restore, err := db.LoadSettings(ctx)
	if err != nil {
		return Summary{}, err
	}
	defer restore()
	tasks, toRead, err := plan(ctx, db, files)
	if err != nil {
		return Summary{}, err
	}
	p := startPipeline(ctx, cat, db, toRead, o)
	defer p.stop()
	return p.storeAll(tasks)
}

// plan makes a task of every file; the files unchanged since the last run
// are known at once, the others are to be read.
func plan(ctx context.Context, db Store, files []File) (tasks, toRead []*task, err error) {
	tasks = make([]*task, len(files))
	for i, f := range files {
		t := &task{f: f}
		status, id, ok, err := db.Unchanged(ctx, f.Name, f.Size, f.Modified)
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

// storeAll is the writer: it stores the tasks in order, telling the
// events.
func (p *pipeline) storeAll(tasks []*task) (Summary, error) {
	var sum Summary
	p.events.Started(len(tasks))
	defer p.events.Finished()
	for i := 0; i < len(tasks); {
		if err := p.ctx.Err(); err != nil {
			return sum, err
		}
		if t := tasks[i]; t.known {
			if err := p.known(&sum, t.f, t.status, t.id); err != nil {
				return sum, err
			}
			p.events.Stored()
			i++
			continue
		}
		n, err := p.store(tasks[i:], &sum)
		for range n {
			p.done()
			p.events.Stored()
		}
		if err != nil {
			return sum, err
		}
		i += n
	}
	return sum, p.loadOrphans(tasks, &sum)
}

// loadOrphans loads in its place each duplicate of the tasks whose original
// a later task superseded. A duplicate is decided by what is loaded when it
// is stored, and the files are stored in order (an inbox's by name): a
// corrected version of its original may come after it (copy.xlsx, then
// fund.xlsx). Loading it then leaves no file a duplicate of a content no
// longer loaded. Such a load supersedes no loaded rows (the duplicate's
// record superseded those of its path), so one round is enough.
func (p *pipeline) loadOrphans(tasks []*task, sum *Summary) error {
	for _, t := range tasks {
		if !t.duplicate {
			continue
		}
		seen, err := p.db.Seen(p.ctx, t.src)
		if err != nil {
			return err
		}
		if seen.LoadedAs != 0 {
			continue
		}
		if !t.f.Recheck {
			sum.Duplicates--
		}
		t.duplicate, t.converted = false, false // its conversion was abandoned: store makes another
		if _, err := p.store([]*task{t}, sum); err != nil {
			return err
		}
	}
	return nil
}

// Files are read in parallel and stored in order. Reading a workbook costs
// far more than storing it, so up to Options.Workers workbooks are read
// and converted at once, each on a goroutine of its own,
// while one writer — the goroutine of Load, as DuckDB allows one
// writer — stores them in file order as their record batches arrive: the
// source ids, messages and results are those of loading the files one by
// one, and a large workbook is loaded while it is still being read.

// Bounds of the work in flight: workbooks read ahead of the one being
// stored (per worker), and record batches converted ahead of storing (per
// workbook). One batch ahead is enough to keep the converter and the
// writer both at work; each batch more is up to 8,192 rows held (some 2
// MB of a text-heavy ledger) with no gain in time (README, Performance).
const (
	filesAhead   = 8
	batchesAhead = 1
)

// Bounds of a group of workbooks stored in one transaction (see store).
const (
	groupFiles = 64
	groupRows  = 64 * 1024
)

// task is one input file on its way into the database.
type task struct {
	f File
	// known: unchanged since the last run, with the status and id it got.
	known  bool
	status string
	id     int64
	// duplicate: the writer recorded (or kept) it as a duplicate.
	duplicate bool

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
	t.sent = 0
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
	db    Store
	tasks []*task
	todo  chan *task
	slots chan struct{} // one per task read and not yet stored
	quit  chan struct{}
	wg    sync.WaitGroup
	// problems and readFailure judge the workbooks (Options).
	problems    func(*transform.Result) []*ingest.CellError
	readFailure func(string, error) []*ingest.CellError
	events      Events // the writer's
}

func startPipeline(ctx context.Context, cat *transform.Catalog, db Store, tasks []*task, o Options) *pipeline {
	workers := o.Workers
	p := &pipeline{ctx: ctx, cat: cat, db: db, tasks: tasks, todo: make(chan *task),
		problems: o.Problems, readFailure: o.ReadFailure, events: o.Events,
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
// its content (a guess from the sources known: the writer decides). Once
// finished is closed the reader no longer touches the task.
func (p *pipeline) read(t *task) {
	t.src, t.err = Describe(t.f)
	if t.err == nil {
		t.stable = t.f.Stable()
	}
	t.converted = t.err == nil && t.stable && t.f.Spreadsheet && p.unknown(t.src)
	close(t.ready)
	p.finishConversion(t)
}

// finishConversion converts the task's workbook when it is to be
// converted, then closes its batches and, last, finished.
func (p *pipeline) finishConversion(t *task) {
	if t.converted {
		p.convert(t)
	}
	close(t.batches)
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

// convert reads and converts the task's workbook, sending its batches as
// they are made. A workbook that cannot be read has a problem, as in Check.
func (p *pipeline) convert(t *task) {
	t.res = &transform.Result{}
	wb, err := ingest.Open(t.f.Path, t.f.Name)
	if err != nil {
		t.problems = p.readFailure(t.f.Name, err)
		return
	}
	defer wb.Close()
	res, err := p.cat.Stream(wb, transform.Hints{Folder: t.f.Folder}, func(table string, b arrow.RecordBatch) error {
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
		t.problems = p.readFailure(t.f.Name, err)
	default:
		t.res, t.problems = res, p.problems(res)
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
func (p *pipeline) store(tasks []*task, sum *Summary) (int, error) {
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
		sum.Busy++
		return 1, nil
	}
	seen, err := db.Seen(ctx, t.src)
	if err != nil {
		p.abandon(t)
		return 1, err
	}
	var elsewhere *ingest.CellError // a file of the same name in another folder, loaded
	if seen.Elsewhere != "" {
		elsewhere = sameName(t.f, seen.Elsewhere)
	}
	switch {
	case seen.Status == queries.StatusLoaded || seen.Status == queries.StatusRejected || seen.Status == queries.StatusIgnored:
		p.abandon(t)
		if err := db.Touch(ctx, seen.ID, t.f.Modified); err != nil {
			return 1, err
		}
		return 1, p.known(sum, t.f, seen.Status, seen.ID)
	case elsewhere != nil:
		// Rejected, not recorded: the cause is another file, and once that
		// one is gone this one is its path's new version.
		p.abandon(t)
		p.events.Rejected(t.f.Path, []*ingest.CellError{elsewhere})
		sum.Rejected++
		return 1, nil
	case !t.f.Spreadsheet:
		p.abandon(t)
		sum.Ignored++
		if err := db.Ignore(ctx, t.src); err != nil {
			return 1, err
		}
		p.events.Ignored(t.src.Path)
		return 1, nil
	case seen.LoadedAs != 0:
		p.abandon(t)
		t.duplicate = true
		if seen.Status != queries.StatusDuplicate {
			if err := db.RecordDuplicate(ctx, t.src, seen.LoadedAs); err != nil {
				return 1, err
			}
		}
		if !t.f.Recheck {
			sum.Duplicates++
		}
		return 1, nil
	}
	if !t.converted {
		// The reader took the content for known, and it is not (any more):
		// read it now, once the reader is done with the task.
		<-t.finished
		t.newConversion()
		t.converted = true
		p.wg.Go(func() { p.finishConversion(t) })
	}
	if group := p.group(tasks); len(group) > 1 {
		return len(group), p.storeGroup(group, sum)
	}
	return 1, p.stream(t, sum)
}

// group returns the tasks, from the first, that can be stored in one
// transaction: new workbooks of distinct paths and contents, converted
// without problems into one batch each. It waits for the conversions of
// the first half of the tasks the readers may take up (slots): the writer
// has nothing else to do meanwhile, and storing many workbooks in one
// transaction costs much less of the CPUs the readers need. Of the second
// half it takes only those already converted, so that the readers go on
// with them while the group is stored: waiting for the whole window held
// every slot, and the readers and the writer took turns instead of working
// at once (README, Performance). It stops at the first large one (several
// batches): that one is streamed.
func (p *pipeline) group(tasks []*task) []*task {
	var group []*task
	paths, contents := map[string]bool{}, map[string]bool{}
	var rows int64
	waitFor := max(1, cap(p.slots)/2)
	for i, t := range tasks {
		if len(group) == groupFiles || i >= cap(p.slots) || t.known {
			break
		}
		if i >= waitFor && !closed(t.finished) || !p.converted(t) {
			break
		}
		if len(t.problems) > 0 || paths[t.src.Path] || contents[t.src.SHA256] {
			break
		}
		if i > 0 && (!t.stable || !t.f.Spreadsheet || !p.unknown(t.src)) { // the first is known to be new
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
func (p *pipeline) storeGroup(group []*task, sum *Summary) error {
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
		sum.Loaded += len(wbs)
		for _, t := range group {
			p.events.Rows(t.res.Rows())
			p.events.Loaded(t.src.Path, t.res.Warnings())
		}
		return nil
	}
	for i, w := range wbs {
		if _, err := p.db.LoadAll(p.ctx, []queries.Workbook{w}); err != nil {
			return err
		}
		sum.Loaded++
		p.events.Rows(w.Rows)
		p.events.Loaded(w.Source.Path, group[i].res.Warnings())
	}
	return nil
}

// stream loads one workbook as its batches arrive, or records its
// rejection.
func (p *pipeline) stream(t *task, sum *Summary) error {
	ctx, db := p.ctx, p.db
	load := db.BeginLoad(ctx, t.src)
	for b := range t.batches {
		err := load.Insert(b.table, b.batch)
		p.events.Rows(b.batch.NumRows())
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
		p.events.Rejected(t.src.Path, t.problems)
		sum.Rejected++
		return db.Reject(ctx, t.src, t.problems)
	}
	if err := ctx.Err(); err != nil { // the conversion may have stopped short
		load.Rollback()
		return err
	}
	if _, err := load.Commit(t.res.Sheets, t.res.Rows()); err != nil {
		return err
	}
	p.events.Loaded(t.src.Path, t.res.Warnings())
	sum.Loaded++
	return nil
}

// known counts a file whose content was seen before; a rejected file's
// problems are told again (Events.Rejected), so that every run's exit
// status tells. A File.Recheck is neither counted nor told.
func (p *pipeline) known(s *Summary, f File, status string, id int64) error {
	if f.Recheck {
		return nil
	}
	name := f.Name
	switch status {
	case queries.StatusRejected:
		problems, err := p.db.Rejects(p.ctx, id)
		if err != nil {
			return err
		}
		p.events.Rejected(name, problems)
		s.Rejected++
	case queries.StatusIgnored:
		s.Ignored++
	default:
		s.Unchanged++
	}
	return nil
}

// Check reads and converts one workbook, as a load would, and judges it,
// storing nothing. Problems reject the file; err is a failure of pairstat
// itself.
func (o Options) Check(cat *transform.Catalog, f File) ([]*ingest.CellError, *transform.Result, error) {
	empty := &transform.Result{}
	wb, err := ingest.Open(f.Path, f.Name)
	if err != nil {
		return o.ReadFailure(f.Name, err), empty, nil
	}
	defer wb.Close()
	res, err := cat.Workbook(wb, transform.Hints{Folder: f.Folder})
	if err != nil {
		res.Release()
		return o.ReadFailure(f.Name, err), empty, nil
	}
	return o.Problems(res), res, nil
}
