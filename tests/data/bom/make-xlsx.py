#!/usr/bin/python3
# Writes tests/data/bom/screening-en.xlsx from screening-en.csv with
# python3-openpyxl (Debian 12: 3.0.9): a first sheet of notes without a
# header, then the list. Run from tests/data/bom: /usr/bin/python3 make-xlsx.py
import csv
import openpyxl

wb = openpyxl.Workbook()
notes = wb.active
notes.title = "Notes"
notes.append(["Quote 2026-11 for the example board"])
notes.append(["Prices in CNY"])
bom = wb.create_sheet("BOM")
with open("screening-en.csv", encoding="utf-8", newline="") as f:
    for row in csv.reader(f):
        # numbers as numbers, the rest as text (shared strings)
        bom.append([int(c) if c.isdigit() else c for c in row])
wb.save("screening-en.xlsx")
