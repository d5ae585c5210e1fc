#!/usr/bin/env bash
# Writes tests/data/sysfs-tree/host1: a small captured tree in the layout
# Linux's sysfs has (links resolved, as `chipaudit collect` captures it),
# for `scan --root` and `collect --root`. Where each value comes from:
# tests/data/README.md (sysfs-tree). usage: make-tree.sh [DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/host1}
rm -rf "$out"
put() { # put PATH VALUE: an attribute as the kernel prints it (one line)
	mkdir -p "$(dirname "$out/$1")"
	printf '%s\n' "$2" > "$out/$1"
}
t480=$here/../spd-sysfs/t480-root/sys
mkdir -p "$out/sys/firmware/dmi/tables" "$out/sys/bus/i2c/drivers/ee1004/0-0050"
cp "$t480/firmware/dmi/tables/DMI" "$t480/firmware/dmi/tables/smbios_entry_point" "$out/sys/firmware/dmi/tables/"
cp "$t480/bus/i2c/drivers/ee1004/0-0050/eeprom" "$out/sys/bus/i2c/drivers/ee1004/0-0050/"

# NVMe: Samsung PM951 (GLPI agent storages/ubuntu-dell-xps.dump; PCI ids from lspci/linux-xps)
n=sys/class/nvme/nvme0
put $n/model 'PM951 NVMe SAMSUNG 256GB                '
put $n/serial '      S29NNXAH146772'
put $n/firmware_rev 'BXV77D0Q'
put $n/transport 'pcie'
put $n/address 0000:3c:00.0
put $n/device/vendor 0x144d
put $n/device/device 0xa802
put $n/device/subsystem_vendor 0x144d
put $n/device/subsystem_device 0xa801

# SATA: Micron 5300 (linuxhw/EnterpriseDrive SSD/Micron/5300/5300_MTFDDAK480TDS/72C30F0B4EBA:
# model, firmware D3MU001, WWN 5 00a075 with the unit digits masked by the source)
b=sys/block/sda/device
put $b/vendor 'ATA     '
put $b/model 'Micron_5300_MTFD'
put $b/rev '001 '
put $b/type 0
put $b/wwid 'naa.500a075000000000'

# eMMC: a Samsung card (manufacturer id 0x15); CID composed to JEDEC's layout
m=sys/bus/mmc/devices/mmc0:0001
put $m/type MMC
put $m/name 8GTF4R
put $m/manfid 0x000015
put $m/oemid 0x0001
put $m/date 10/2019
put $m/hwrev 0x0
put $m/fwrev 0x0
put $m/prv 0x7
put $m/serial 0xa1b2c3d4
put $m/cid 15010138475446345207a1b2c3d4a601

# PCI: the NVMe controller above and an Intel 82567LM NIC (lspci/dell-xt2)
p=sys/bus/pci/devices/0000:3c:00.0
put $p/vendor 0x144d
put $p/device 0xa802
put $p/subsystem_vendor 0x144d
put $p/subsystem_device 0xa801
put $p/class 0x010802
put $p/revision 0x01
put $p/irq 16
put $p/resource '0x00000000dc000000 0x00000000dc003fff 0x0000000000140204'
p=sys/bus/pci/devices/0000:00:19.0
put $p/vendor 0x8086
put $p/device 0x10f5
put $p/subsystem_vendor 0x1028
put $p/subsystem_device 0x0252
put $p/class 0x020000
put $p/revision 0x03
put $p/irq 45
put $p/resource '0x00000000f6ae0000 0x00000000f6afffff 0x0000000000040200'

# GPU: an AMD Radeon (Navi 21, ids as pci.ids names them) whose amdgpu driver names its VRAM maker
p=sys/bus/pci/devices/0000:03:00.0
put $p/vendor 0x1002
put $p/device 0x73bf
put $p/subsystem_vendor 0x1002
put $p/subsystem_device 0x0e3a
put $p/class 0x030000
put $p/revision 0xc1
put $p/irq 60
put $p/resource '0x0000007800000000 0x0000007bffffffff 0x000000000014220c'
put $p/mem_info_vram_vendor samsung

# USB: a SanDisk Cruzer Blade stick (ids 0781:5567 as usb.ids names them) on a root hub
u=sys/bus/usb/devices
put $u/usb1/idVendor 1d6b
put $u/usb1/idProduct 0002
put $u/usb1/manufacturer 'Linux 6.1.0-27-amd64 xhci-hcd'
put $u/usb1/product 'xHCI Host Controller'
put $u/usb1/bDeviceClass 09
put $u/1-1/idVendor 0781
put $u/1-1/idProduct 5567
put $u/1-1/manufacturer ' SanDisk'
put $u/1-1/product ' Cruzer Blade'
put $u/1-1/serial 4C530001230512115093
put $u/1-1/bDeviceClass 00
put "$u/1-1:1.0/bInterfaceClass" 08
