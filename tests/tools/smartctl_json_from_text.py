#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the smartctl -j form of a smartctl -x text report (its
information section), with smartctl's JSON key names (json_format_version 1:
model_name, model_family, serial_number, firmware_version, nvme_pci_vendor,
nvme_ieee_oui_identifier, nvme_namespaces[].eui64, wwn {naa, oui, id},
user_capacity, rotation_rate, form_factor, sata_version, scsi_vendor,
scsi_product, scsi_revision). The fixtures in tests/data/smartctl-json were
made with it from tests/data/smartctl-text; the shared corpus holds no JSON
report.

usage: tests/tools/smartctl_json_from_text.py REPORT.txt > REPORT.json
"""
import json
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
info = text.split("=== START OF INFORMATION SECTION ===", 1)[1].split("=== START OF", 1)[0]
kv = {}
for line in info.splitlines():
    if ":" in line:
        k, v = line.split(":", 1)
        kv.setdefault(k.strip(), v.strip())
version = re.match(r"smartctl (\d+)\.(\d+)", text)
out = {"json_format_version": [1, 0],
       "smartctl": {"version": [int(version.group(1)), int(version.group(2))], "exit_status": 0}}
nvme = "Model Number" in kv
scsi = "Product" in kv
out["device"] = {"name": "/dev/nvme0" if nvme else "/dev/sda",
                 "type": "nvme" if nvme else "scsi" if scsi else "sat",
                 "protocol": "NVMe" if nvme else "SCSI" if scsi else "ATA"}
if scsi:
    out["scsi_vendor"] = kv.get("Vendor")
    out["scsi_product"] = kv.get("Product")
    out["scsi_revision"] = kv.get("Revision")
else:
    out["model_name"] = kv.get("Model Number") or kv.get("Device Model")
if "Model Family" in kv:
    out["model_family"] = kv["Model Family"]
out["serial_number"] = kv.get("Serial Number") or kv.get("Serial number")
if "Firmware Version" in kv:
    out["firmware_version"] = kv["Firmware Version"]
if nvme:
    vid = kv.get("PCI Vendor/Subsystem ID") or kv.get("PCI Vendor ID")
    ssvid = kv.get("PCI Vendor/Subsystem ID") or kv.get("PCI Vendor Subsystem ID")
    out["nvme_pci_vendor"] = {"id": int(vid, 16), "subsystem_id": int(ssvid, 16)}
    out["nvme_ieee_oui_identifier"] = int(kv["IEEE OUI Identifier"], 16)
    eui = kv.get("Namespace 1 IEEE EUI-64")
    if eui:
        # the corpus masks the extension id ("a428b7 ..."): 0 stands for it
        out["nvme_namespaces"] = [{"id": 1, "eui64": {"oui": int(eui.split()[0], 16), "ext_id": 0}}]
wwn = kv.get("LU WWN Device Id")
if wwn:
    naa, oui = wwn.split()[:2]
    out["wwn"] = {"naa": int(naa, 16), "oui": int(oui, 16), "id": 0}  # id masked in the corpus
cap = kv.get("User Capacity") or kv.get("Total NVM Capacity")
if cap:
    out["user_capacity"] = {"bytes": int(cap.split()[0].replace(",", ""))}
rot = kv.get("Rotation Rate")
if rot:
    out["rotation_rate"] = 0 if rot.startswith("Solid") else int(rot.split()[0])
if "Form Factor" in kv:
    out["form_factor"] = {"name": kv["Form Factor"]}
if "SATA Version is" in kv:
    out["sata_version"] = {"string": kv["SATA Version is"].split(",")[0]}
json.dump(out, sys.stdout, indent=2)
sys.stdout.write("\n")
