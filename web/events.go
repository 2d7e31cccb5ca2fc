package web

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// keepAlive is how often an idle event stream says it is alive, so that
// proxies and the browser keep it open.
const keepAlive = 15 * time.Second

// broker tells the open event streams that the data changed. Each change
// bumps a version; a stream sends the version it has not yet sent.
type broker struct {
	mu      sync.Mutex
	version int64
	subs    map[chan struct{}]bool
	closed  chan struct{} // closed when the server shuts down
	once    sync.Once
}

func newBroker() *broker {
	return &broker{subs: map[chan struct{}]bool{}, closed: make(chan struct{})}
}

// publish records a change and wakes every stream.
func (b *broker) publish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.version++
	for c := range b.subs {
		select {
		case c <- struct{}{}:
		default: // already woken: it will read the latest version
		}
	}
}

// current is the number of changes so far.
func (b *broker) current() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.version
}

func (b *broker) subscribe() chan struct{} {
	c := make(chan struct{}, 1)
	b.mu.Lock()
	b.subs[c] = true
	b.mu.Unlock()
	return c
}

func (b *broker) unsubscribe(c chan struct{}) {
	b.mu.Lock()
	delete(b.subs, c)
	b.mu.Unlock()
}

// close ends every stream, for a graceful shutdown (which does not wait
// for them otherwise).
func (b *broker) close() { b.once.Do(func() { close(b.closed) }) }

// serveEvents streams server-sent events: "change" with the version each
// time the data changes (and once at the start, with the current one).
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) error {
	flusher, ok := w.(http.Flusher)
	if !ok {
		return errorf(http.StatusInternalServerError, "streaming is not supported")
	}
	c := s.events.subscribe()
	defer s.events.unsubscribe(c)
	w.Header().Set("Content-Type", "text/event-stream")
	send := func() error {
		_, err := fmt.Fprintf(w, "event: change\ndata: %d\n\n", s.events.current())
		flusher.Flush()
		return err
	}
	if err := send(); err != nil {
		return nil // the client left
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-s.events.closed:
			return nil
		case <-c:
			if send() != nil {
				return nil
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": alive\n\n"); err != nil {
				return nil
			}
			flusher.Flush()
		}
	}
}
