package transform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/transform/parse"
)

// A sheet holds one table or several stacked (2022年 above 2023年, 塘厦镇
// above 始兴县), each with its title rows, header and data. The first
// header is looked for in the first rows of the sheet; below it, a row
// that names the columns of a sheet kind again starts a new table, whose
// titles are the short rows (a title, a unit line) just above it. A
// sign-off or note row (填表人：…, 注：…) ends a table: it and the rows
// below it are not data, unless a new header follows.

// maxHeldRows bounds the rows held back as possible titles of a next table.
const maxHeldRows = headerScanRows

// replay is a row stream that rows can be given back to: they are
// delivered again, first, in order.
type replay struct {
	src   rowSource
	queue []ingest.Row
	cur   ingest.Row
}

func (p *replay) next() bool {
	if len(p.queue) > 0 {
		p.cur, p.queue = p.queue[0], p.queue[1:]
		return true
	}
	if p.src.next() {
		p.cur = p.src.row()
		return true
	}
	return false
}

func (p *replay) row() ingest.Row { return p.cur }
func (p *replay) err() error      { return p.src.err() }

// unread gives rows back to the stream.
func (p *replay) unread(rows ...ingest.Row) {
	p.queue = append(slices.Clone(rows), p.queue...)
}

// take reads up to n rows.
func (p *replay) take(n int) []ingest.Row {
	var rows []ingest.Row
	for len(rows) < n && p.next() {
		rows = append(rows, p.cur)
	}
	return rows
}

// convert finds the first table's header among the first rows of the
// sheet and converts the rows below it, table by table.
func (s *sheetReader) convert(src rowSource) error {
	in := &replay{src: src}
	top := in.take(headerScanRows + unitRowReach)
	if err := in.err(); err != nil {
		return err
	}
	head := s.cat.findHeader(top, headerScanRows)
	if head == nil {
		s.report.Skipped = "no recognised header in the first 20 rows"
		return nil
	}
	var titles, rest []ingest.Row
	for _, r := range top {
		switch {
		case r.Num < head.first:
			titles = append(titles, r)
		case r.Num > head.row:
			rest = append(rest, r)
		}
	}
	in.unread(rest...)
	s.beginTable(head, titles)
	for in.next() {
		s.step(in.row(), in)
		if err := s.stopped(); err != nil {
			return err
		}
	}
	if err := in.err(); err != nil {
		return err
	}
	s.endTable()
	return nil
}

// unitRowReach is how many rows below the last header row the header
// search reads: a unit row may stand under a header in row 20.
const unitRowReach = 2

// step handles one row below a header: data, a held title, a footer, or
// the header of the next table.
func (s *sheetReader) step(r ingest.Row, in *replay) {
	if r.Empty() {
		return
	}
	if s.ended {
		*s.endedRows() = append(*s.endedRows(), r.Num)
		s.hold(r)
		if s.mayBeHeader(r) {
			s.nextTable(r, in)
		}
		return
	}
	if s.cat.isFooter(r.Cells[0].Value) {
		s.flushHeld()
		s.ended = true
		s.report.Footer = append(s.report.Footer, r.Num)
		s.hold(r)
		return
	}
	if s.mayBeHeader(r) && s.nextTable(r, in) {
		return
	}
	if s.titleLike(r) {
		s.hold(r)
		return
	}
	s.flushHeld()
	s.row(r)
}

// hold keeps a row that may be a title of the next table. Past
// maxHeldRows, the oldest is no title: in a table it is converted as the
// data it is, after a footer it is dropped.
func (s *sheetReader) hold(r ingest.Row) {
	if len(s.held) == maxHeldRows {
		if !s.ended {
			s.row(s.held[0])
		}
		s.held = s.held[1:]
	}
	s.held = append(s.held, r)
}

// flushHeld converts the held rows as data: no header followed them.
// After a footer they are not data.
func (s *sheetReader) flushHeld() {
	held := s.held
	s.held = nil
	if s.ended {
		return
	}
	for _, r := range held {
		s.row(r)
	}
}

// titleLike reports whether a row may be a title or a unit line of a next
// table: one text cell that is not a number, not a marker word.
func (s *sheetReader) titleLike(r ingest.Row) bool {
	if len(r.Cells) != 1 {
		return false
	}
	v := r.Cells[0].Value
	if _, _, err := parse.NumberParts(v); err == nil {
		return false
	}
	return !parse.IsNull(v) && s.cat.rowMarker(v) == ""
}

// mayBeHeader is a cheap test for a row that may be a header: two of its
// cells name columns of some sheet kind, or one does and another names a
// wide table's year (指标 | 2023年).
func (s *sheetReader) mayBeHeader(r ingest.Row) bool {
	if len(r.Cells) < 2 {
		return false
	}
	found := 0
	for _, c := range r.Cells {
		v := c.Value
		if len(v) > maxHeaderBytes || !s.cat.headerStarts.May(v) || strings.ContainsAny(v, "0123456789") {
			continue
		}
		name, _ := parse.HeaderUnit(v, s.cat.unitNames)
		if s.cat.headerWords[name] {
			if found++; found == 2 {
				return true
			}
		}
	}
	return found == 1 && slices.ContainsFunc(r.Cells, func(c ingest.Cell) bool {
		_, _, year := yearHeader(parse.Text(c.Value))
		return len(c.Value) <= maxHeaderBytes && year
	})
}

