package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// DefaultAddr is where the page listens unless told otherwise: loopback
// only.
const DefaultAddr = "127.0.0.1:8040"

// TokenHeader carries the token on every upload (and, off loopback, on
// every request).
const TokenHeader = "X-Pairstat-Token"

// tokenCookie keeps the token of a browser that opened ?token=… off
// loopback.
const tokenCookie = "pairstat_token"

// langCookie keeps the language a visitor switched to.
const langCookie = "pairstat_lang"

// uploadSlack is what a multipart body may hold beside the file itself:
// its part headers, boundaries and the region field.
const uploadSlack = 64 << 10

// The server's timeouts. Downloads and the event stream write for long, so
// there is no write timeout; a slow client is bounded by the read ones.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 10 * time.Minute // an upload of the full size over a slow link
	idleTimeout       = 2 * time.Minute
	shutdownWait      = 10 * time.Second
)

// Reader is what the pages and the API read: the read methods of the
// database (*queries.DB), and nothing that writes. Loads happen on the
// watcher's side only.
type Reader interface {
	export.Source
	Totals(ctx context.Context, f queries.Filter) ([]queries.Total, error)
	Targets(ctx context.Context, f queries.ExportFilter) ([]queries.Target, error)
	Trace(ctx context.Context, year int, indicator, region string) ([]queries.TraceRow, error)
	Sources(ctx context.Context) ([]queries.SourceRecord, error)
	SourceWarnings(ctx context.Context) ([]queries.SourceWarning, error)
	Rejects(ctx context.Context, id int64) ([]*ingest.CellError, error)
}

// Options configure the web page.
type Options struct {
	DB      Reader
	Catalog *transform.Catalog
	// Inbox is the watched inbox uploads land in; "" serves the database
	// only, and refuses uploads.
	Inbox string
	// DBFile is the database file, left out of the inbox's files.
	DBFile string
	// Lang forces the language of every page ("zh" or "en"); "" follows
	// the browser (Accept-Language), Chinese by default.
	Lang string
	// Addr is the listen address, DefaultAddr when "". Off loopback,
	// every request needs the token.
	Addr string
	// Token is the secret of uploads; "" makes a random one.
	Token string
	// MaxUpload caps an uploaded file's bytes; 0 takes the ingest limit
	// on a workbook's unpacked size (ingest.DefaultLimits().Size), which
	// no file of it can exceed by more than its zip headers.
	MaxUpload int64
	// Watch, when set, runs the watcher until its context ends, calling
	// changed each time a load has changed the database.
	Watch func(ctx context.Context, changed func()) error
	// Log receives the address, the token and the server's errors.
	Log io.Writer
}

// Server is the web page: an http.Handler.
type Server struct {
	opts     Options
	loopback bool
	// madeToken: the token was made by New (no Options.Token), so it is
	// printed at start; a token given is never echoed.
	madeToken bool
	mux       *http.ServeMux
	pages     map[string]*template.Template
	words     texts
	events    *broker
	known     targetsKnown
	uploads   sync.Mutex // one upload lands at a time
}

// targetsKnown remembers, for one version of the data (the broker's),
// whether targets exist: every page links them then, and asking the
// database on each page view doubled the queries under load.
type targetsKnown struct {
	mu      sync.Mutex
	valid   bool
	version int64
	has     bool
}

// hasTargets reports whether the database holds targets, asking it once
// per version of the data.
func (s *Server) hasTargets(ctx context.Context) (bool, error) {
	k := &s.known
	version := s.events.current() // read first: a load after it bumps it
	k.mu.Lock()
	if k.valid && k.version == version {
		defer k.mu.Unlock()
		return k.has, nil
	}
	k.mu.Unlock()
	targets, err := s.opts.DB.Targets(ctx, queries.ExportFilter{})
	if err != nil {
		return false, err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.valid, k.version, k.has = true, version, len(targets) > 0
	return k.has, nil
}

// New checks the options and builds the web page.
func New(opts Options) (*Server, error) {
	if opts.DB == nil || opts.Catalog == nil {
		return nil, errors.New("web: a database and a catalog are needed")
	}
	if opts.Lang != "" && opts.Lang != "zh" && opts.Lang != "en" {
		return nil, fmt.Errorf("web: language must be zh or en, not %q", opts.Lang)
	}
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	madeToken := opts.Token == ""
	if madeToken {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return nil, fmt.Errorf("web: make a token: %w", err)
		}
		opts.Token = hex.EncodeToString(b)
	}
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = ingest.DefaultLimits().Size
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	words, err := loadTexts()
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, loopback: isLoopback(opts.Addr), madeToken: madeToken, pages: pages, words: words, events: newBroker()}
	s.mux = s.routes()
	return s, nil
}

// Token is the upload token: the page carries it, scripts send it.
func (s *Server) Token() string { return s.opts.Token }

// Changed tells the open pages that the database or the inbox changed.
func (s *Server) Changed() { s.events.publish() }

