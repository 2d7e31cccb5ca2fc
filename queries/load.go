package queries

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/duckdb/duckdb-go/v2"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/transform"
)

// Source is one input file: its path relative to the inbox (or as given),
// its content hash, size and modification time, and its location (its
// absolute path on disk; "" when unknown).
type Source struct {
	Path     string
	SHA256   string
	Size     int64
	Modified time.Time
	Location string
}

// Source statuses in the sources table.
const (
	StatusLoaded     = "loaded"
	StatusDuplicate  = "duplicate"
	StatusSuperseded = "superseded"
	StatusRejected   = "rejected"
	StatusIgnored    = "ignored"
)

// Seen is what the database already knows of a source.
type Seen struct {
	// Status of this exact path and content ("" when new).
	Status string
	// ID of that record, when Status is set.
	ID int64
	// LoadedAs is the id of a loaded source with the same content under
	// another path (0 if none).
	LoadedAs int64
	// Elsewhere is the location of a loaded source of the same path
	// recorded at another location ("" if none): another file, when it is
	// still there, of the same name in another inbox.
	Elsewhere string
}

// Unchanged looks up the newest record of a path: when its size and
// modification time are those given, the file has not changed since, and
// its status and id are returned (ok true) without reading the file.
func (db *DB) Unchanged(ctx context.Context, path string, size int64, modified time.Time) (status string, id int64, ok bool, err error) {
	if k := db.known; k != nil {
		status, id, ok = k.unchanged(path, size, modified)
		return status, id, ok, nil
	}
	err = db.sql.QueryRowContext(ctx, unchangedSQL, path, size, modified.UTC().Truncate(time.Microsecond)).Scan(&status, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, false, nil
	}
	if err != nil {
		return "", 0, false, fmt.Errorf("look up %s: %w", path, err)
	}
	return status, id, true, nil
}

// Touch records a new modification time for an unchanged file, so that the
// next run need not read it again.
func (db *DB) Touch(ctx context.Context, id int64, modified time.Time) error {
	if _, err := db.sql.ExecContext(ctx, touchSQL, modified.UTC().Truncate(time.Microsecond), id); err != nil {
		return fmt.Errorf("touch source %d: %w", id, err)
	}
	db.known.touch(id, modified)
	return nil
}

// Seen looks the source up by path and content.
func (db *DB) Seen(ctx context.Context, src Source) (Seen, error) {
	if k := db.known; k != nil {
		return k.seen(src), nil
	}
	var s Seen
	err := db.sql.QueryRowContext(ctx, seenSQL, src.Path, src.SHA256, src.Location).Scan(&s.Status, &s.ID, &s.LoadedAs, &s.Elsewhere)
	if errors.Is(err, sql.ErrNoRows) {
		return Seen{}, nil
	}
	if err != nil {
		return Seen{}, fmt.Errorf("look up %s: %w", src.Path, err)
	}
	return s, nil
}

// Load stores a transformed workbook in one transaction: it supersedes the
// rows of an earlier version under the same path, records the source and
// its sheets and inserts every record batch. On any error nothing is kept.
func (db *DB) Load(ctx context.Context, src Source, res *transform.Result) (int64, error) {
	l := db.BeginLoad(ctx, src)
	for _, table := range transform.TableNames() {
		if err := l.insert(table, res.Batches[table]...); err != nil {
			return 0, l.fail(err)
		}
	}
	return l.Commit(res.Sheets, res.Rows())
}

// Workbook is a transformed workbook to load with LoadAll.
type Workbook struct {
	Source  Source
	Sheets  []transform.SheetReport
	Batches map[string][]arrow.RecordBatch // table name → batches
	Rows    int64
}