// maxHeaderBytes is the longest header cell mayBeHeader looks at.
const maxHeaderBytes = 64

// nextTable starts a new table at r when r and the rows below it are a
// header; the held rows are its titles. It reports whether it did.
func (s *sheetReader) nextTable(r ingest.Row, in *replay) bool {
	window := append([]ingest.Row{r}, in.take(unitRowReach+1)...)
	head := s.cat.findHeader(window, 1)
	if head == nil {
		in.unread(window[1:]...)
		return false
	}
	titles := s.held
	if s.ended {
		titles = titles[:len(titles)-1] // r itself, held as a footer row
		*s.endedRows() = (*s.endedRows())[:len(*s.endedRows())-1]
	}
	s.held = nil
	if !s.hasTitle(titles) {
		// A header repeated with no title of its own (as a printed form
		// repeats it on each page) continues under the previous title.
		titles = append(slices.Clone(s.titleRows), titles...)
	}
	s.endTable()
	var rest []ingest.Row
	for _, w := range window {
		if w.Num > head.row {
			rest = append(rest, w)
		}
	}
	in.unread(rest...)
	s.beginTable(head, titles)
	return true
}

// hasTitle reports whether rows hold a title: a row that is not a
// sign-off or note line.
func (s *sheetReader) hasTitle(rows []ingest.Row) bool {
	for _, r := range rows {
		if !s.cat.isFooter(r.Cells[0].Value) {
			return true
		}
	}
	return false
}

// beginTable starts converting a table with the given header and title rows.
func (s *sheetReader) beginTable(head *header, titleRows []ingest.Row) {
	s.table++
	s.head, s.ended, s.noRegion, s.parent, s.parentYear, s.parentInd = head, false, false, 0, 0, nil
	s.above, s.labelCols, s.titles = [numCols]aboveCell{}, nil, nil
	s.years, s.units = map[int]bool{}, map[unitKey]*UnitUse{}
	s.audit = newAudit(s)
	s.report = SheetReport{Sheet: s.report.Sheet, Table: s.table, Kind: head.kind.Kind,
		HeaderRow: head.row, FirstRow: head.first}
	if len(titleRows) > 0 {
		s.report.FirstRow = titleRows[0].Num
	}
	for c, name := range colNames {
		s.cols[c] = head.columns[name]
	}
	for _, name := range labelColumns {
		if col, ok := head.columns[name]; ok {
			s.labelCols = append(s.labelCols, col.col)
		}
	}
	s.tableUnits, s.titleRows = map[string]Unit{}, titleRows
	var lines []unitLineCell
	for _, r := range titleRows {
		for _, cell := range r.Cells {
			s.titles = append(s.titles, cell.Value)
			lines = append(lines, unitLineCell{cell.Value, r.Ref(cell.Col)})
		}
	}
	for _, line := range append(lines, head.unitLines...) {
		for _, u := range s.cat.unitLine(line.text) {
			if _, ok := s.tableUnits[u.Dimension]; !ok {
				s.tableUnits[u.Dimension] = u
				s.report.TableUnits = append(s.report.TableUnits, u.Name+" "+line.ref)
			}
		}
	}
	s.year = s.cat.titleYear(s.titles)
	s.targetYears()
	if !s.resolveRegion() {
		s.ended, s.noRegion = true, true // its rows cannot be read; a next table may
	}
}

// endedRows are where the rows after the table's end are listed: its
// footer rows, or its unread rows when it has no region.
func (s *sheetReader) endedRows() *[]int {
	if s.noRegion {
		return &s.report.Unread
	}
	return &s.report.Footer
}

// targetYears gives the wide table's target columns that name no year
// (年度目标任务) the title's; without one, such a column is a problem and
// is not read.
func (s *sheetReader) targetYears() {
	targets := s.head.targets[:0]
	for _, t := range s.head.targets {
		if t.year == 0 {
			if s.year == 0 {
				s.problemAt(t.ref, "", fmt.Errorf("target column: %w", ErrNoYear), fixTargetYear)
				continue
			}
			t.year = s.year
		}
		targets = append(targets, t)
	}
	s.head.targets = targets
}

// endTable closes the current table and adds its report to the result.
func (s *sheetReader) endTable() {
	if s.report.Kind == "" {
		return
	}
	s.flushHeld()
	s.audit.end()
	s.noteUnits()
	for y := range s.years {
		s.report.Years = append(s.report.Years, y)
	}
	slices.Sort(s.report.Years)
	s.res.Sheets = append(s.res.Sheets, s.report)
	s.report = SheetReport{Sheet: s.report.Sheet}
}

// titleYear returns the one year the title rows mention, 0 if none or
// several. Sign-off lines above a header (填报时间：2024年1月) give none.
func (c *Catalog) titleYear(titles []string) int {
	found := 0
	for _, t := range titles {
		if c.isFooter(t) {
			continue
		}
		for _, m := range yearInText.FindAllString(parse.Display(t), -1) {
			y := int(m[0]-'0')*1000 + int(m[1]-'0')*100 + int(m[2]-'0')*10 + int(m[3]-'0')
			if found != 0 && found != y {
				return 0
			}
			found = y
		}
	}
	return found
}
