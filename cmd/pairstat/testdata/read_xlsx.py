"""Dump an xlsx workbook as JSON through openpyxl, a reader that is not
excelize: cell values and number formats, merged ranges, frozen panes,
column widths, document properties and each chart with its series' ranges.

Usage: python3 read_xlsx.py BOOK.xlsx
"""
import json
import sys

import openpyxl


def text_of(title):
    """The plain text of a chart title (rich text runs joined)."""
    if title is None or title.tx is None or title.tx.rich is None:
        return None
    return "".join(r.t for p in title.tx.rich.p for r in (p.r or []))


def ref_of(data):
    """The formula a series' name, categories or values point at."""
    if data is None:
        return None
    for attr in ("strRef", "numRef"):
        ref = getattr(data, attr, None)
        if ref is not None:
            return ref.f
    return None


def main(path):
    wb = openpyxl.load_workbook(path)
    out = {
        "sheets": wb.sheetnames,
        "properties": {
            "creator": wb.properties.creator,
            "title": wb.properties.title,
            "created": wb.properties.created.isoformat() if wb.properties.created else None,
            "modified": wb.properties.modified.isoformat() if wb.properties.modified else None,
        },
        "worksheets": {},
    }
    for ws in wb.worksheets:
        cells = []
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                cells.append({"cell": c.coordinate, "row": c.row, "col": c.column,
                              "value": c.value, "format": c.number_format})
        charts = []
        for ch in ws._charts:
            charts.append({
                "type": ch.tagname,
                "direction": getattr(ch, "type", None),
                "title": text_of(ch.title),
                "anchor": "%s%d" % (openpyxl.utils.get_column_letter(ch.anchor._from.col + 1),
                                    ch.anchor._from.row + 1),
                "series": [{"name": ref_of(s.tx), "categories": ref_of(s.cat), "values": ref_of(s.val)}
                           for s in ch.series],
            })
        out["worksheets"][ws.title] = {
            "cells": cells,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "freeze": ws.freeze_panes,
            "widths": {k: v.width for k, v in ws.column_dimensions.items() if v.width},
            "charts": charts,
        }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, default=str)


if __name__ == "__main__":
    main(sys.argv[1])
