package xls

import "testing"

// recordCensus counts the records of each type in a workbook's stream.
func recordCensus(b *Book) map[uint16]int {
	n := map[uint16]int{}
	for off := 0; off < len(b.s); {
		r, err := readRecord(b.s, off)
		if err != nil {
			break // padding after the last EOF
		}
		n[r.id]++
		off = r.next()
	}
	return n
}

// The testdata holds every record type the reader reads that LibreOffice
// writes; LABEL, which it does not write, is in a real file of the corpus.
func TestRecordTypesCovered(t *testing.T) {
	n := recordCensus(mustOpen(t, "records.xls"))
	names := map[uint16]string{idNumber: "NUMBER", idRK: "RK", idMulRK: "MULRK", idLabelSST: "LABELSST",
		idFormula: "FORMULA", idString: "STRING", idBoolErr: "BOOLERR", idMergedCells: "MERGEDCELLS",
		idSST: "SST", idContinue: "CONTINUE", idBoundsheet: "BOUNDSHEET", idXF: "XF", idFormat: "FORMAT",
		idDatemode: "DATEMODE"}
	if recordCensus(mustOpen(t, "boolerr.xls"))[idBoolErr] == 0 {
		t.Error("boolerr.xls has no BOOLERR record")
	}
	delete(names, idBoolErr)
	for id, name := range names {
		if n[id] == 0 {
			t.Errorf("records.xls has no %s record", name)
		}
	}
	t.Logf("records.xls: %d CONTINUE, %d MULRK, %d RK, %d NUMBER, %d FORMULA", n[idContinue], n[idMulRK], n[idRK], n[idNumber], n[idFormula])
	b, err := open(t, wildFile(t, "calamine__OOM_alloc.xls"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if recordCensus(b)[idLabel] == 0 {
		t.Error("calamine__OOM_alloc.xls has no LABEL record")
	}
}