// LoadAll stores workbooks in one transaction, with the result of loading
// them one after the other with Load: ids in order, earlier versions of
// their paths superseded. Storing many small workbooks together costs one
// transaction and one insert per table, not one each. On any error
// nothing is kept; the caller may then load them one by one to learn
// which one fails. The workbooks must have distinct paths and contents.
func (db *DB) LoadAll(ctx context.Context, wbs []Workbook) ([]int64, error) {
	paths, contents := map[string]bool{}, map[string]bool{}
	for _, w := range wbs {
		if paths[w.Source.Path] || contents[w.Source.SHA256] {
			return nil, fmt.Errorf("load %s: twice in one LoadAll", w.Source.Path)
		}
		paths[w.Source.Path], contents[w.Source.SHA256] = true, true
	}
	ids := make([]int64, len(wbs))
	err := db.conn(ctx, func(conn *sql.Conn, ar *duckdb.Arrow) error {
		return inTx(ctx, conn, func() error {
			if err := nextIDs(ctx, conn, ids); err != nil {
				return err
			}
			for i, w := range wbs {
				if _, err := db.supersede(ctx, conn, ids[i], w.Source.Path, StatusLoaded); err != nil {
					return err
				}
			}
			for _, table := range transform.TableNames() {
				var batches []arrow.RecordBatch
				for i, w := range wbs {
					var err error
					if batches, err = appendWithSourceID(batches, table, w.Batches[table], ids[i]); err != nil {
						return err
					}
				}
				if err := insertReleasing(ctx, conn, ar, table, batches); err != nil {
					return err
				}
			}
			sources, sheets := make([]sourceRow, len(wbs)), make([]sheetSet, len(wbs))
			for i, w := range wbs {
				sources[i] = sourceRow{ids[i], w.Source, StatusLoaded, 0, w.Rows}
				sheets[i] = sheetSet{ids[i], w.Sheets}
			}
			if err := insertSources(ctx, conn, sources...); err != nil {
				return err
			}
			return insertSheetSets(ctx, conn, sheets...)
		})
	})
	if err != nil {
		return nil, fmt.Errorf("load %d workbooks: %w", len(wbs), err)
	}
	returnFreedMemory()
	for i, w := range wbs {
		db.known.add(ids[i], w.Source, StatusLoaded)
	}
	return ids, nil
}

// withSourceID returns b, a record batch of table, with a first column
// holding id on every row: the rows as the DuckDB table has them.
func withSourceID(table string, b arrow.RecordBatch, id int64) (arrow.RecordBatch, error) {
	if s := transform.Schema(table); s == nil || !b.Schema().Equal(s) {
		return nil, fmt.Errorf("%s: a record batch of schema %v", table, b.Schema())
	}
	ib := array.NewInt64Builder(memory.DefaultAllocator)
	defer ib.Release()
	ib.Reserve(int(b.NumRows()))
	for range b.NumRows() {
		ib.UnsafeAppend(id)
	}
	ids := ib.NewArray()
	defer ids.Release()
	return array.NewRecordBatch(withIDSchema(table), append([]arrow.Array{ids}, b.Columns()...), b.NumRows()), nil
}

// appendWithSourceID appends batches of table, each withSourceID id, to
// dst; on error it releases dst.
func appendWithSourceID(dst []arrow.RecordBatch, table string, batches []arrow.RecordBatch, id int64) ([]arrow.RecordBatch, error) {
	for _, b := range batches {
		w, err := withSourceID(table, b, id)
		if err != nil {
			releaseAll(dst)
			return nil, err
		}
		dst = append(dst, w)
	}
	return dst, nil
}

// withIDSchema is the Arrow schema of table with the source_id column first.
func withIDSchema(table string) *arrow.Schema {
	fields := []arrow.Field{{Name: "source_id", Type: arrow.PrimitiveTypes.Int64}}
	return arrow.NewSchema(append(fields, transform.Schema(table).Fields()...), nil)
}

// Loading is a workbook being loaded while it is still being read: its
// record batches are inserted one by one as they are made, in one
// transaction on a connection of its own, which Commit ends by recording
// the source and its sheets, and Rollback by leaving the database as it
// was. Its methods are for one goroutine: a DuckDB connection has one
// owner.
type Loading struct {
	db   *DB
	ctx  context.Context
	src  Source
	conn *sql.Conn
	ar   *duckdb.Arrow
	id   int64
	// superseded is whether the path had a loaded version, whose rows the
	// transaction deleted.
	superseded bool
	err        error // the first error: only Rollback is left
}

