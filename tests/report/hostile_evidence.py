#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write SMBIOS evidence whose strings are hostile, as dmidecode text and as
a dmidecode --dump-bin file, into a folder.

usage: hostile_evidence.py FOLDER
The strings: HTML and script markup, spreadsheet formulas (= + - @ tab),
ANSI CSI and OSC escape sequences (7-bit and C1), a bidi override, invalid
UTF-8, a NUL byte (text only: SMBIOS strings end at NUL), Chinese text, and
a 10 kB string. One memory device of each file is a Micron module (binary
id in the text form, the name in both) so that findings carry the strings
too.
"""
import struct
import sys

HOSTILE = {
    'system_maker': b'<script>alert("sys")</script>',
    'product': b'=HYPERLINK("http://evil.example/","x")',
    'locator': b'\x1b]8;;http://evil.example/\x07DIMM\x1b[31mA\x1b[0m',
    'locator2': b'+SUM(1;2)\xe2\x80\xae\xc2\x9b31m',
    'part': b'@cmd|\' /C calc\'!A0 <img src=x onerror=alert(1)>',
    'part2': b'-2+3 \xff\xfe\xc3\x28 \xe9\x95\x81\xe5\x85\x89',
    'serial': b'\tTAB"quote",comma\r',
    'asset': b'A' * 10000,
}


def text_form():
    h = HOSTILE
    lines = [
        b'# dmidecode 3.4',
        b'Getting SMBIOS data from sysfs.',
        b'SMBIOS 3.2.0 present.',
        b'',
        b'Handle 0x0001, DMI type 1, 27 bytes',
        b'System Information',
        b'\tManufacturer: ' + h['system_maker'],
        b'\tProduct Name: ' + h['product'] + b'\x00NUL-after',
        b'\tVersion: 1',
        b'\tSerial Number: ' + h['serial'].replace(b'\r', b''),
        b'',
        b'Handle 0x0010, DMI type 16, 23 bytes',
        b'Physical Memory Array',
        b'\tLocation: System Board Or Motherboard',
        b'\tNumber Of Devices: 2',
        b'',
    ]
    for handle, locator, maker, part in ((0x11, h['locator'], b'Micron', h['part']),
                                         (0x12, h['locator2'], b'\xe9\x95\x81\xe5\x85\x89 ' + h['part2'],
                                          h['part2'])):
        lines += [
            b'Handle 0x%04X, DMI type 17, 92 bytes' % handle,
            b'Memory Device',
            b'\tArray Handle: 0x0010',
            b'\tSize: 16 GB',
            b'\tForm Factor: DIMM',
            b'\tLocator: ' + locator,
            b'\tBank Locator: ' + h['product'],
            b'\tType: DDR4',
            b'\tSpeed: 3200 MT/s',
            b'\tManufacturer: ' + maker,
            b'\tSerial Number: ' + h['serial'].replace(b'\r', b''),
            b'\tAsset Tag: ' + h['asset'],
            b'\tPart Number: ' + part,
            b'\tModule Manufacturer ID: Bank 1, Hex 0x2C',
            b'',
        ]
    return b'\n'.join(lines) + b'\n'


def structure(stype, handle, body, strings):
    head = struct.pack('<BBH', stype, 4 + len(body), handle)
    tail = b''.join(s + b'\0' for s in strings) + b'\0'
    if not strings:
        tail = b'\0\0'
    return head + body + tail


def binary_form():
    h = HOSTILE
    # type 1: manufacturer 1, product 2, version 3, serial 4, uuid, wake-up, sku 5, family 6
    t1 = structure(1, 0x0001, bytes([1, 2, 3, 4]) + bytes(16) + bytes([6, 5, 6]),
                   [h['system_maker'], h['product'], b'1', h['serial'], b'sku', b'family'])
    t16 = structure(16, 0x0010, struct.pack('<BBBIHH', 3, 3, 3, 0x80000000, 0xFFFE, 2) +
                    struct.pack('<Q', 0), [])
    out = t1 + t16
    for handle, locator, maker, part in ((0x11, h['locator'], b'Micron', h['part']),
                                         (0x12, h['locator2'], h['part2'], h['part2'])):
        body = struct.pack('<HHHHH', 0x0010, 0xFFFE, 64, 64, 16 * 1024)  # 16 GB in MB
        body += bytes([0x09, 0])              # form factor DIMM, device set
        body += bytes([1, 2])                 # locator, bank locator strings
        body += bytes([0x1A]) + struct.pack('<H', 0x80)  # DDR4, synchronous
        body += struct.pack('<H', 3200)
        body += bytes([3, 4, 5, 6])           # manufacturer, serial, asset tag, part number
        body += bytes([1]) + struct.pack('<I', 0) + struct.pack('<H', 3200)
        body += struct.pack('<HHH', 1200, 1200, 1200)
        strings = [locator, h['product'], maker, h['serial'], h['asset'], part]
        out += structure(17, handle, body, strings)
    out += structure(127, 0xFFFF, b'', [])
    # as dmidecode --dump-bin writes it: an SMBIOS 3.0 entry point, the table at 0x20
    ep = bytearray(b'_SM3_' + bytes([0, 0x18, 3, 2, 0, 1, 0]) + struct.pack('<IQ', len(out), 0x20))
    ep[5] = (-sum(ep)) & 0xFF
    return bytes(ep) + bytes(0x20 - len(ep)) + out


def main():
    folder = sys.argv[1]
    with open(folder + '/hostile.dmidecode.txt', 'wb') as f:
        f.write(text_form())
    with open(folder + '/hostile.dmidecode-dump-bin', 'wb') as f:
        f.write(binary_form())


if __name__ == '__main__':
    main()
