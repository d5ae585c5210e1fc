#!/usr/bin/env python3
"""Differential test of chipaudit's DDR3/DDR4 SPD decoding against decode-dimms.

For each image: module maker, DRAM maker, part number, serial, manufacturing
date, the status of every CRC block, size and speed, as `chipaudit identify IMAGE` explains
them, must equal what `decode-dimms -x -c` (Debian's i2c-tools) prints for the
same bytes. decode-dimms' answers are kept in GOLDEN_DIR/NAME.decode-dimms
(written by --update), so the check also runs where decode-dimms is not
installed; where it is, the golden file must also equal its live output.

usage: decode_dimms_diff.py CHIPAUDIT GOLDEN_DIR IMAGE... [--update]
Exit 0: all equal; 1: a difference; 77: skipped (nothing to compare).
"""
import os, re, shutil, subprocess, sys, tempfile

def image_bytes(path):
    data = open(path, "rb").read()
    if path.endswith(".hex"):  # coreboot's bare hex, '#' comments
        text = "\n".join(l.split("#")[0] for l in data.decode().splitlines())
        return bytes(int(t, 16) for t in text.split())
    return data

def norm_name(name):
    name = re.sub(r"\(.*?\)", "", name)  # decode-dimms' "(former ...)"
    return re.sub(r"[^a-z0-9]", "", name.lower())

def decode_dimms(path):
    """decode-dimms' fields for the image, or None when it decodes no DDR3/DDR4."""
    with tempfile.NamedTemporaryFile("w", suffix=".hex", delete=False) as f:
        data = image_bytes(path)
        for off in range(0, len(data), 16):  # hexdump -C style lines it reads
            f.write("%08x  %s\n" % (off, " ".join("%02x" % b for b in data[off:off + 16])))
        f.write("%08x\n" % len(data))
        tmp = f.name
    try:
        out = subprocess.run(["decode-dimms", "-x", "-c", tmp], capture_output=True, text=True).stdout
    finally:
        os.unlink(tmp)
    fields = []
    kind = None
    for line in out.splitlines():
        m = re.match(r"^(.+?)\s{2,}(.*)$", line)
        if not m:
            continue
        key, val = m.group(1).strip(), m.group(2).rstrip()
        if key == "Fundamental Memory type":
            kind = val
        m2 = re.match(r"EEPROM CRC of bytes (\d+-\d+)", key)
        if m2:
            fields.append("crc %s %s" % (m2.group(1), "ok" if val.startswith("OK") else "bad"))
        elif key == "Module Manufacturer":
            fields.append("module " + norm_name(val))
        elif key == "DRAM Manufacturer":
            fields.append("dram " + norm_name(val))
        elif key == "Part Number":
            fields.append("part " + ("" if val == "Undefined" else val.rstrip()))
        elif key == "Assembly Serial Number":
            fields.append("serial " + val[2:].upper())
        elif key == "Manufacturing Date":
            fields.append("date " + val)
        elif key == "Size" and val.endswith(" MB"):
            fields.append("size " + val)
        elif key == "Maximum module speed":
            fields.append("speed " + val.split(" (")[0])
    if not kind or not re.match(r"(LP)?DDR[34]X? SDRAM", kind):
        return None
    return sorted(fields)

def chipaudit(ca, path):
    out = subprocess.run([ca, "identify", path], capture_output=True, text=True).stdout
    fields = []
    units = {"MB": 1, "GB": 1024, "TB": 1024 * 1024}
    for line in out.splitlines():
        m = re.match(r"^  decoded\s+(capacity|speed): (\d+) (MB|GB|TB|MT/s)", line)
        if m and m.group(1) == "capacity":
            fields.append("size %d MB" % (int(m.group(2)) * units[m.group(3)]))
        elif m:
            fields.append("speed %s MT/s" % m.group(2))
        m = re.match(r"^  (?:byte|bytes) [0-9-]+\s+(.+?): (.*)$", line)
        if not m:
            continue
        key, val = m.groups()
        m2 = re.match(r"CRC of bytes (\d+-\d+)", key)
        if m2:
            fields.append("crc %s %s" % (m2.group(1), val.split()[0]))
        elif key in ("module maker id", "DRAM maker id"):
            role = "module" if key.startswith("module") else "dram"
            m3 = re.match(r"Bank \d+, Hex 0x[0-9A-F]{2} \((.*)\)$", val)
            if m3:
                fields.append("%s %s" % (role, norm_name(m3.group(1))))
        elif key == "part number":
            fields.append("part " + ("" if val == "not written" else val))
        elif key == "serial number":
            fields.append("serial " + val)
        elif key == "manufacturing date":
            fields.append("date " + val)
    return sorted(fields)

def main():
    args = [a for a in sys.argv[1:] if a != "--update"]
    update = "--update" in sys.argv
    ca, golden_dir, images = args[0], args[1], args[2:]
    have = shutil.which("decode-dimms") is not None
    if not have and os.environ.get("CI") == "true":
        print("FAIL: decode-dimms (i2c-tools) is not installed; scripts/setup.sh installs it")
        return 1
    compared = failed = 0
    for path in images:
        gold = os.path.join(golden_dir, os.path.basename(path) + ".decode-dimms")
        live = decode_dimms(path) if have else None
        if update:
            if have and live is not None:
                open(gold, "w").write("\n".join(live) + "\n")
            continue
        if have and live is None:
            continue  # not a DDR3/DDR4 image for decode-dimms
        want = live
        if os.path.exists(gold):
            stored = open(gold).read().split("\n")[:-1]
            if have and stored != live:
                print("FAIL %s: golden %s differs from decode-dimms' output" % (path, gold))
                failed += 1
            want = want if want is not None else stored
        if want is None:
            continue
        got = chipaudit(ca, path)
        compared += 1
        if got != want:
            failed += 1
            print("FAIL %s\n  decode-dimms: %s\n  chipaudit:    %s" % (path, want, got))
    if update:
        print("golden files written to", golden_dir)
        return 0
    print("%d images compared with decode-dimms (%s), %d differ" %
          (compared, "live and golden" if have else "golden files", failed))
    if compared == 0:
        return 77
    return 1 if failed else 0

sys.exit(main())
