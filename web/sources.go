package web

import (
	"context"
	"time"

	"github.com/pairstat/pairstat/pipeline"
	"github.com/pairstat/pairstat/queries"
)

// statusWaiting marks an inbox file the watcher has not read yet: new, or
// changed since, and still being written or about to be read.
const statusWaiting = "waiting"

// timeLayout is how times are shown and sent: UTC, to the second.
const timeLayout = "2006-01-02 15:04:05Z"

// sourceFile is one file of the files page and of /api/sources.
type sourceFile struct {
	Path   string `json:"path"`
	Status string `json:"status"`
	Rows   int64  `json:"rows"`
	Size   int64  `json:"size"`
	// Time is when the database saw the file (for a waiting file, its
	// modification time).
	Time        string    `json:"time"`
	DuplicateOf string    `json:"duplicate_of"` // the path of the loaded file with its content
	Problems    []problem `json:"problems"`
	Warnings    []warning `json:"warnings"`
}

// problem is why a file was rejected, in the chosen language.
type problem struct {
	Sheet  string `json:"sheet"`
	Cell   string `json:"cell"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
	Fix    string `json:"fix"`
}

// warning is a failed cross-check or an assumed unit of a loaded file.
type warning struct {
	Sheet   string `json:"sheet"`
	Cell    string `json:"cell"`
	Message string `json:"message"`
}

// sources lists every file: each record of the database (ordered by
// path, a path's older versions first), then the inbox files it has not
// seen as they are now (waiting).
func (s *Server) sources(ctx context.Context, lang string) ([]sourceFile, error) {
	records, err := s.opts.DB.Sources(ctx)
	if err != nil {
		return nil, err
	}
	warns, err := s.opts.DB.SourceWarnings(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int64][]warning{}
	for _, w := range warns {
		msg := w.Message
		if lang == "zh" {
			msg = w.MessageZh
		}
		byID[w.SourceID] = append(byID[w.SourceID], warning{w.Sheet, w.Cell, msg})
	}
	paths := map[int64]string{}
	newest := map[string]queries.SourceRecord{}
	for _, rec := range records {
		paths[rec.ID] = rec.Path
		newest[rec.Path] = rec
	}
	out := make([]sourceFile, 0, len(records))
	for _, rec := range records {
		f := sourceFile{Path: rec.Path, Status: rec.Status, Rows: rec.Rows, Size: rec.Size,
			Time: rec.SeenAt.Format(timeLayout), DuplicateOf: paths[rec.DuplicateOf],
			Problems: []problem{}, Warnings: byID[rec.ID]}
		if f.Warnings == nil {
			f.Warnings = []warning{}
		}
		if rec.Status == queries.StatusRejected {
			rejects, err := s.opts.DB.Rejects(ctx, rec.ID)
			if err != nil {
				return nil, err
			}
			for _, p := range rejects {
				f.Problems = append(f.Problems, problem{p.Sheet, p.Cell, p.Value, p.Reason(lang), p.FixIn(lang)})
			}
		}
		out = append(out, f)
	}
	waiting, err := s.unrecorded(newest)
	if err != nil {
		return nil, err
	}
	return append(out, waiting...), nil
}

// unrecorded lists the inbox files whose newest record is not of them as
// they are now, and the special files the inbox holds (ignored).
func (s *Server) unrecorded(newest map[string]queries.SourceRecord) ([]sourceFile, error) {
	if s.opts.Inbox == "" {
		return nil, nil
	}
	files, skipped, err := pipeline.Find([]string{s.opts.Inbox}, s.opts.DBFile)
	if err != nil {
		return nil, err
	}
	var out []sourceFile
	add := func(f pipeline.File, status string) {
		modified := f.Modified.UTC().Truncate(time.Microsecond)
		out = append(out, sourceFile{Path: f.Name, Status: status, Size: f.Size,
			Time: modified.Format(timeLayout), Problems: []problem{}, Warnings: []warning{}})
	}
	for _, f := range files {
		modified := f.Modified.UTC().Truncate(time.Microsecond)
		if rec, ok := newest[f.Name]; !ok || rec.Size != f.Size || !rec.Modified.Equal(modified) {
			add(f, statusWaiting)
		}
	}
	for _, f := range skipped { // links, pipes: never read, never recorded
		add(f, queries.StatusIgnored)
	}
	return out, nil
}