// BeginLoad starts loading src. The transaction begins with the first
// Insert (or Commit), so that a workbook rejected before any batch costs
// the database nothing.
func (db *DB) BeginLoad(ctx context.Context, src Source) *Loading {
	return &Loading{db: db, ctx: ctx, src: src}
}

// begin opens the connection and the transaction, takes the source id and
// supersedes the earlier version of the path.
func (l *Loading) begin() error {
	if l.conn != nil || l.err != nil {
		return l.err
	}
	conn, err := l.db.sql.Conn(l.ctx)
	if err != nil {
		return err
	}
	l.conn = conn
	if err := conn.Raw(func(dc any) error {
		var err error
		l.ar, err = duckdb.NewArrowFromConn(dc.(driver.Conn))
		return err
	}); err != nil {
		return err
	}
	if _, err := conn.ExecContext(l.ctx, beginSQL); err != nil {
		return err
	}
	if l.id, err = nextID(l.ctx, conn); err != nil {
		return err
	}
	l.superseded, err = l.db.supersede(l.ctx, conn, l.id, l.src.Path, StatusLoaded)
	return err
}

// Insert inserts one record batch of table. The batch stays the caller's.
func (l *Loading) Insert(table string, batch arrow.RecordBatch) error {
	if err := l.insert(table, batch); err != nil {
		return l.fail(err)
	}
	returnFreedMemory()
	return nil
}

func (l *Loading) insert(table string, batches ...arrow.RecordBatch) error {
	if len(batches) == 0 {
		return nil
	}
	if err := l.begin(); err != nil {
		return err
	}
	return insertBatches(l.ctx, l.conn, l.ar, l.id, table, batches)
}

// fail records the first error, rolls back and returns the error as Load
// reports it.
func (l *Loading) fail(err error) error {
	if l.err == nil {
		l.err = fmt.Errorf("load %s: %w", l.src.Path, err)
	}
	l.Rollback()
	return l.err
}

// Commit records the source (with its count of rows) and its sheets and
// commits; it returns the source's id.
func (l *Loading) Commit(sheets []transform.SheetReport, rows int64) (int64, error) {
	if err := l.begin(); err != nil {
		return 0, l.fail(err)
	}
	if err := insertSource(l.ctx, l.conn, l.id, l.src, StatusLoaded, 0, rows); err != nil {
		return 0, l.fail(err)
	}
	if err := insertSheets(l.ctx, l.conn, l.id, sheets); err != nil {
		return 0, l.fail(err)
	}
	if _, err := l.conn.ExecContext(l.ctx, commitSQL); err != nil {
		return 0, l.fail(err)
	}
	returnFreedMemory()
	l.close()
	l.db.known.add(l.id, l.src, StatusLoaded)
	return l.id, nil
}

// Rollback abandons the load; the database is as it was before. It does
// nothing after Commit or a Rollback.
func (l *Loading) Rollback() error {
	if l.conn == nil {
		return nil
	}
	defer l.close()
	_, err := l.conn.ExecContext(context.WithoutCancel(l.ctx), rollbackSQL)
	return err
}

func (l *Loading) close() {
	if l.conn != nil {
		l.conn.Close()
		l.conn, l.ar = nil, nil
	}
	if l.err == nil {
		l.err = errors.New("the load is over")
	}
}

// insertSheets records what each sheet was recognised as, in one statement.
func insertSheets(ctx context.Context, conn *sql.Conn, id int64, sheets []transform.SheetReport) error {
	return insertSheetSets(ctx, conn, sheetSet{id, sheets})
}

// sheetSet is the sheets of the source id.
type sheetSet struct {
	id     int64
	sheets []transform.SheetReport
}

