package queries

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// The sources table in memory. Deciding what to do with an inbox file takes
// a lookup or two in sources (unchanged.sql, seen.sql), and a DuckDB query
// costs a millisecond or more however small its answer: most of a re-run
// on an unchanged inbox of hundreds of files, and a good part of the
// writer's time in a run that loads them. CacheSources reads the table once;
// Unchanged and Seen then answer from memory with the semantics of their
// SQL, and the DB's own writes (Load, RecordDuplicate, Ignore, Reject, Touch,
// and the superseding that each new record does) keep the copy current.
// TestKnownMatchesSQL and TestNewVersionSupersedesHistory check both ways
// against each other.

// known is the cached sources table.
type known struct {
	mu     sync.Mutex
	byPath map[string][]*knownSource // in id order
	bySHA  map[string][]*knownSource // in id order
}

type knownSource struct {
	id       int64
	path     string
	sha256   string
	size     int64
	modified time.Time // zero when NULL
	status   string
	location string // "" when not recorded
}

// CacheSources reads the sources table into memory for Unchanged and Seen,
// until the returned function is called. Writes made through SQL() meanwhile
// are not seen: the cache is for a run of this package's own writes.
func (db *DB) CacheSources(ctx context.Context) (release func(), err error) {
	sources, err := queryRows(ctx, db.sql, knownSQL, nil, func(rows *sql.Rows) (*knownSource, error) {
		s := &knownSource{}
		var modified sql.NullTime
		err := rows.Scan(&s.id, &s.path, &s.sha256, &s.size, &modified, &s.status, &s.location)
		if modified.Valid {
			s.modified = modified.Time.UTC()
		}
		return s, err
	})
	if err != nil {
		return nil, fmt.Errorf("read sources: %w", err)
	}
	k := &known{byPath: map[string][]*knownSource{}, bySHA: map[string][]*knownSource{}}
	for _, s := range sources {
		k.insert(s)
	}
	db.known = k
	return func() { db.known = nil }, nil
}

func (k *known) insert(s *knownSource) {
	k.byPath[s.path] = append(k.byPath[s.path], s)
	k.bySHA[s.sha256] = append(k.bySHA[s.sha256], s)
}

// unchanged is unchanged.sql: the newest record of path, when it has this
// size and modification time.
func (k *known) unchanged(path string, size int64, modified time.Time) (string, int64, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	recs := k.byPath[path]
	if len(recs) == 0 {
		return "", 0, false
	}
	s := recs[len(recs)-1]
	if s.size != size || s.modified.IsZero() || !s.modified.Equal(modified.UTC().Truncate(time.Microsecond)) {
		return "", 0, false
	}
	return s.status, s.id, true
}

// seen is seen.sql.
func (k *known) seen(src Source) Seen {
	k.mu.Lock()
	defer k.mu.Unlock()
	var out Seen
	for _, s := range k.byPath[src.Path] {
		if s.sha256 == src.SHA256 {
			out.Status, out.ID = s.status, s.id
		}
		if s.status == StatusLoaded && s.location != "" && s.location != src.Location {
			out.Elsewhere = max(out.Elsewhere, s.location)
		}
	}
	for _, s := range k.bySHA[src.SHA256] {
		if s.status == StatusLoaded && s.path != src.Path {
			out.LoadedAs = s.id
			break
		}
	}
	return out
}

// add records a source written with status, after supersede.sql and
// supersede_records.sql made the earlier records of its path history
// (DB.supersede).
func (k *known) add(id int64, src Source, status string) {
	if k == nil {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, s := range k.byPath[src.Path] {
		switch s.status {
		case StatusRejected, StatusDuplicate, StatusIgnored:
			s.status = StatusSuperseded
		case StatusLoaded:
			if replacesLoaded(status) {
				s.status = StatusSuperseded
			}
		}
	}
	s := &knownSource{id: id, path: src.Path, sha256: src.SHA256, size: src.Size, status: status, location: src.Location}
	if !src.Modified.IsZero() {
		s.modified = src.Modified.UTC().Truncate(time.Microsecond)
	}
	k.insert(s)
}

// touch records a new modification time.
func (k *known) touch(id int64, modified time.Time) {
	if k == nil {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, recs := range k.byPath {
		for _, s := range recs {
			if s.id == id {
				s.modified = modified.UTC().Truncate(time.Microsecond)
				return
			}
		}
	}
}

// earlier reports whether path may have records for a new one to
// supersede (DB.supersede): loaded ones, and others not superseded yet.
// Each is false only when the cache knows there are none.
func (k *known) earlier(path string) (loaded, others bool) {
	if k == nil {
		return true, true
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, s := range k.byPath[path] {
		switch s.status {
		case StatusLoaded:
			loaded = true
		case StatusSuperseded:
		default:
			others = true
		}
	}
	return loaded, others
}
