package queries

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// SourceRecord is one record of the sources table: a file as the
// database saw it.
type SourceRecord struct {
	ID     int64
	Path   string // relative to its inbox
	Status string // StatusLoaded, StatusRejected, …
	Size   int64  // bytes
	// Modified is the file's modification time when it was seen (zero
	// when unknown), SeenAt when it was seen; both UTC.
	Modified, SeenAt time.Time
	Rows             int64 // spreadsheet rows loaded
	// DuplicateOf and SupersededBy are source ids, 0 when none.
	DuplicateOf, SupersededBy int64
}

// Sources lists every source record, ordered by path, then id (a path's
// newest record last).
func (db *DB) Sources(ctx context.Context) ([]SourceRecord, error) {
	out, err := queryRows(ctx, db.sql, sourcesSQL, nil, func(rows *sql.Rows) (s SourceRecord, err error) {
		var modified sql.NullTime
		err = rows.Scan(&s.ID, &s.Path, &s.Status, &s.Size, &modified, &s.Rows, &s.SeenAt, &s.DuplicateOf, &s.SupersededBy)
		s.Modified, s.SeenAt = modified.Time.UTC(), s.SeenAt.UTC()
		return s, err
	})
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return out, nil
}

// SourceWarning is a warning recorded for a loaded file.
type SourceWarning struct {
	SourceID           int64
	Sheet, Cell        string // Cell "" for a whole sheet
	Message, MessageZh string
}

// SourceWarnings lists the warnings of every source, ordered by source id,
// then as they were recorded.
func (db *DB) SourceWarnings(ctx context.Context) ([]SourceWarning, error) {
	out, err := queryRows(ctx, db.sql, sourceWarningsSQL, nil, func(rows *sql.Rows) (w SourceWarning, err error) {
		return w, rows.Scan(&w.SourceID, &w.Sheet, &w.Cell, &w.Message, &w.MessageZh)
	})
	if err != nil {
		return nil, fmt.Errorf("source warnings: %w", err)
	}
	return out, nil
}