// insertSheetSets records the sheets of several sources, and their
// warnings, in one statement each.
func insertSheetSets(ctx context.Context, conn *sql.Conn, sets ...sheetSet) error {
	sheets, warnings := values{stmt: sheetsInsertSQL}, values{stmt: warningsInsertSQL}
	now := time.Now().UTC()
	for _, set := range sets {
		for _, sh := range set.sheets {
			sheets.add(set.id, sh.Sheet, nullString(sh.Kind), nullString(sh.Skipped), sh.HeaderRow,
				nullString(sh.Region), sh.Rows, sh.Excluded, sh.Table, sh.FirstRow, nullString(transform.RowRanges(sh.Footer)))
			for _, w := range sh.Warnings {
				addWarning(&warnings, set.id, w, now)
			}
		}
	}
	if err := sheets.insert(ctx, conn); err != nil {
		return fmt.Errorf("insert sheet: %w", err)
	}
	if err := warnings.insert(ctx, conn); err != nil {
		return fmt.Errorf("insert warning: %w", err)
	}
	return nil
}

// addWarning adds a row of the warnings table: w, of the source id.
func addWarning(v *values, id int64, w transform.Warning, now time.Time) {
	v.add(id, w.File, w.Sheet, nullString(w.Cell), w.Kind, nullString(w.Expected), nullString(w.Found), w.En, w.Zh, now)
}

// ConflictWarning is the warning of a Conflict, kept with the source of
// the figure that does not count.
type ConflictWarning struct {
	SourceID int64
	Warning  transform.Warning
}

// ReplaceConflictWarnings records the warnings of the conflicts between
// figures in place of the earlier ones, in one transaction: like every
// warning they are then listed with their source (the web page, the
// export's 数据来源 sheet), for the database as it is now. When they are
// the ones recorded already (a run that changed nothing), it writes
// nothing.
func (db *DB) ReplaceConflictWarnings(ctx context.Context, ws []ConflictWarning) error {
	recorded, err := queryRows(ctx, db.sql, conflictWarningsSQL, nil, func(rows *sql.Rows) (w ConflictWarning, err error) {
		err = rows.Scan(&w.SourceID, &w.Warning.File, &w.Warning.Sheet, &w.Warning.Cell, &w.Warning.Kind,
			&w.Warning.Expected, &w.Warning.Found)
		return w, err
	})
	if err != nil {
		return fmt.Errorf("read conflict warnings: %w", err)
	}
	if slices.EqualFunc(recorded, ws, func(a, b ConflictWarning) bool {
		b.Warning.En, b.Warning.Zh = "", "" // the figures decide; the words follow from them
		return a == b
	}) {
		return nil
	}
	err = db.conn(ctx, func(conn *sql.Conn, _ *duckdb.Arrow) error {
		return inTx(ctx, conn, func() error {
			if _, err := conn.ExecContext(ctx, conflictWarningsClearSQL); err != nil {
				return err
			}
			warnings := values{stmt: warningsInsertSQL}
			now := time.Now().UTC()
			for _, w := range ws {
				addWarning(&warnings, w.SourceID, w.Warning, now)
			}
			return warnings.insert(ctx, conn)
		})
	})
	if err != nil {
		return fmt.Errorf("record conflict warnings: %w", err)
	}
	return nil
}

// insertBatches inserts record batches of one table, without their
// source_id, as the rows of source id.
func insertBatches(ctx context.Context, conn *sql.Conn, ar *duckdb.Arrow, id int64, table string, batches []arrow.RecordBatch) error {
	withIDs, err := appendWithSourceID(nil, table, batches, id)
	if err != nil {
		return err
	}
	return insertReleasing(ctx, conn, ar, table, withIDs)
}

// insertReleasing inserts record batches that carry their source_id, then
// releases them.
func insertReleasing(ctx context.Context, conn *sql.Conn, ar *duckdb.Arrow, table string, batches []arrow.RecordBatch) error {
	defer releaseAll(batches)
	if len(batches) == 0 {
		return nil
	}
	return insertThroughView(ctx, conn, ar, table, batches)
}

func releaseAll(batches []arrow.RecordBatch) {
	for _, b := range batches {
		b.Release()
	}
}

