#!/usr/bin/env python3
# Checks an annotated copy of a CSV/TSV list (chipaudit bom --annotate)
# against its input: the same encoding, every row of the input in order with
# its cells unchanged (a cell starting with = + - @ TAB CR may only differ by
# a leading '), the five added columns after the header's last one, and no
# cell of the copy that a spreadsheet would run. Prints "VERDICT<TAB>row"
# for each data row; problems go to stderr and make the exit status 1.
# usage: check_annotated.py INPUT OUTPUT
import csv
import io
import re
import sys

ADDED = 5


def decode(raw):
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        return raw.decode("utf-16"), "utf-16"
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-bom"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("gb18030"), "gb18030"


def rows(text):
    first = text.split("\n", 40)
    delim = max(["\t", ",", ";"], key=lambda d: sum(l.count(d) for l in first))
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))


def number(c):
    return re.fullmatch(r"[+-][0-9]+([.,][0-9]+)?", c) is not None


def hostile(c):
    return c[:1] in ("=", "+", "-", "@", "\t", "\r") and not number(c)


problems = []
raw_in, raw_out = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
text_in, enc_in = decode(raw_in)
text_out, enc_out = decode(raw_out)
if enc_in != enc_out:
    problems.append("encoding %s, the input's %s" % (enc_out, enc_in))
rin, rout = rows(text_in), rows(text_out)
if len(rin) != len(rout):
    problems.append("%d rows, the input has %d" % (len(rout), len(rin)))
header = None
for i, (a, b) in enumerate(zip(rin, rout), 1):
    for c in b:
        if hostile(c):
            problems.append("row %d: cell %r would run in a spreadsheet" % (i, c))
    if header is None and len(b) == len(a) + ADDED and b[-ADDED].startswith("chipaudit "):
        header = len(a)
        continue
    if header is None or a in ([], [""]):
        expect = len(a)                      # a preamble or a blank row: as it was
    else:
        expect = max(len(a), header) + ADDED
    if len(b) != expect:
        problems.append("row %d: %d cells, %d expected" % (i, len(b), expect))
    for k, c in enumerate(a):
        d = b[k] if k < len(b) else None
        if d != c and not (hostile(c) and d == "'" + c) and not (number(c) and d == "'" + c):
            problems.append("row %d cell %d: %r, the input has %r" % (i, k + 1, d, c))
    if header is not None and len(b) == expect and expect > len(a):
        print("%s\t%s" % (b[-ADDED], " | ".join(b).replace("\r", "\\r").replace("\n", "\\n")))
if header is None:
    problems.append("no header row with the added column names")
for p in problems[:20]:
    print("check_annotated: %s: %s" % (sys.argv[2], p), file=sys.stderr)
sys.exit(1 if problems else 0)
