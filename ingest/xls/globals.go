package xls

// BIFF versions and substream types of a BOF record.
const (
	biff8           = 0x0600
	biff5           = 0x0500
	streamGlobals   = 0x0005
	streamWorksheet = 0x0010
)

// readGlobals reads the workbook globals substream that starts the stream.
func (b *Book) readGlobals() error {
	r, err := readRecord(b.s, 0)
	if err != nil {
		return err
	}
	if err := checkBOF(r, streamGlobals); err != nil {
		return err
	}
	var xfFormats []uint16
	dateFormats := map[uint16]bool{}
	for off := r.next(); ; off = r.next() {
		if r, err = readRecord(b.s, off); err != nil {
			return err
		}
		switch r.id {
		case idEOF:
			b.dateXF = make([]bool, len(xfFormats))
			for i, f := range xfFormats {
				date, custom := dateFormats[f]
				b.dateXF[i] = date || !custom && BuiltinDate(int(f))
			}
			return nil
		case idFilepass:
			return fail(ErrEncrypted, r.off, "it has a FILEPASS record (its content is encrypted)", "文件含有 FILEPASS 记录（其内容已加密）")
		case idDatemode:
			b.date1904 = len(r.data) >= 2 && le.Uint16(r.data) == 1
		case idXF:
			if len(r.data) < 4 {
				return fail(ErrFormat, r.off, "an XF record is %d bytes long, too short", "一个 XF 记录长 %d 字节，太短", len(r.data))
			}
			xfFormats = append(xfFormats, le.Uint16(r.data[2:]))
		case idFormat:
			if len(r.data) < 2 {
				return fail(ErrFormat, r.off, "a FORMAT record is %d bytes long, too short", "一个 FORMAT 记录长 %d 字节，太短", len(r.data))
			}
			code, err := contAt(b.s, r, 2).str(2)
			if err != nil {
				return err
			}
			dateFormats[le.Uint16(r.data)] = IsDateFormat(code)
		case idBoundsheet:
			if err := b.readBoundsheet(r); err != nil {
				return err
			}
		case idSST:
			if err := b.readSST(r); err != nil {
				return err
			}
		}
	}
}

// checkBOF checks that r is the BOF record of a BIFF8 substream of type dt.
func checkBOF(r record, dt uint16) error {
	switch {
	case r.id == 0x0009 || r.id == 0x0209 || r.id == 0x0409:
		return fail(ErrVersion, r.off, "it is an Excel 2.x–4.x workbook (BOF record 0x%04X)", "这是 Excel 2.x–4.x 的工作簿（BOF 记录 0x%04X）", r.id)
	case r.id != idBOF || len(r.data) < 4:
		return fail(ErrFormat, r.off, "a substream does not start with a BOF record", "一个子流不是以 BOF 记录开头")
	case le.Uint16(r.data) == biff5:
		return fail(ErrVersion, r.off, "it is an Excel 5.0/95 workbook (BIFF5)", "这是 Excel 5.0/95 的工作簿（BIFF5）")
	case le.Uint16(r.data) != biff8:
		return fail(ErrVersion, r.off, "its BOF record names BIFF version 0x%04X, not BIFF8", "其 BOF 记录所示的 BIFF 版本为 0x%04X，不是 BIFF8", le.Uint16(r.data))
	case le.Uint16(r.data[2:]) != dt:
		return fail(ErrFormat, r.off, "a substream of type 0x%04X is found where one of type 0x%04X belongs", "应为 0x%04[2]X 类型子流的位置出现了 0x%04[1]X 类型的子流", le.Uint16(r.data[2:]), dt)
	}
	return nil
}

// readBoundsheet reads a BOUNDSHEET8 record, keeping worksheets.
func (b *Book) readBoundsheet(r record) error {
	if len(r.data) < 8 {
		return fail(ErrFormat, r.off, "a BOUNDSHEET record is %d bytes long, too short", "一个 BOUNDSHEET 记录长 %d 字节，太短", len(r.data))
	}
	if r.data[5] != 0 { // macro sheet, chart or VB module
		return nil
	}
	if b.lim.Sheets > 0 && len(b.sheets) >= b.lim.Sheets {
		return fail(ErrLimit, r.off, "it has more than %d worksheets", "工作表多于 %d 个", b.lim.Sheets)
	}
	name, err := contAt(b.s, r, 6).str(1)
	if err != nil {
		return err
	}
	pos := int(le.Uint32(r.data))
	b.sheets = append(b.sheets, sheet{Sheet: Sheet{Name: name, Hidden: r.data[4]&3 != 0}, pos: pos})
	return nil
}

// readSST reads the shared strings table: an SST record and its CONTINUE
// records.
func (b *Book) readSST(r record) error {
	if len(r.data) < 8 {
		return fail(ErrFormat, r.off, "the SST record is %d bytes long, too short", "SST 记录长 %d 字节，太短", len(r.data))
	}
	n := int(le.Uint32(r.data[4:]))
	if b.lim.Strings > 0 && n > b.lim.Strings {
		return fail(ErrLimit, r.off, "its shared strings table has %d entries, more than the limit of %d", "共享字符串表有 %d 项，超过上限 %d 项", n, b.lim.Strings)
	}
	c := contAt(b.s, r, 8)
	b.sst = make([]string, 0, min(n, len(b.s)/3))
	var total int64
	for len(b.sst) < n {
		if len(c.b) == 0 && !c.more() {
			break // fewer strings than declared: keep those there are
		}
		s, err := c.str(2)
		if err != nil {
			return err
		}
		if total += int64(len(s)); b.lim.StringBytes > 0 && total > b.lim.StringBytes {
			return fail(ErrLimit, c.off, "its shared strings exceed the limit of %d bytes", "共享字符串超过上限 %d 字节", b.lim.StringBytes)
		}
		b.sst = append(b.sst, s)
	}
	return nil
}
