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

// traceColumns are the keys of a traced cell, as `pairstat trace --format
// json` writes them.
var traceColumns = []string{"file", "sheet", "cell", "region", "value", "status", "label", "check"}

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
	return writeTargetsJSON(w, targets)
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
	t := &queries.Table{Columns: traceColumns}
	for _, row := range rows {
		t.Rows = append(t.Rows, []string{row.File, row.Sheet, row.Cell, row.Region, row.Value, row.Status, row.Label, row.Check})
		t.Nulls = append(t.Nulls, make([]bool, len(traceColumns)))
	}
	setJSON(w)
	return export.WriteQueryJSON(w, t)
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

// targetJSON is one target in JSON: the numbers as JSON numbers with their
// exact decimal digits, null where there is none.
type targetJSON struct {
	Year       int          `json:"year"`
	Region     string       `json:"region"`
	Indicator  string       `json:"indicator"`
	Target     json.Number  `json:"target"`
	Actual     *json.Number `json:"actual"`
	Unit       string       `json:"unit"`
	Completion *json.Number `json:"completion"`
}

// writeTargetsJSON writes the targets as an indented JSON array of
// objects with the keys of `pairstat targets --format json`.
func writeTargetsJSON(w io.Writer, targets []queries.Target) error {
	out := make([]targetJSON, len(targets))
	for i, t := range targets {
		out[i] = targetJSON{Year: t.Year, Region: t.Region, Indicator: t.Indicator, Target: json.Number(t.Target),
			Actual: number(t.Actual), Unit: t.Unit, Completion: number(t.Completion)}
	}
	return writeJSON(w, out)
}

// number is a plain decimal as a JSON number, nil (null) when empty.
func number(v string) *json.Number {
	if v == "" {
		return nil
	}
	n := json.Number(v)
	return &n
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
