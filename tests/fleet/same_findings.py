#!/usr/bin/env python3
# usage: same_findings.py AUDIT_REPORT.json FLEET_FINDINGS.json
# Exits 0 when the findings of `chipaudit audit --format json` and of
# `chipaudit fleet findings --format json` are the same (host, rule,
# component, severity, state, waived), each as many times; else prints the
# differences and exits 1. Fails on a report without findings, so an empty
# comparison cannot pass.
import collections
import json
import sys

report = json.load(open(sys.argv[1]))
want = collections.Counter(
    (h["source"], f["rule"], f["component"], f["severity"], f["state"], bool(f["waived"]))
    for h in report["hosts"] for f in (h["findings"] or []))
got = collections.Counter(
    (r["host"], r["rule"], r["component"], r["severity"], r["state"], bool(r["waived"]))
    for r in json.load(open(sys.argv[2])))
if not want:
    print("the audit report has no findings to compare")
    sys.exit(1)
if want != got:
    for k in (want - got):
        print("only audit:", k)
    for k in (got - want):
        print("only fleet:", k)
    sys.exit(1)
print(f"{sum(want.values())} findings of {len(report['hosts'])} hosts are the same")
