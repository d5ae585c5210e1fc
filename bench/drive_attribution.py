#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Drive attribution from strings alone, measured against the drive's ids.

For every smartctl report under DRIVES that carries a PCI vendor id or an
IEEE OUI (NVMe "PCI Vendor/Subsystem ID", "PCI Vendor ID", "PCI Vendor
Subsystem ID", "IEEE OUI Identifier", "Namespace 1 IEEE EUI-64"; SATA "LU WWN
Device Id"; SCSI "Logical Unit id"), chipaudit reads the report twice: as it
is, and with every one of those lines removed (model, vendor, family and
firmware strings left). The maker the ids name is the drive answer of the
first reading when the resolver took it from an id (methods pci-vendor-id,
ieee-oui); ids that name only a controller maker (Phison, Silicon Motion,
Maxio, Realtek, the SanDisk controller id WD drives carry), or no maker the
knowledge base knows (0x000000, an OEM's unregistered id), name no drive
maker and are counted apart. The drive answer of the second reading is then
compared with it at owner level on the date given.

Prints both figures: the share of reports with an id-named maker that get
a string-only answer, and the share of those answers that agree. With
--check, exits 1 unless agreement >= 98% and answers >= 90%.

usage: drive_attribution.py CHIPAUDIT DRIVES_DIR [--as-of DATE] [--check] [-v]
"""
import json
import os
import re
import subprocess
import sys
import tempfile

ID_LINE = re.compile(
    r"^(PCI Vendor/Subsystem ID|PCI Vendor ID|PCI Vendor Subsystem ID|IEEE OUI Identifier|"
    r"Namespace \d+ IEEE EUI-64|LU WWN Device Id|Logical Unit id)\s*:")
ID_METHODS = ("pci-vendor-id", "ieee-oui")
TARGET_AGREE, TARGET_ANSWER = 0.98, 0.90


def reports(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name in ("LICENSE", "NOTICE", "README.md"):
                continue
            yield os.path.join(dirpath, name)


def audit(chipaudit, paths, as_of):
    """Host objects by source path, from one `chipaudit audit --format jsonl` run."""
    hosts = {}
    with tempfile.NamedTemporaryFile("w", prefix="storage-drive-attr-", suffix=".lst",
                                     delete=False) as lst:
        for p in paths:
            lst.write(p + "\n")
    try:
        # many files: pass them through xargs-like batches
        batch = 2000
        for i in range(0, len(paths), batch):
            cmd = [chipaudit, "audit", "--format", "jsonl", "--as-of", as_of] + paths[i:i + batch]
            out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 check=False).stdout
            for line in out.decode("utf-8", "replace").splitlines():
                line = line.strip()
                if not line.startswith("{"):
                    continue
                h = json.loads(line)
                if "source" in h:
                    hosts[h["source"]] = h
    finally:
        os.unlink(lst.name)
    return hosts


def drive(host):
    for d in host.get("devices") or []:
        return d
    return None


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("-")]
    check = "--check" in argv
    verbose = "-v" in argv
    as_of = "2026-11-30"
    if "--as-of" in argv:
        as_of = argv[argv.index("--as-of") + 1]
        args.remove(as_of)
    if len(args) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    chipaudit, root = args
    files = list(reports(root))
    with_ids, stripped = [], {}
    tmp = tempfile.mkdtemp(prefix="storage-drive-attr-")
    for i, path in enumerate(files):
        with open(path, "rb") as f:
            lines = f.read().decode("utf-8", "replace").splitlines(keepends=True)
        kept = [l for l in lines if not ID_LINE.match(l)]
        if len(kept) == len(lines):
            continue
        with_ids.append(path)
        s = os.path.join(tmp, "%05d.txt" % i)
        with open(s, "w") as f:
            f.writelines(kept)
        stripped[path] = s
    full = audit(chipaudit, files, as_of)
    bare = audit(chipaudit, list(stripped.values()), as_of)

    read = sum(1 for p in files if p in full and drive(full[p]))
    named = answered = agree = controller_only = nameless = 0
    disagreements = []
    for path in with_ids:
        h = full.get(path)
        d = drive(h) if h else None
        if not d:
            nameless += 1
            continue
        ans = d["makers"].get("drive") or {}
        ctl = d["makers"].get("controller") or {}
        if ans.get("method") not in ID_METHODS:
            if ctl.get("method") in ID_METHODS:
                controller_only += 1
            else:
                nameless += 1
            continue
        named += 1
        b = drive(bare.get(stripped[path], {}))
        got = (b or {}).get("makers", {}).get("drive") or {}
        if got.get("confidence", "none") == "none":
            if verbose:
                print("unanswered: %s (%s; ids say %s)" % (path, d.get("model"), ans["owner"]))
            continue
        answered += 1
        if got["owner_id"] == ans["owner_id"]:
            agree += 1
        else:
            disagreements.append((path, d.get("model"), ans["owner"], got["owner"], got["method"]))
    for path, model, ids, strings, method in disagreements:
        print("disagree: %s: model %r: ids say %s, strings (%s) say %s" %
              (path, model, ids, method, strings))
    answer_rate = answered / named if named else 0.0
    agree_rate = agree / answered if answered else 0.0
    print("reports: %d, read as drives by chipaudit: %d" % (len(files), read))
    print("reports with a PCI vendor id or an OUI: %d" % len(with_ids))
    print("  ids name a drive maker: %d; only a controller maker: %d; no maker known: %d" %
          (named, controller_only, nameless))
    print("answered from model, vendor, family and firmware strings alone: %d of %d (%.1f%%, target >= %.0f%%)" %
          (answered, named, 100 * answer_rate, 100 * TARGET_ANSWER))
    print("agreeing with the ids at owner level on %s: %d of %d (%.1f%%, target >= %.0f%%)" %
          (as_of, agree, answered, 100 * agree_rate, 100 * TARGET_AGREE))
    for s in stripped.values():
        os.unlink(s)
    os.rmdir(tmp)
    if check and (agree_rate < TARGET_AGREE or answer_rate < TARGET_ANSWER or read != len(files)):
        print("FAIL: below target (or a report was not read)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