// ServeHTTP serves a request: security headers on every response, then
// the token and host checks, then the route.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	if !strings.HasPrefix(r.URL.Path, "/assets/") {
		// pages, API answers, downloads and errors are of the data now:
		// never kept by the browser or a proxy
		h.Set("Cache-Control", "no-store")
	}
	if s.loopback && !loopbackHost(r.Host) {
		// a page of another site that renamed itself to 127.0.0.1 (DNS
		// rebinding) must not read the database
		s.fail(w, r, errorf(http.StatusForbidden, "host %q is not this machine", r.Host))
		return
	}
	if !s.loopback {
		if tok := r.URL.Query().Get("token"); tok != "" && r.Method == http.MethodGet && s.validToken(tok) {
			http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: tok, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			// a path, never another site's address (//elsewhere)
			u := url.URL{Path: "/" + strings.TrimLeft(r.URL.Path, "/"), RawQuery: withoutToken(r.URL.RawQuery)}
			http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
			return
		}
		if !s.validToken(r.Header.Get(TokenHeader)) && !s.validToken(cookieValue(r, tokenCookie)) {
			s.fail(w, r, errorf(http.StatusForbidden, "this page needs its token: open the address printed by `pairstat serve` (with ?token=…)"))
			return
		}
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead && !s.validToken(r.Header.Get(TokenHeader)) {
		s.fail(w, r, errorZh(http.StatusForbidden, "missing or wrong %s header: reload the page", "缺少或错误的 %s 请求头：请刷新页面", TokenHeader))
		return
	}
	s.mux.ServeHTTP(w, r)
}

// validToken compares in constant time.
func (s *Server) validToken(tok string) bool {
	return tok != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(s.opts.Token)) == 1
}

// withoutToken is a raw query without its token pairs, the others as they
// were sent: one the route cannot read stays, to be refused there rather
// than dropped on the way (as url.Values.Encode would).
func withoutToken(raw string) string {
	var keep []string
	for _, pair := range strings.Split(raw, "&") {
		key, _, _ := strings.Cut(pair, "=")
		if k, err := url.QueryUnescape(key); pair != "" && (err != nil || k != "token") {
			keep = append(keep, pair)
		}
	}
	return strings.Join(keep, "&")
}

func cookieValue(r *http.Request, name string) string {
	c, err := r.Cookie(name)
	if err != nil {
		return ""
	}
	return c.Value
}

// URL is the address to open in a browser: listening on every interface
// (0.0.0.0 or [::] opens nothing from another machine), this machine's
// name in place of the host; with the token off loopback when the server
// made it (a token given is not echoed).
func (s *Server) URL() string {
	host, port, _ := net.SplitHostPort(s.opts.Addr)
	if everyInterface(host) {
		host = "localhost"
		if name, err := os.Hostname(); err == nil && name != "" {
			host = name
		}
	}
	u := url.URL{Scheme: "http", Host: net.JoinHostPort(host, port), Path: "/"}
	if !s.loopback && s.madeToken {
		u.RawQuery = "token=" + url.QueryEscape(s.opts.Token)
	}
	return u.String()
}

// greeting is what Run prints on start: the address to open (on every
// interface, the port and the address by this machine's name), and the
// token when the server made it.
func (s *Server) greeting() string {
	var b strings.Builder
	if host, port, _ := net.SplitHostPort(s.opts.Addr); everyInterface(host) {
		fmt.Fprintf(&b, "pairstat: serving on all interfaces, port %s: open %s\n", port, s.URL())
	} else {
		fmt.Fprintf(&b, "pairstat: serving %s\n", s.URL())
	}
	if s.madeToken {
		fmt.Fprintf(&b, "pairstat: upload token %s\n", s.opts.Token)
	}
	return b.String()
}

// everyInterface reports whether a listen host is every interface: none,
// 0.0.0.0 or [::].
func everyInterface(host string) bool {
	ip := net.ParseIP(host)
	return host == "" || ip != nil && ip.IsUnspecified()
}

// Serve serves the page on opts.Addr, running the watcher beside it, until
// ctx ends; then it shuts down gracefully.
func Serve(ctx context.Context, opts Options) error {
	s, err := New(opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	return s.Run(ctx, ln)
}

// Run serves on ln until ctx ends, with the watcher of the options.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	s.opts.Addr = ln.Addr().String()
	s.clearUploads()
	io.WriteString(s.opts.Log, s.greeting())
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	srv.RegisterOnShutdown(s.events.close)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var watched chan error // nil: no watcher, or it has ended
	if s.opts.Watch != nil {
		watched = make(chan error, 1)
		go func() { watched <- s.opts.Watch(ctx, s.Changed) }()
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	var err error
	select {
	case <-ctx.Done():
	case err = <-served:
	case err = <-watched: // the watcher cannot go on: neither does the page
		watched = nil
	}
	stop, cancelStop := context.WithTimeout(context.WithoutCancel(ctx), shutdownWait)
	defer cancelStop()
	if e := srv.Shutdown(stop); e != nil {
		// Requests still running after shutdownWait (a slow upload) are
		// cut off: a stop is the server's normal end, not a failure.
		srv.Close()
		if !errors.Is(e, context.DeadlineExceeded) && err == nil {
			err = e
		}
	}
	cancel()
	if watched != nil {
		if e := <-watched; e != nil && err == nil {
			err = e
		}
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// isLoopback reports whether a listen address only takes this machine's
// connections.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	return loopbackHost(host)
}

// loopbackHost reports whether a host (of a Host header, with or without
// its port) names this machine.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
