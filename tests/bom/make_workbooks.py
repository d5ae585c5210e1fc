#!/usr/bin/env python3
# Writes workbooks the tests need that a spreadsheet program would not make
# on request, with Python's zipfile (written for the tests, not by a
# spreadsheet): inline strings and no shared strings; a zip bomb (a sheet of
# 200 MiB that deflates to a few hundred KiB); malformed XML after good rows.
# usage: make_workbooks.py OUT_DIR
import sys
import zipfile

out = sys.argv[1]
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')


def row(n, cells):
    cs = "".join('<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + i), n, v)
                 for i, v in enumerate(cells) if v)
    return '<row r="%d">%s</row>' % (n, cs)


def sheet(rows, tail=""):
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + "".join(rows) + tail + "</sheetData></worksheet>")


rows = [row(1, ["Manufacturer", "MPN", "Qty"]), row(2, ["Micron", "MT41K256M16TW", "1"]),
        row(3, ["Kingston", "KVR16N11/8", "2"]), row(4, ["ISSI", "IS42S16160G", "1"]),
        row(5, ["Micron Technology", "MT48LC16M16A2", ""])]
with zipfile.ZipFile(out + "/inline.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CT)
    z.writestr("xl/worksheets/sheet1.xml", sheet(rows))
with zipfile.ZipFile(out + "/bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CT)
    z.writestr("xl/worksheets/sheet1.xml", sheet(rows[:2], "<row r=\"9\">" + " " * (200 << 20) + "</row>"))
    z.writestr("xl/worksheets/sheet2.xml", sheet(rows))
with zipfile.ZipFile(out + "/malformed.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CT)
    z.writestr("xl/worksheets/sheet1.xml", sheet(rows[:3], "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>x</is></row>"))

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xc(ref, v):
    return '<x:c r="%s" t="inlineStr"><x:is><x:t>%s</x:t></x:is></x:c>' % (ref, v)


with zipfile.ZipFile(out + "/prefixed.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CT)
    z.writestr("xl/worksheets/sheet1.xml",
               '<?xml version="1.0"?><x:worksheet xmlns:x="%s"><x:dimension ref="A1:C4"/><x:sheetData>' % NS
               + '<x:row r="1" spans="1:3">' + xc("A1", "Manufacturer") + xc("B1", "MPN") + xc("C1", "Qty") + "</x:row>"
               + '<x:row spans="1:3">' + xc("A2", "Micron") + xc("B2", "MT41K256M16TW") + xc("C2", "1") + "</x:row>"
               + '<x:row r="3"/>'
               + '<x:row r="4" spans="1:3"><!-- </x:row> -->' + xc("A4", "Kingston &amp; Co") + xc("B4", "KVR16N11/8")
               + xc("C4", "2") + "</x:row></x:sheetData></x:worksheet>")
