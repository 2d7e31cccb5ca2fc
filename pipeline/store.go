package pipeline

import (
	"context"
	"time"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/queries"
)

// Store is the database as a load uses it: what it knows of the files'
// contents, and the storing of converted workbooks. *queries.DB is one.
type Store interface {
	// CacheSources keeps the known sources in memory during a load.
	CacheSources(ctx context.Context) (release func(), err error)
	// LoadSettings sets the database up for a load (one thread, leaving
	// the CPUs to the readers; large workbooks written as they come) until
	// restore.
	LoadSettings(ctx context.Context) (restore func(), err error)
	// Unchanged tells whether the file at path has not changed since it
	// was last stored, and what it was stored as.
	Unchanged(ctx context.Context, path string, size int64, modified time.Time) (status string, id int64, ok bool, err error)
	// Seen is what the database knows of a content.
	Seen(ctx context.Context, src queries.Source) (queries.Seen, error)
	// Touch notes a known file's new modification time.
	Touch(ctx context.Context, id int64, modified time.Time) error
	// Ignore records a file that is not a spreadsheet.
	Ignore(ctx context.Context, src queries.Source) error
	// RecordDuplicate records a duplicate of the content stored as duplicateOf.
	RecordDuplicate(ctx context.Context, src queries.Source, duplicateOf int64) error
	// LoadAll stores converted workbooks in one transaction.
	LoadAll(ctx context.Context, wbs []queries.Workbook) ([]int64, error)
	// BeginLoad starts storing one workbook as its batches come.
	BeginLoad(ctx context.Context, src queries.Source) *queries.Loading
	// Reject records a rejected workbook and its problems.
	Reject(ctx context.Context, src queries.Source, problems []*ingest.CellError) error
	// Rejects are the problems of a workbook rejected in an earlier load.
	Rejects(ctx context.Context, id int64) ([]*ingest.CellError, error)
}