// insertThroughView inserts record batches of table (with source_id) by
// column name (insert_<table>.sql), through the Arrow view loadView. The
// view is a one-pass stream: it is read once, then dropped.
func insertThroughView(ctx context.Context, conn *sql.Conn, ar *duckdb.Arrow, table string, batches []arrow.RecordBatch) error {
	stmt := insertSQL(table)
	if stmt == "" {
		return fmt.Errorf("insert %s: not a table", table)
	}
	reader, err := array.NewRecordReader(withIDSchema(table), batches)
	if err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	defer reader.Release()
	release, err := ar.RegisterView(reader, loadView)
	if err != nil {
		return fmt.Errorf("%s: register arrow view: %w", table, err)
	}
	defer release()
	if _, err := conn.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("insert %s: %w", table, err)
	}
	if _, err := conn.ExecContext(ctx, dropLoadViewSQL); err != nil {
		return fmt.Errorf("drop view %s: %w", loadView, err)
	}
	return nil
}

// RecordDuplicate notes a source that is not loaded because its content is
// already loaded under another path (duplicateOf). An earlier version under
// the same path is superseded.
func (db *DB) RecordDuplicate(ctx context.Context, src Source, duplicateOf int64) error {
	return db.note(ctx, src, StatusDuplicate, duplicateOf)
}

// Ignore notes a file that is not a spreadsheet.
func (db *DB) Ignore(ctx context.Context, src Source) error {
	return db.note(ctx, src, StatusIgnored, 0)
}

func (db *DB) note(ctx context.Context, src Source, status string, duplicateOf int64) error {
	var id int64
	err := db.conn(ctx, func(conn *sql.Conn, _ *duckdb.Arrow) error {
		return inTx(ctx, conn, func() error {
			var err error
			if id, err = nextID(ctx, conn); err != nil {
				return err
			}
			if _, err := db.supersede(ctx, conn, id, src.Path, status); err != nil {
				return err
			}
			return insertSource(ctx, conn, id, src, status, duplicateOf, 0)
		})
	})
	if err != nil {
		return fmt.Errorf("record %s: %w", src.Path, err)
	}
	db.known.add(id, src, status)
	return nil
}

