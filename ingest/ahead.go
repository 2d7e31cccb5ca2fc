package ingest

import (
	"errors"
	"io"
	"sync"
)

// A sheet's census (census.go) runs on a goroutine of its own, ahead of
// excelize's row stream, instead of before it: it reads about ten times
// faster than excelize decodes, so it costs the stream no time, yet the
// stream decodes nothing the census has not counted. Each call of
// excelize's Rows.Next consumes at most one row element, and Columns the
// rest of it; so before the stream's k-th call of Next, the census must
// have seen the start of row element k+1 — everything up to there passed
// it — or the end of the part.

// errCensusStopped ends a census whose stream was closed.
var errCensusStopped = errors.New("census stopped")

// sheetCensus is the census of one sheet's part running ahead of its
// stream.
type sheetCensus struct {
	mu    sync.Mutex
	moved sync.Cond // signalled when rows, over or stop change
	rows  int       // row start tags the census has seen
	over  bool      // the census has ended (cause says how)
	stop  bool      // the stream was closed: end the census
	fix   Advice
	cause error
	ends  *endsWriter // the part's two ends, when unpacked for the census
	exit  chan struct{}
}

// startCensus starts the census of the sheet's part; nil when the sheet
// has no part of its own (excelize will say so).
func (w *Workbook) startCensus(sheet string) *sheetCensus {
	name, ok := w.sheetPart(sheet)
	if !ok {
		return nil
	}
	s := &sheetCensus{exit: make(chan struct{})}
	s.moved.L = &s.mu
	src, closer, ok, err := w.partReader(name)
	if !ok {
		return nil
	}
	if err != nil {
		s.end(censusError(name, err))
		close(s.exit)
		return s
	}
	if closer != nil {
		s.ends = &endsWriter{}
		src = io.TeeReader(src, s.ends)
	}
	c := &census{part: name, kind: sheetPart, lim: &w.lim, progress: s.progress}
	go func() {
		defer close(s.exit)
		if closer != nil {
			defer closer.Close()
		}
		err := c.scan(src)
		if err == nil || errors.Is(err, errCensusStopped) {
			s.end(Advice{}, nil)
			return
		}
		s.end(censusError(name, err))
	}()
	return s
}

// progress publishes the rows counted so far; it stops the census once
// the stream is closed.
func (s *sheetCensus) progress(rows int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stop {
		return errCensusStopped
	}
	if rows != s.rows {
		s.rows = rows
		s.moved.Broadcast()
	}
	return nil
}

// end records how the census ended.
func (s *sheetCensus) end(fix Advice, cause error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.over, s.fix, s.cause = true, fix, cause
	s.moved.Broadcast()
}

// pass waits until the stream may make its call k of Next: the census has
// seen the start of row element k+1, or has ended. It returns the
// census's error, if it found one.
func (s *sheetCensus) pass(k int) (Advice, error) {
	if s == nil {
		return Advice{}, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.over && s.rows <= k {
		s.moved.Wait()
	}
	if s.cause != nil {
		return s.fix, s.cause
	}
	return Advice{}, nil
}

// close stops the census and waits for its goroutine.
func (s *sheetCensus) close() {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.stop = true
	s.mu.Unlock()
	<-s.exit
}

// endsRead returns the part's ends unpacked for the census, once it is
// over; nil when the census read the part from memory.
func (s *sheetCensus) endsRead() *endsWriter {
	if s == nil {
		return nil
	}
	return s.ends
}
