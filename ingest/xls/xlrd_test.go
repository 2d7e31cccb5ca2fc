package xls

import (
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// xlrdDump prints, as JSON, every sheet xlrd reads in a workbook: its name
// and its non-empty cells as [row, col, type, value], 1-based; xlrd's types
// are 1 text, 2 number, 3 date, 4 Boolean, 5 error (an error code).
const xlrdDump = `
import json, os, sys, xlrd
try:
    b = xlrd.open_workbook(sys.argv[1], on_demand=True, logfile=open(os.devnull, "w"))
except Exception as e:
    print(json.dumps({"error": str(e)})); sys.exit()
out = []
for i in range(b.nsheets):
    s = b.sheet_by_index(i)
    cells = [[r+1, c+1, s.cell_type(r, c), s.cell_value(r, c)] for r in range(s.nrows) for c in range(s.ncols)
             if s.cell_type(r, c) not in (0, 6) and s.cell_value(r, c) != ""]
    out.append({"name": s.name, "cells": cells})
print(json.dumps({"sheets": out}))
`

// xlrdCell is a cell as xlrd reads it.
type xlrdCell struct {
	Row, Col, Type int
	Value          any
}

func (c *xlrdCell) UnmarshalJSON(b []byte) error {
	var a [4]any
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	c.Row, c.Col, c.Type, c.Value = int(a[0].(float64)), int(a[1].(float64)), int(a[2].(float64)), a[3]
	return nil
}

// xlrdRead reads a workbook with xlrd (Debian's python3-xlrd).
func xlrdRead(t *testing.T, path string) (sheets []struct {
	Name  string
	Cells []xlrdCell
}, xlrdErr string) {
	t.Helper()
	out, err := exec.Command("/usr/bin/python3", "-c", xlrdDump, path).Output()
	if err != nil {
		t.Fatalf("xlrd on %s: %v", path, err)
	}
	var res struct {
		Error  string
		Sheets []struct {
			Name  string
			Cells []xlrdCell
		}
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	return res.Sheets, res.Error
}

// xlrdValue is the value our reader gives a cell xlrd reads as c: numbers
// to 15 significant digits, dates as serials, Booleans 1 or 0, errors by
// name.
func xlrdValue(c xlrdCell) (CellType, string) {
	switch c.Type {
	case 1:
		return Text, c.Value.(string)
	case 2, 3:
		typ := map[int]CellType{2: Number, 3: Date}[c.Type]
		return typ, formatNumber(c.Value.(float64))
	case 4:
		return Bool, strconv.Itoa(int(c.Value.(float64)))
	}
	return Error, errorText(byte(c.Value.(float64)))
}

// Our reader and xlrd read the same cells from every .xls of the corpus
// that xlrd reads, and from the testdata.
func TestSameAsXlrd(t *testing.T) {
	if exec.Command("/usr/bin/python3", "-c", "import xlrd").Run() != nil {
		t.Skip("python3-xlrd is not installed")
	}
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.xls"))
	for _, pattern := range []string{"*.xls", "*.XLS"} {
		more, _ := filepath.Glob(filepath.Join(wild, pattern))
		paths = append(paths, more...)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			want, xlrdErr := xlrdRead(t, path)
			b, err := open(t, path, Limits{})
			switch {
			case xlrdErr != "": // we may read a file xlrd rejects, or reject it too
				t.Logf("xlrd: %s; ours: %v", xlrdErr, err)
				return
			case errors.Is(err, ErrVersion): // xlrd reads BIFF2–5; we name them with the fix
				t.Logf("xlrd reads it; ours: %v", err)
				return
			case err != nil:
				t.Fatalf("xlrd reads it, ours fails: %v", err)
			}
			compareWithXlrd(t, b, want)
		})
	}
}

func compareWithXlrd(t *testing.T, b *Book, want []struct {
	Name  string
	Cells []xlrdCell
}) {
	t.Helper()
	// xlrd lists every sheet; ours only worksheets, which come first here.
	sheets := b.Sheets()
	if len(sheets) > len(want) {
		t.Fatalf("%d sheets, xlrd %d", len(sheets), len(want))
	}
	for i, s := range sheets {
		if s.Name != want[i].Name {
			t.Errorf("sheet %d is %q, xlrd %q", i, s.Name, want[i].Name)
		}
		rows, err := sheetRows(b, i)
		if err != nil {
			t.Fatal(err)
		}
		got := map[[2]int]Cell{}
		for n, cells := range rows {
			for _, c := range cells {
				got[[2]int{n, c.Col}] = c
			}
		}
		for _, w := range want[i].Cells {
			typ, value := xlrdValue(w)
			at := fmt.Sprintf("sheet %q R%dC%d", s.Name, w.Row, w.Col)
			c, ok := got[[2]int{w.Row, w.Col}]
			switch {
			case !ok:
				t.Errorf("%s: missing; xlrd %v", at, w.Value)
			case c.Type != typ || c.Value != value:
				t.Errorf("%s = %v %q, xlrd %v %q", at, c.Type, c.Value, typ, value)
			}
			delete(got, [2]int{w.Row, w.Col})
		}
		for k, c := range got {
			t.Errorf("sheet %q R%dC%d = %q; xlrd has no value", s.Name, k[0], k[1], c.Value)
		}
	}
	if t.Failed() {
		return
	}
	t.Logf("%d sheets agree", len(sheets))
}
