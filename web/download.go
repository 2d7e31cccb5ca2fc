package web

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/queries"
)

// downloadItem is one file of the downloads page.
type downloadItem struct {
	Name, Holds string
	options     export.Options
}

// downloads are the exports on offer, as `pairstat export` writes them:
// every format of export.Formats as totals.<ext>, the facts as Parquet
// and, when there are targets, every format with a targets export as
// targets.<ext>.
func (s *Server) downloads(lang string, withTargets bool) []downloadItem {
	var items []downloadItem
	for _, f := range export.Formats() {
		name := "totals" + f.Ext
		items = append(items, downloadItem{Name: name, Holds: s.holds(lang, "downloads."+f.Name, f.Holds),
			options: export.Options{Format: f.Name, Out: name}})
	}
	items = append(items, downloadItem{Name: "facts.parquet", Holds: s.words.in(lang, "downloads.facts"),
		options: export.Options{Format: "parquet", Facts: true, Out: "facts.parquet"}})
	for _, f := range export.Formats() {
		if withTargets && f.Targets {
			name := "targets" + f.Ext
			items = append(items, downloadItem{Name: name, Holds: s.holds(lang, "downloads.targets."+f.Name, f.Holds),
				options: export.Options{Format: f.Name, Targets: true, Out: name}})
		}
	}
	return items
}

// holds words what a format holds: from text.json when it has the key,
// the export table's English otherwise.
func (s *Server) holds(lang, key, english string) string {
	if _, ok := s.words[key]; ok {
		return s.words.in(lang, key)
	}
	return english
}

// pageDownloads lists the downloads.
func (s *Server) pageDownloads(w http.ResponseWriter, r *http.Request) error {
	hasTargets, err := s.hasTargets(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, "downloads", s.downloads(s.lang(r), hasTargets))
}

// download writes one export: into a temporary folder through the export
// package (as `pairstat export` writes it), then to the client.
func (s *Server) download(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	for _, item := range s.downloads("en", true) {
		if item.Name != name {
			continue
		}
		dir, err := os.MkdirTemp("", "pairstat-download-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o := item.options
		o.Out = filepath.Join(dir, name)
		if err := export.Write(r.Context(), s.opts.DB, s.opts.Catalog, queries.ExportFilter{}, o); err != nil {
			return err
		}
		f, err := os.Open(o.Out)
		if err != nil {
			return err
		}
		defer f.Close()
		w.Header().Set("Content-Type", contentType(name))
		w.Header().Set("Content-Disposition", disposition)
		if _, err := io.Copy(w, f); err != nil {
			return fmt.Errorf("send %s: %w", name, err)
		}
		return nil
	}
	return errorf(http.StatusNotFound, "no download %q", name)
}

// contentType is the Content-Type of a download, by its extension (not by
// the machine's mime.types): the text formats say they are UTF-8, as the
// export package writes them.
func contentType(name string) string {
	switch filepath.Ext(name) {
	case ".csv":
		return "text/csv; charset=utf-8"
	case ".json":
		return jsonType
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/octet-stream" // Parquet
}
