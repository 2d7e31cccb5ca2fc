package ingest

import (
	"bytes"
	"io"
	"math"

	"github.com/xuri/excelize/v2"
)

// The row stream of an .xlsx sheet reads the sheet with pairstat's own
// scanner (sheetxml.go) when it can, and with excelize's row stream
// otherwise: when the workbook is opened typed, when excelize holds the
// sheet decoded, when the shared strings table is not plain XML, and
// from the row it has reached when the scanner meets XML it does not
// read. excelize's stream is then replayed to that row: the rows before
// are those the scanner yielded, which are excelize's.

// ownSheet is the scanner's state in a row stream.
type ownSheet struct {
	scan   *sheetScanner
	closer io.Closer
	num    int    // the number of the row element read ahead, when has
	cells  []Cell // its cells
	has    bool
}

// close releases the sheet's part.
func (o *ownSheet) close() {
	if o.closer != nil {
		o.closer.Close()
		o.closer = nil
	}
}

// partReader opens a part of the package as excelize holds it: from
// memory, or else from the workbook's zip archive. ok is false when there
// is no such part.
func (w *Workbook) partReader(name string) (r io.Reader, closer io.Closer, ok bool, err error) {
	if b := w.heldPart(name); b != nil {
		return bytes.NewReader(b), nil, true, nil
	}
	f := w.member(name)
	if f == nil {
		return nil, nil, false, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, true, err
	}
	return rc, rc, true, nil
}

// heldPart returns the part as excelize holds it in memory; nil when it
// does not (it spooled the part to a temporary file, or there is none).
func (w *Workbook) heldPart(name string) []byte {
	if v, ok := w.file.Pkg.Load(name); ok {
		if b, ok := v.([]byte); ok && len(b) > 0 {
			return b
		}
	}
	return nil
}

// sharedStringsPart is where excelize reads the shared strings from.
const sharedStringsPart = "xl/sharedStrings.xml"

// plainTexts returns the workbook's shared strings table, read once; nil
// when it is not plain XML (its sheets are then left to excelize).
func (w *Workbook) plainTexts() *sharedTexts {
	w.textsOnce.Do(func() {
		r, closer, ok, err := w.partReader(sharedStringsPart)
		switch {
		case err != nil:
			return
		case !ok:
			w.texts = &sharedTexts{}
			return
		}
		if closer != nil {
			defer closer.Close()
		}
		size := len(w.heldPart(sharedStringsPart))
		if f := w.member(sharedStringsPart); size == 0 && f != nil {
			size = int(min(f.UncompressedSize64, uint64(w.lim.PartSize)))
		}
		if t, err := readSharedTexts(r, size); err == nil {
			w.texts = t
		}
	})
	return w.texts
}

// ownSheet starts the scanner on the sheet; nil when the sheet is left
// to excelize.
func (w *Workbook) ownSheet(sheet string) *ownSheet {
	if w.typed {
		return nil
	}
	name, ok := w.sheetPart(sheet)
	if !ok {
		return nil
	}
	if _, decoded := w.file.Sheet.Load(name); decoded {
		return nil
	}
	texts := w.plainTexts()
	if texts == nil {
		return nil
	}
	r, closer, ok, err := w.partReader(name)
	if !ok || err != nil {
		return nil
	}
	o := &ownSheet{scan: newSheetScanner(r, texts), closer: closer}
	if o.scan.start() != nil {
		o.close()
		return nil
	}
	return o
}

// nextOwn is Next through the scanner.
func (r *Rows) nextOwn() bool {
	o := r.own
	if !o.has {
		num, cells, ok, err := o.scan.row(o.cells[:0])
		o.cells = cells
		if err == nil && !ok {
			if fix, cause := r.census.pass(math.MaxInt); cause != nil {
				r.done = true
				r.err = fix.At(r.wb.Name, r.sheet, "", "", cause)
				return false
			}
			err = o.scan.finish()
		}
		if err != nil {
			return r.toExcelize()
		}
		if !ok {
			r.done = true
			r.err = r.wb.checkEnd(r.sheet, r.num, r.census.endsRead())
			return false
		}
		o.num, o.has = num, true
	}
	if !r.advance() {
		return false
	}
	if r.num < o.num {
		r.row = Row{Num: r.num, Cells: make([]Cell, 0)}
		return true
	}
	o.has = false
	r.row = Row{Num: r.num, Cells: make([]Cell, 0, len(o.cells))}
	for _, c := range o.cells {
		if !r.take(c) {
			return false
		}
	}
	return true
}

// toExcelize leaves the rest of the sheet to excelize's row stream,
// replayed past the rows read, and reads the next row through it.
func (r *Rows) toExcelize() bool {
	r.own.close()
	r.own = nil
	xr, err := r.wb.excelizeRows(r.sheet)
	if err != nil {
		r.err = err
		return false
	}
	r.rows = xr
	for range r.num {
		if !xr.Next() {
			break
		}
		if _, err := xr.Columns(excelize.Options{RawCellValue: true}); err != nil {
			break
		}
	}
	return r.nextExcelize()
}
