package transform

import "github.com/pairstat/pairstat/ingest"

// Reading a sheet (unzipping and parsing its XML in excelize) costs several
// times what converting its rows does, so a sheet is read on a goroutine of
// its own while the rows already read are converted: the conversion hides
// behind the reading. Rows travel in chunks, so that the hand-over costs
// little per row.

// Sizes of the read-ahead: rows per chunk, and chunks read but not yet
// converted (which bounds the memory it takes).
const (
	chunkRows   = 256
	chunksAhead = 8
)

// rowReader is a sheet's row stream read ahead on its own goroutine. Use it
// like ingest.Rows: next, row, err; stop it when done (it closes the
// stream).
type rowReader struct {
	chunks chan []ingest.Row
	free   chan []ingest.Row // converted chunks, for the reader to reuse
	quit   chan struct{}
	done   chan struct{} // closed when the reader has closed the stream
	fail   error         // the stream's error, set before chunks is closed
	ended  bool          // next saw chunks closed
	cur    []ingest.Row
	i      int
}

// readAhead starts reading rows; rows belongs to it from now on.
func readAhead(rows *ingest.Rows) *rowReader {
	r := &rowReader{
		chunks: make(chan []ingest.Row, chunksAhead),
		free:   make(chan []ingest.Row, chunksAhead+2),
		quit:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	go r.read(rows)
	return r
}

func (r *rowReader) read(rows *ingest.Rows) {
	defer close(r.done)
	defer rows.Close()
	defer close(r.chunks)
	chunk := make([]ingest.Row, 0, chunkRows)
	send := func() bool {
		select {
		case r.chunks <- chunk:
		case <-r.quit:
			return false
		}
		select {
		case chunk = <-r.free:
			chunk = chunk[:0]
		default:
			chunk = make([]ingest.Row, 0, chunkRows)
		}
		return true
	}
	for rows.Next() {
		chunk = append(chunk, rows.Row())
		if len(chunk) == chunkRows && !send() {
			return
		}
	}
	r.fail = rows.Err()
	if len(chunk) > 0 {
		send()
	}
}

// next advances to the next row; it returns false at the end or on error.
func (r *rowReader) next() bool {
	r.i++
	if r.i < len(r.cur) {
		return true
	}
	if r.cur != nil {
		clear(r.cur) // drop the rows' cells for the collector
		select {
		case r.free <- r.cur:
		default:
		}
	}
	chunk, ok := <-r.chunks
	r.cur, r.i, r.ended = chunk, 0, !ok
	return ok
}

// row returns the current row.
func (r *rowReader) row() ingest.Row { return r.cur[r.i] }

// err returns the error that ended the stream, if any; call it after next
// returned false.
func (r *rowReader) err() error {
	if !r.ended {
		return nil // not at the end yet
	}
	return r.fail
}

// stop ends the reading, if it is not over, and waits until the stream is
// closed.
func (r *rowReader) stop() {
	close(r.quit)
	<-r.done
}
