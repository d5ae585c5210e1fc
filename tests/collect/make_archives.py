#!/usr/bin/env python3
"""Writes the hostile collect archives the collect test reads (tests/collect/run.sh).

usage: make_archives.py GOOD_ARCHIVE OUT_DIR ESCAPE_DIR

GOOD_ARCHIVE is an archive chipaudit collect wrote (its members are reused);
every archive written here starts with the manifest, so audit takes it for a
collect archive, and then holds one kind of hostile member. ESCAPE_DIR is
where an escaping member would land if the reader followed it.
"""
import io
import os
import sys
import tarfile

good, out, escape = sys.argv[1], sys.argv[2], sys.argv[3]
with tarfile.open(good, "r:gz") as t:
    members = [(m, t.extractfile(m).read()) for m in t.getmembers()]
manifest = members[0]
assert manifest[0].name == "chipaudit-collect.json"


def info(name, size=0, kind=tarfile.REGTYPE, link=""):
    i = tarfile.TarInfo(name)
    i.size, i.type, i.linkname, i.mode, i.mtime = size, kind, link, 0o644, 1700000000
    return i


def write(name, extra, keep=True, fmt=tarfile.PAX_FORMAT, mode="w:gz", manifest_bytes=None):
    """An archive: the manifest, the good members (keep), then the extra ones."""
    path = os.path.join(out, name)
    with tarfile.open(path, mode, format=fmt) as t:
        data = manifest_bytes if manifest_bytes is not None else manifest[1]
        t.addfile(info(manifest[0].name, len(data)), io.BytesIO(data))
        if keep:
            for m, d in members[1:]:
                t.addfile(m, io.BytesIO(d))
        for i, d in extra:
            t.addfile(i, io.BytesIO(d) if d is not None else None)
    return path


esc = escape.rstrip("/")
rel_up = "../" * 12 + esc.lstrip("/")
write("dotdot.cae", [(info(rel_up + "/dotdot", 3), b"bad"),
                      (info("sys/../../dotdot2", 3), b"bad")])
write("absolute.cae", [(info(esc + "/absolute", 3), b"bad")])
write("symlink.cae", [(info("sys/class/nvme/nvme9", kind=tarfile.SYMTYPE, link=esc), None),
                      (info("sys/class/nvme/nvme9/model", 3), b"bad"),
                      (info("sys/firmware/dmi/tables/DMI2", kind=tarfile.SYMTYPE, link="/etc/passwd"), None)])
write("hardlink.cae", [(info("sys/class/nvme/nvme8/model", kind=tarfile.LNKTYPE, link="/etc/passwd"), None)])
write("device.cae", [(info("sys/class/nvme/nvme7/model", kind=tarfile.CHRTYPE), None),
                     (info("sys/class/nvme/nvme7/firmware_rev", kind=tarfile.FIFOTYPE), None)])
write("duplicate.cae", [(info("sys/firmware/dmi/tables/DMI", 5), b"other")])
# 20 members of 4 MiB - 1 each: 80 MiB expanded from a few hundred KiB
zeros = bytes(4 * 1024 * 1024 - 1)
write("bomb.cae", [(info("sys/bus/pci/devices/0000:ff:%02x.0/resource" % i, len(zeros)), zeros)
                   for i in range(20)])
write("bigmember.cae", [(info("sys/class/nvme/nvme6/model", 5 * 1024 * 1024), bytes(5 * 1024 * 1024))])
write("badname.cae", [(info("sys/class/nvme/nvme5/mo\x1b[2Jdel", 3), b"bad")])
write("version.cae", [], manifest_bytes=b'{"format": "chipaudit-collect", "format_version": 99}')
plain = write("plain.tar", [], mode="w")  # not compressed: read the same
data = open(os.path.join(out, "bigmember.cae"), "rb").read()
open(os.path.join(out, "truncated.cae"), "wb").write(data[: len(data) // 2])
