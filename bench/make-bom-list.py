#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Builds a purchase list of N lines from the lines of the real bills of
# materials in the shared corpus (bom/: BeagleBone AI, OrangeCrab, ULX3S),
# for bench/bom.sh: every main line and every alternate (alternate
# maker/part column pairs become rows with an empty quantity under their
# line) is taken, then the pool is repeated in order until N lines are
# written. One row is one text line (newlines in cells become spaces), so
# `wc -l` counts the lines plus the header.
#
#   make-bom-list.py CORPUS_BOM_DIR N OUT.csv
import csv
import os
import sys

MAKER = ["Manufacturer", "Mfg", "MFG1"]
PART = ["Manufacture P/N", "PN", "MPN"]
DESC = ["Description", "Value"]
QTY = ["QTY", "Qty", "Quantity Per PCB"]
REF = ["Location", "Reference(s)", "References"]
ALTS = [("Mfg_1", "PN_1"), ("MFG2", "MPN2"), ("MFG3", "MPN3")]


def first(names, header):
    for n in names:
        if n in header:
            return header.index(n)
    return None


def rows_of(path):
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
        rows = list(csv.reader(f))
    head = next((i for i, r in enumerate(rows) if first(MAKER, r) is not None), None)
    if head is None:
        return []
    h = rows[head]
    cm, cp, cd, cq, cr = (first(x, h) for x in (MAKER, PART, DESC, QTY, REF))
    alts = [(h.index(m), h.index(p)) for m, p in ALTS if m in h and p in h]

    def cell(row, c):
        return row[c].replace("\r", " ").replace("\n", " ").strip() if c is not None and c < len(row) else ""

    out = []
    for row in rows[head + 1:]:
        maker, part = cell(row, cm), cell(row, cp)
        if not (maker or part):
            continue
        out.append((cell(row, cr), maker, part, cell(row, cd), cell(row, cq) or "1"))
        for m, p in alts:
            if cell(row, m) or cell(row, p):
                out.append(("", cell(row, m), cell(row, p), "alternate", ""))
    return out


def main():
    corpus, n, dest = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    pool = []
    for root, _, files in sorted(os.walk(corpus)):
        for name in sorted(files):
            if name.endswith(".csv"):
                pool += rows_of(os.path.join(root, name))
    if not pool:
        sys.exit("no lines found under " + corpus)
    with open(dest, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["Item", "Designator", "Manufacturer", "Manufacturer Part Number", "Description", "Quantity"])
        item = 0
        for i in range(n):
            ref, maker, part, desc, qty = pool[i % len(pool)]
            if qty:
                item += 1
            w.writerow([item if qty else "", ref, maker, part, desc, qty])
    print("%d lines from a pool of %d real lines" % (n, len(pool)), file=sys.stderr)


if __name__ == "__main__":
    main()
