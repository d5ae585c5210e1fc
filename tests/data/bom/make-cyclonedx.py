#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes a bill of materials kept as CSV as a CycloneDX JSON document
# (python3 standard library only), so the tests can check that the same list
# gives the same findings in either form. The columns are named on the
# command line (this script does not guess them):
#
#   make-cyclonedx.py --maker Manufacturer --part "Manufacturer Part Number" \
#       --desc Description --qty Quantity --ref Designator IN.csv OUT.json
#   make-cyclonedx.py --maker Mfg --part PN --qty Qty --ref "Reference(s)" \
#       --alt Mfg_1=PN_1 --alt "mfg_product-variant:85F/4G=pn_product-variant: 85F/4G" IN OUT
#
# The header is the first row holding the --maker column. Every row after it
# with a maker or part number is a component of type "device": its name is
# the part number; its maker is `manufacturer` (specVersion 1.6) or
# `supplier` (--spec 1.4 or 1.5, which have no component manufacturer);
# description, quantity and designators are a description and properties. A
# row with an empty quantity and no designator under a line, and each filled
# --alt column pair, is an alternate: a component with the property
# chipaudit:alternate-of naming the bom-ref of its line.
import argparse
import csv
import json
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", default="1.6", choices=["1.4", "1.5", "1.6"])
    ap.add_argument("--maker", required=True)
    ap.add_argument("--part", required=True)
    ap.add_argument("--desc")
    ap.add_argument("--qty")
    ap.add_argument("--ref")
    ap.add_argument("--alt", action="append", default=[], help="MAKER_COLUMN=PART_COLUMN")
    ap.add_argument("input")
    ap.add_argument("output")
    a = ap.parse_args()

    with open(a.input, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    head = next(i for i, r in enumerate(rows) if a.maker in r)
    names = rows[head]

    def col(name):
        return names.index(name) if name else None

    def cell(row, c):
        return row[c].strip() if c is not None and c < len(row) else ""

    cm, cp, cd, cq, cr = (col(x) for x in (a.maker, a.part, a.desc, a.qty, a.ref))
    alts = [tuple(col(x) for x in pair.split("=", 1)) for pair in a.alt]
    maker_key = "manufacturer" if a.spec == "1.6" else "supplier"

    components = []
    last = None

    def component(ref, maker, part, desc="", qty="", refdes="", of=None):
        c = {"type": "device", "bom-ref": ref, "name": part or desc or "unnamed"}
        if maker:
            c[maker_key] = {"name": maker}
        if desc:
            c["description"] = desc
        props = []
        if part:
            props.append({"name": "Manufacturer Part Number", "value": part})
        if qty:
            props.append({"name": "Quantity", "value": qty})
        if refdes:
            props.append({"name": "Designator", "value": refdes})
        if of:
            props.append({"name": "chipaudit:alternate-of", "value": of})
        if props:
            c["properties"] = props
        components.append(c)

    for n, row in enumerate(rows[head + 1:], start=head + 2):
        maker, part = cell(row, cm), cell(row, cp)
        desc, qty, refdes = cell(row, cd), cell(row, cq), cell(row, cr)
        if not (maker or part or desc):
            continue
        alternate = cq is not None and not qty and not refdes and last and (maker or part)
        ref = "row-%d" % n
        component(ref, maker, part, desc, qty, refdes, last if alternate else None)
        if not alternate:
            last = ref
        for k, (am, apn) in enumerate(alts):
            m, p = cell(row, am), cell(row, apn)
            if m or p:
                component("%s-alt-%d" % (ref, k + 1), m, p, of=last)

    doc = {
        "bomFormat": "CycloneDX",
        "specVersion": a.spec,
        "version": 1,
        "metadata": {
            "component": {"type": "device", "bom-ref": "board", "name": a.input.split("/")[-1]},
        },
        "components": components,
    }
    with open(a.output, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
