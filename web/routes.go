package web

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"github.com/pairstat/pairstat/messages"
)

// assets are the page's style sheet and script, served under /assets/.
//
//go:embed assets
var assets embed.FS

// httpError is an error with the status it answers: msg in English and,
// when it has one, zh in Chinese.
type httpError struct {
	status  int
	msg, zh string
}

func (e *httpError) Error() string { return e.msg }

func errorf(status int, format string, args ...any) error {
	return &httpError{status: status, msg: fmt.Sprintf(format, args...)}
}

// errorZh is errorf worded in English and Chinese (the same arguments):
// the client gets the words of the request's language.
func errorZh(status int, en, zh string, args ...any) error {
	return &httpError{status: status, msg: fmt.Sprintf(en, args...), zh: fmt.Sprintf(zh, args...)}
}

// handler is a route: a function of its request that returns the error
// the server renders once (as pkgsite's handlers do).
type handler func(w http.ResponseWriter, r *http.Request) error

func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	handle := func(pattern string, h handler) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if err := h(w, r); err != nil {
				s.fail(w, r, err)
			}
		})
	}
	static, _ := fs.Sub(assets, "assets") // the embedded folder exists: the build fails otherwise
	mux.Handle("GET /assets/", http.StripPrefix("/assets/", http.FileServerFS(static)))
	handle("GET /{$}", s.pageFiles)
	handle("GET /totals", s.pageTotals)
	handle("GET /trace", s.pageTrace)
	handle("GET /targets", s.pageTargets)
	handle("GET /upload", s.pageUpload)
	handle("GET /upload/outcome", s.uploadOutcome)
	handle("GET /downloads", s.pageDownloads)
	handle("GET /download/{name}", s.download)
	handle("GET /api/totals", s.apiTotals)
	handle("GET /api/targets", s.apiTargets)
	handle("GET /api/sources", s.apiSources)
	handle("GET /api/trace", s.apiTrace)
	handle("GET /api/events", s.serveEvents)
	handle("POST /api/upload", s.apiUpload)
	handle("GET /", func(http.ResponseWriter, *http.Request) error {
		return errorZh(http.StatusNotFound, "no such page: the pages are listed at the top of /", "没有这个页面：各页面见首页 / 顶部")
	})
	return mux
}

// fail renders an error once: JSON {"error": …} under /api/, plain text
// elsewhere. An error without a status is the server's: it is logged, and
// the client is told no more than that.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, "internal error"
	var he *httpError
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		status, msg = he.status, he.msg
		if he.zh != "" {
			msg = messages.Pick(s.lang(r), he.msg, he.zh)
		}
	case errors.As(err, &tooLarge):
		status, msg = http.StatusRequestEntityTooLarge, fmt.Sprintf("the upload is larger than %d bytes", s.opts.MaxUpload)
	case r.Context().Err() != nil:
		return // the client left
	default:
		fmt.Fprintf(s.opts.Log, "pairstat: %s %s: %v\n", r.Method, r.URL.Path, err)
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		setJSON(w)
		w.WriteHeader(status)
		writeJSON(w, map[string]string{"error": msg})
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintln(w, msg)
}
