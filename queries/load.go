package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/transform"
)

// Source is one input file: its path relative to the inbox (or as given),
// its content hash, size and modification time.
type Source struct {
	Path     string
	SHA256   string
	Size     int64
	Modified time.Time
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
}

// Unchanged looks up the newest record of a path: when its size and
// modification time are those given, the file has not changed since, and
// its status and id are returned (ok true) without reading the file.
func (db *DB) Unchanged(ctx context.Context, path string, size int64, modified time.Time) (status string, id int64, ok bool, err error) {
	err = db.sql.QueryRowContext(ctx, statement("unchanged"), path, size, modified.UTC().Truncate(time.Microsecond)).Scan(&status, &id)
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
	if _, err := db.sql.ExecContext(ctx, "UPDATE sources SET modified = ? WHERE id = ?",
		modified.UTC().Truncate(time.Microsecond), id); err != nil {
		return fmt.Errorf("touch source %d: %w", id, err)
	}
	return nil
}

// Seen looks the source up by path and content.
func (db *DB) Seen(ctx context.Context, src Source) (Seen, error) {
	var s Seen
	err := db.sql.QueryRowContext(ctx, statement("seen"), src.Path, src.SHA256).Scan(&s.Status, &s.ID, &s.LoadedAs)
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
func (db *DB) Load(ctx context.Context, src Source, res *transform.Result) (id int64, err error) {
	err = db.conn(ctx, func(conn *sql.Conn, ar *duckdb.Arrow) error {
		return inTx(ctx, conn, func() error {
			var err error
			if id, err = nextID(ctx, conn); err != nil {
				return err
			}
			if err := supersede(ctx, conn, id, src.Path); err != nil {
				return err
			}
			if err := insertSource(ctx, conn, id, src, StatusLoaded, 0, res.Rows()); err != nil {
				return err
			}
			for _, sh := range res.Sheets {
				if _, err := conn.ExecContext(ctx, "INSERT INTO sheets VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
					id, sh.Sheet, nullString(sh.Kind), nullString(sh.Skipped), sh.HeaderRow,
					nullString(sh.Region), sh.Rows, sh.Excluded); err != nil {
					return fmt.Errorf("insert sheet: %w", err)
				}
			}
			for _, table := range transform.TableNames {
				if err := insertBatches(ctx, conn, ar, id, table, res); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		return 0, fmt.Errorf("load %s: %w", src.Path, err)
	}
	return id, nil
}

// insertBatches inserts one table's record batches through a registered
// Arrow view. The view is a one-pass stream: it is read once, then dropped.
func insertBatches(ctx context.Context, conn *sql.Conn, ar *duckdb.Arrow, id int64, table string, res *transform.Result) error {
	batches := res.Batches[table]
	if len(batches) == 0 {
		return nil
	}
	reader, err := array.NewRecordReader(transform.Tables[table], batches)
	if err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	defer reader.Release()
	view := "pairstat_load_" + table
	release, err := ar.RegisterView(reader, view)
	if err != nil {
		return fmt.Errorf("%s: register arrow view: %w", table, err)
	}
	defer release()
	if _, err := conn.ExecContext(ctx, "INSERT INTO "+table+" SELECT ?, * FROM "+view, id); err != nil {
		return fmt.Errorf("insert %s: %w", table, err)
	}
	if _, err := conn.ExecContext(ctx, "DROP VIEW "+view); err != nil {
		return fmt.Errorf("drop view %s: %w", view, err)
	}
	return nil
}

// Record notes a source that is not loaded because its content is already
// loaded under another path (duplicateOf). An earlier version under the same
// path is superseded.
func (db *DB) Record(ctx context.Context, src Source, duplicateOf int64) error {
	return db.note(ctx, src, StatusDuplicate, duplicateOf)
}

// Ignore notes a file that is not a spreadsheet.
func (db *DB) Ignore(ctx context.Context, src Source) error {
	return db.note(ctx, src, StatusIgnored, 0)
}

func (db *DB) note(ctx context.Context, src Source, status string, duplicateOf int64) error {
	err := db.conn(ctx, func(conn *sql.Conn, _ *duckdb.Arrow) error {
		return inTx(ctx, conn, func() error {
			id, err := nextID(ctx, conn)
			if err != nil {
				return err
			}
			if err := supersede(ctx, conn, id, src.Path); err != nil {
				return err
			}
			return insertSource(ctx, conn, id, src, status, duplicateOf, 0)
		})
	})
	if err != nil {
		return fmt.Errorf("record %s: %w", src.Path, err)
	}
	return nil
}

// supersede marks the loaded sources of path as superseded by id and
// deletes their rows.
func supersede(ctx context.Context, conn *sql.Conn, id int64, path string) error {
	if _, err := conn.ExecContext(ctx, statement("supersede"), id, path); err != nil {
		return fmt.Errorf("supersede: %w", err)
	}
	for _, table := range transform.TableNames {
		if _, err := conn.ExecContext(ctx,
			"DELETE FROM "+table+" WHERE source_id IN (SELECT id FROM sources WHERE superseded_by = ?)", id); err != nil {
			return fmt.Errorf("supersede %s: %w", table, err)
		}
	}
	return nil
}

// Reject records a rejected source with every problem, in one transaction.
func (db *DB) Reject(ctx context.Context, src Source, problems []*ingest.CellError) error {
	err := db.conn(ctx, func(conn *sql.Conn, _ *duckdb.Arrow) error {
		return inTx(ctx, conn, func() error {
			id, err := nextID(ctx, conn)
			if err != nil {
				return err
			}
			if err := insertSource(ctx, conn, id, src, StatusRejected, 0, 0); err != nil {
				return err
			}
			now := time.Now().UTC()
			for _, p := range problems {
				if _, err := conn.ExecContext(ctx, "INSERT INTO rejects VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
					id, src.Path, nullString(p.Sheet), nullString(p.Cell), nullString(p.Value),
					p.Err.Error(), nullString(p.Fix), nullString(p.CauseZh), nullString(p.FixZh), now); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("record rejection of %s: %w", src.Path, err)
	}
	return nil
}

// Rejects returns the recorded problems of a rejected source.
func (db *DB) Rejects(ctx context.Context, id int64) ([]*ingest.CellError, error) {
	rows, err := db.sql.QueryContext(ctx, statement("rejects"), id)
	if err != nil {
		return nil, fmt.Errorf("read rejects: %w", err)
	}
	defer rows.Close()
	var out []*ingest.CellError
	for rows.Next() {
		var file, reason string
		var sheet, cell, value, fix, reasonZh, fixZh sql.NullString
		if err := rows.Scan(&file, &sheet, &cell, &value, &reason, &fix, &reasonZh, &fixZh); err != nil {
			return nil, fmt.Errorf("read rejects: %w", err)
		}
		out = append(out, &ingest.CellError{File: file, Sheet: sheet.String, Cell: cell.String,
			Value: value.String, Err: errors.New(reason), Fix: fix.String, CauseZh: reasonZh.String, FixZh: fixZh.String})
	}
	return out, rows.Err()
}

func nextID(ctx context.Context, conn *sql.Conn) (int64, error) {
	var id int64
	if err := conn.QueryRowContext(ctx, "SELECT nextval('source_ids')").Scan(&id); err != nil {
		return 0, fmt.Errorf("next source id: %w", err)
	}
	return id, nil
}

func insertSource(ctx context.Context, conn *sql.Conn, id int64, src Source, status string, duplicateOf, rows int64) error {
	var dup any
	if duplicateOf != 0 {
		dup = duplicateOf
	}
	var modified any
	if !src.Modified.IsZero() {
		modified = src.Modified.UTC().Truncate(time.Microsecond)
	}
	_, err := conn.ExecContext(ctx, "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
		id, src.Path, src.SHA256, src.Size, modified, status, dup, rows, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("insert source: %w", err)
	}
	return nil
}

// inTx runs fn inside BEGIN … COMMIT on conn, rolling back on error.
func inTx(ctx context.Context, conn *sql.Conn, fn func() error) (err error) {
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			if _, rbErr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rbErr != nil {
				err = errors.Join(err, rbErr)
			}
		}
	}()
	if err := fn(); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
