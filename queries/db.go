package queries

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/shopspring/decimal"

	"github.com/pairstat/pairstat/transform"
)

// DB is pairstat's DuckDB database file.
type DB struct {
	sql      *sql.DB
	readOnly bool
	known    *known // the sources table in memory, see CacheSources
}

// Open opens (creating if needed) the database file at path. A read-only
// database cannot be created; its schema must exist.
func Open(ctx context.Context, path string, readOnly bool) (*DB, error) {
	if !readOnly && path != "" && path != ":memory:" { // "": a database in memory
		if err := create(ctx, path); err != nil {
			return nil, fmt.Errorf("create database %s: %w", path, err)
		}
	}
	return open(ctx, path, readOnly)
}

// create makes the database file at path when there is none: beside it,
// in a folder of its own, and then links it into place whole. DuckDB
// writes a new file's first blocks after creating it, so a run killed then
// (or the power lost) left an empty file at path that no later run could
// open; now it leaves only that folder (.NAME.new-*), which can be
// deleted. An empty file at path (left so by an earlier version) is
// replaced: it holds nothing.
func create(ctx context.Context, path string) error {
	st, err := os.Stat(path)
	empty := err == nil && st.Mode().IsRegular() && st.Size() == 0 // a creation cut short before this: it holds nothing
	if !empty && !errors.Is(err, fs.ErrNotExist) {
		return nil // there, or not for pairstat to judge: open says
	}
	dir, err := os.MkdirTemp(filepath.Dir(path), "."+filepath.Base(path)+".new-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	made := filepath.Join(dir, filepath.Base(path))
	db, err := open(ctx, made, false)
	if err != nil {
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	if !empty {
		switch err := os.Link(made, path); {
		case err == nil, errors.Is(err, fs.ErrExist): // another process made it first: whole too
			return nil
		}
	}
	// Over the empty file, or on a file system without hard links: moved,
	// which a process making it at the same moment could overwrite (whole
	// either way).
	return os.Rename(made, path)
}

// open opens the database file at path, creating it if needed, and makes
// its schema (unless readOnly).
func open(ctx context.Context, path string, readOnly bool) (*DB, error) {
	dsn := path
	if readOnly {
		dsn += "?access_mode=read_only"
	}
	connector, err := duckdb.NewConnector(dsn, nil)
	if isLocked(err) {
		return nil, fmt.Errorf("open database %s: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db := &DB{sql: sql.OpenDB(connector), readOnly: readOnly}
	if err := db.sql.PingContext(ctx); err != nil {
		db.sql.Close()
		if isLocked(err) {
			return nil, fmt.Errorf("open database %s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if !readOnly {
		if err := db.applySchema(ctx); err != nil {
			db.sql.Close()
			return nil, fmt.Errorf("create schema in %s: %w", path, err)
		}
	}
	return db, nil
}

// schemaHash identifies the version of schema.sql.
func schemaHash() string {
	sum := sha256.Sum256([]byte(schemaSQL))
	return hex.EncodeToString(sum[:])
}

// applySchema runs schema.sql unless the database already has this
// version of it (schema_version): its views are rewritten when it runs,
// a catalog change that costs a commit at every open.
func (db *DB) applySchema(ctx context.Context) error {
	var hash string
	want := schemaHash()
	if err := db.sql.QueryRowContext(ctx, schemaVersionSQL).Scan(&hash); err == nil && hash == want {
		return nil
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, schemaSQL); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, schemaVersionRecordSQL, want); err != nil {
		return err
	}
	return tx.Commit()
}

// OpenWait is Open, waiting up to wait while another pairstat process holds
// the database (DuckDB allows one writer, or readers, at a time).
func OpenWait(ctx context.Context, path string, readOnly bool, wait time.Duration) (*DB, error) {
	deadline := time.Now().Add(wait)
	delay := 10 * time.Millisecond
	for {
		db, err := Open(ctx, path, readOnly)
		if !errors.Is(err, ErrLocked) || time.Now().Add(delay).After(deadline) {
			return db, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(delay):
		}
		delay = min(2*delay, 250*time.Millisecond)
	}
}

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// EngineVersion is the version of the DuckDB library pairstat is linked
// with, such as v1.4.1.
func (db *DB) EngineVersion(ctx context.Context) (string, error) {
	var v string
	if err := db.sql.QueryRowContext(ctx, engineVersionSQL).Scan(&v); err != nil {
		return "", fmt.Errorf("engine version: %w", err)
	}
	return v, nil
}

// SQL exposes the database for ad-hoc queries.
func (db *DB) SQL() *sql.DB { return db.sql }

// SyncCatalog writes the catalog's indicators into the indicators table, so
// that SQL can name, order and unit the totals.
func (db *DB) SyncCatalog(ctx context.Context, cat *transform.Catalog) error {
	if db.readOnly || db.catalogSynced(ctx, cat) {
		return nil
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sync catalog: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, indicatorsClearSQL); err != nil {
		return fmt.Errorf("sync catalog: %w", err)
	}
	for i, ind := range cat.Indicators {
		if _, err := tx.ExecContext(ctx, indicatorsInsertSQL,
			ind.Code, i+1, ind.NameZh, ind.NameEn, ind.Area, ind.Unit); err != nil {
			return fmt.Errorf("sync catalog: %w", err)
		}
	}
	return tx.Commit()
}

// LoadSettings sets DuckDB up for a load until restore is called
// (load_settings.sql). One thread: loads are streams of small statements,
// which DuckDB's worker threads only slow down (starting and joining them
// costs more than the work they share), while the CPUs are busy reading
// workbooks; a load takes about half the CPU time on one thread. And a
// large workbook's rows are written to the file a row group at a time
// while it loads, not held in memory until its commit: the peak of an
// 800,000-row ledger went from 327 MiB to about 233 (README, Performance).
func (db *DB) LoadSettings(ctx context.Context) (restore func(), err error) {
	if _, err := db.sql.ExecContext(ctx, loadSettingsSQL); err != nil {
		return nil, fmt.Errorf("load settings: %w", err)
	}
	return func() { db.sql.ExecContext(context.WithoutCancel(ctx), loadSettingsResetSQL) }, nil
}

// catalogSynced reports whether the indicators table already holds the
// catalog's indicators, so that an open need not rewrite it.
func (db *DB) catalogSynced(ctx context.Context, cat *transform.Catalog) bool {
	type held struct {
		code, nameZh, nameEn, unit string
		area                       sql.NullString
		position                   int
	}
	rows, err := queryRows(ctx, db.sql, indicatorsSQL, nil, func(rows *sql.Rows) (h held, err error) {
		return h, rows.Scan(&h.code, &h.position, &h.nameZh, &h.nameEn, &h.area, &h.unit)
	})
	if err != nil || len(rows) != len(cat.Indicators) {
		return false
	}
	for i, ind := range cat.Indicators {
		h := rows[i]
		if h.code != ind.Code || h.position != i+1 || h.nameZh != ind.NameZh || h.nameEn != ind.NameEn ||
			!h.area.Valid || h.area.String != ind.Area || h.unit != ind.Unit {
			return false
		}
	}
	return true
}

// conn runs fn on one dedicated connection with its Arrow interface.
func (db *DB) conn(ctx context.Context, fn func(*sql.Conn, *duckdb.Arrow) error) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var ar *duckdb.Arrow
	if err := conn.Raw(func(dc any) error {
		var err error
		ar, err = duckdb.NewArrowFromConn(dc.(driver.Conn))
		return err
	}); err != nil {
		return err
	}
	return fn(conn, ar)
}

// decimalText formats a DuckDB decimal as a plain decimal without trailing
// zeros: 1250000, 4768, 0.5.
func decimalText(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case duckdb.Decimal:
		return decimal.NewFromBigInt(v.Value, -int32(v.Scale)).String(), nil
	case *big.Int:
		return v.String(), nil
	case int64, int32, int:
		return fmt.Sprint(v), nil
	}
	return "", fmt.Errorf("not a decimal: %T", v)
}

// isLocked reports whether err is DuckDB's "file is locked" error.
func isLocked(err error) bool {
	return err != nil && strings.Contains(err.Error(), "Could not set lock on file")
}

// ErrLocked means another process holds the database file open for writing.
var ErrLocked = errors.New("the database is in use by another pairstat process")