// supersede makes the earlier records of path history, superseded by its
// new record id, of status: its rejected, duplicate and ignored records
// always (supersede_records.sql), so that a path's current status is its
// newest record's; its loaded ones, whose rows it deletes, unless the new
// record is a rejection (replacesLoaded). It reports whether loaded ones
// were superseded. While the sources are cached, a new path, the usual
// case, costs no statement.
func (db *DB) supersede(ctx context.Context, conn *sql.Conn, id int64, path, status string) (bool, error) {
	loaded, others := db.known.earlier(path)
	if others {
		if _, err := conn.ExecContext(ctx, supersedeRecordsSQL, id, path); err != nil {
			return false, fmt.Errorf("supersede: %w", err)
		}
	}
	if !loaded || !replacesLoaded(status) {
		return false, nil
	}
	res, err := conn.ExecContext(ctx, supersedeSQL, id, path)
	if err != nil {
		return false, fmt.Errorf("supersede: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return false, nil
	}
	if _, err := conn.ExecContext(ctx, supersedeRowsSQL); err != nil {
		return false, fmt.Errorf("supersede rows: %w", err)
	}
	return true, nil
}

// replacesLoaded reports whether a new record of status replaces the
// loaded version of its path, and its rows: every one but a rejection,
// which leaves the database as it was (SPEC §4), the loaded version
// counting still.
func replacesLoaded(status string) bool { return status != StatusRejected }

// Reject records a rejected source with every problem, in one transaction;
// it supersedes the earlier records of its path but a loaded one
// (supersede).
func (db *DB) Reject(ctx context.Context, src Source, problems []*ingest.CellError) error {
	var id int64
	err := db.conn(ctx, func(conn *sql.Conn, _ *duckdb.Arrow) error {
		return inTx(ctx, conn, func() error {
			var err error
			if id, err = nextID(ctx, conn); err != nil {
				return err
			}
			if _, err := db.supersede(ctx, conn, id, src.Path, StatusRejected); err != nil {
				return err
			}
			if err := insertSource(ctx, conn, id, src, StatusRejected, 0, 0); err != nil {
				return err
			}
			rejects := values{stmt: rejectsInsertSQL}
			now := time.Now().UTC()
			for _, p := range problems {
				rejects.add(id, src.Path, nullString(p.Sheet), nullString(p.Cell), nullString(p.Value),
					p.Err.Error(), nullString(p.Fix), nullString(p.CauseZh), nullString(p.FixZh), now)
			}
			return rejects.insert(ctx, conn)
		})
	})
	if err != nil {
		return fmt.Errorf("record rejection of %s: %w", src.Path, err)
	}
	db.known.add(id, src, StatusRejected)
	return nil
}

// Rejects returns the recorded problems of a rejected source.
func (db *DB) Rejects(ctx context.Context, id int64) ([]*ingest.CellError, error) {
	out, err := queryRows(ctx, db.sql, rejectsSQL, []any{id}, func(rows *sql.Rows) (*ingest.CellError, error) {
		var file, reason string
		var sheet, cell, value, fix, reasonZh, fixZh sql.NullString
		err := rows.Scan(&file, &sheet, &cell, &value, &reason, &fix, &reasonZh, &fixZh)
		return &ingest.CellError{File: file, Sheet: sheet.String, Cell: cell.String,
			Value: value.String, Err: errors.New(reason), Fix: fix.String, CauseZh: reasonZh.String, FixZh: fixZh.String}, err
	})
	if err != nil {
		return nil, fmt.Errorf("read rejects: %w", err)
	}
	return out, nil
}

// nextIDs takes a source id for each element of ids, in increasing order.
func nextIDs(ctx context.Context, conn *sql.Conn, ids []int64) error {
	got, err := queryRows(ctx, conn, nextIDsSQL, []any{len(ids)}, func(rows *sql.Rows) (id int64, err error) {
		return id, rows.Scan(&id)
	})
	if err != nil {
		return fmt.Errorf("next source ids: %w", err)
	}
	if len(got) != len(ids) {
		return fmt.Errorf("next source ids: %d of %d", len(got), len(ids))
	}
	copy(ids, got)
	slices.Sort(ids)
	return nil
}

// nextID takes one source id.
func nextID(ctx context.Context, conn *sql.Conn) (int64, error) {
	ids := make([]int64, 1)
	err := nextIDs(ctx, conn, ids)
	return ids[0], err
}

func insertSource(ctx context.Context, conn *sql.Conn, id int64, src Source, status string, duplicateOf, rows int64) error {
	return insertSources(ctx, conn, sourceRow{id, src, status, duplicateOf, rows})
}

// sourceRow is one row of the sources table.
type sourceRow struct {
	id          int64
	src         Source
	status      string
	duplicateOf int64
	rows        int64
}

// insertSources records sources in one statement.
func insertSources(ctx context.Context, conn *sql.Conn, rows ...sourceRow) error {
	sources := values{stmt: sourcesInsertSQL}
	now := time.Now().UTC()
	for _, r := range rows {
		var dup any
		if r.duplicateOf != 0 {
			dup = r.duplicateOf
		}
		var modified any
		if !r.src.Modified.IsZero() {
			modified = r.src.Modified.UTC().Truncate(time.Microsecond)
		}
		sources.add(r.id, r.src.Path, r.src.SHA256, r.src.Size, modified, r.status, dup, r.rows, now, nullString(r.src.Location))
	}
	if err := sources.insert(ctx, conn); err != nil {
		return fmt.Errorf("insert source: %w", err)
	}
	return nil
}

// inTx runs fn inside BEGIN … COMMIT on conn, rolling back on error.
func inTx(ctx context.Context, conn *sql.Conn, fn func() error) (err error) {
	if _, err := conn.ExecContext(ctx, beginSQL); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			if _, rbErr := conn.ExecContext(context.WithoutCancel(ctx), rollbackSQL); rbErr != nil {
				err = errors.Join(err, rbErr)
			}
		}
	}()
	if err := fn(); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, commitSQL)
	return err
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
