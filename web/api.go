package web

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// apiTotals writes the totals as `pairstat totals --format json` does,
// narrowed by ?year=, ?region= and ?indicator= (codes) when given.
func (s *Server) apiTotals(w http.ResponseWriter, r *http.Request) error {
	f, err := s.filter(r)
	if err != nil {
		return err
	}
	totals, err := s.opts.DB.Totals(r.Context(), f)
	if err != nil {
		return err
	}
	setJSON(w)
	return export.WriteTotalsJSON(w, totals)
}

// apiTargets writes the targets with their actuals.
func (s *Server) apiTargets(w http.ResponseWriter, r *http.Request) error {
	targets, err := s.opts.DB.Targets(r.Context(), queries.ExportFilter{})
	if err != nil {
		return err
	}
	setJSON(w)
	return export.WriteTargetsJSON(w, targets)
}

// apiSources writes every file with its status, problems and warnings in
// the request's language.
func (s *Server) apiSources(w http.ResponseWriter, r *http.Request) error {
	files, err := s.sources(r.Context(), s.lang(r))
	if err != nil {
		return err
	}
	setJSON(w)
	return writeJSON(w, files)
}

// apiTrace writes the cells behind a total as `pairstat trace --format
// json` does.
func (s *Server) apiTrace(w http.ResponseWriter, r *http.Request) error {
	_, rows, err := s.trace(r)
	if err != nil {
		return err
	}
	setJSON(w)
	return export.WriteTraceJSON(w, rows)
}

// trace reads the cells behind the total ?year=, ?indicator= (both
// required) and ?region= name.
func (s *Server) trace(r *http.Request) (queries.Filter, []queries.TraceRow, error) {
	f, err := s.filter(r)
	if err != nil {
		return f, nil, err
	}
	if f.Year == 0 || f.Indicator == "" {
		return f, nil, errorf(http.StatusBadRequest, "year and indicator are required")
	}
	rows, err := s.opts.DB.Trace(r.Context(), f.Year, f.Indicator, f.Region)
	return f, rows, err
}

// filter reads ?year=, ?region= and ?indicator=: a year, a region code
// (or all) and an indicator code of the catalog.
func (s *Server) filter(r *http.Request) (queries.Filter, error) {
	q := r.URL.Query()
	var f queries.Filter
	if y := q.Get("year"); y != "" {
		year, err := strconv.Atoi(y)
		if err != nil || year < 1 {
			return f, errorf(http.StatusBadRequest, "year %q is not a year", y)
		}
		f.Year = year
	}
	if reg := q.Get("region"); reg != "" {
		if reg != transform.RegionAll && !s.isRegion(reg) {
			return f, errorf(http.StatusBadRequest, "region %q is not a region code of the catalog", reg)
		}
		f.Region = reg
	}
	if code := q.Get("indicator"); code != "" {
		if _, ok := s.opts.Catalog.Indicator(code); !ok {
			return f, errorf(http.StatusBadRequest, "indicator %q is not an indicator of the catalog", code)
		}
		f.Indicator = code
	}
	return f, nil
}

// isRegion reports whether code is a region code of the catalog.
func (s *Server) isRegion(code string) bool {
	for _, reg := range s.opts.Catalog.Regions {
		if reg.Code == code {
			return true
		}
	}
	return false
}

// writeJSON writes v indented, as the CLI writes its JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func setJSON(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
}
