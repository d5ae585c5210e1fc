#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Convert the screening-list data of the shared corpus into the snapshot
chipaudit ships (data/export/screening-lists.tsv).

Usage: gen_export_snapshot.py CORPUS_EXPORT_DIR OUTPUT.tsv

Inputs (corpus/export/PROVENANCE.md):
  us-csl-ccl/screening-list.json  projection of the US Consolidated Screening
                                  List (trade.gov, generated 2026-07-31)
  jp-cn-lists/jp.json             Japan METI End User List (2025-09-29 revision)
The snapshot format is described in docs/export.md; `chipaudit lists import`
writes the same format from an official CSL download.
"""
import json
import sys

# Country names used in the METI End User List addresses -> ISO 3166 alpha-2.
JP_COUNTRIES = {
    'China': 'CN', "People's Republic of China": 'CN', 'Hong Kong': 'HK', 'Iran': 'IR',
    'Islamic Republic of Iran': 'IR', 'North Korea': 'KP',
    "Democratic People's Republic of Korea": 'KP', 'Pakistan': 'PK', 'Russia': 'RU',
    'Russian Federation': 'RU', 'United Arab Emirates': 'AE', 'Syria': 'SY',
    'Syrian Arab Republic': 'SY', 'Israel': 'IL', 'India': 'IN', 'Afghanistan': 'AF',
    'Islamic Republic of Afghanistan': 'AF', 'Taiwan': 'TW', 'Turkey': 'TR',
    'Belarus': 'BY', 'Republic of Belarus': 'BY', 'Armenia': 'AM', 'Uzbekistan': 'UZ',
    'Kyrgyz Republic': 'KG', 'Kyrgyzstan': 'KG', 'Kazakhstan': 'KZ', 'Malaysia': 'MY',
    'Singapore': 'SG', 'Thailand': 'TH',
}

LIST_CODES = {
    'Entity List (EL) - Bureau of Industry and Security': 'EL',
    'Denied Persons List (DPL) - Bureau of Industry and Security': 'DPL',
    'Unverified List (UVL) - Bureau of Industry and Security': 'UVL',
    'Military End User (MEU) List - Bureau of Industry and Security': 'MEU',
    'Specially Designated Nationals (SDN) - Treasury Department': 'SDN',
    'Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department': 'CMIC',
    'Sectoral Sanctions Identifications List (SSI) - Treasury Department': 'SSI',
    'Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department': 'NS-MBS',
    'Palestinian Legislative Council List (PLC) - Treasury Department': 'PLC',
    'Capta List (CAP) - Treasury Department': 'CAP',
    'ITAR Debarred (DTC) - State Department': 'DTC',
    'Nonproliferation Sanctions (ISN) - State Department': 'ISN',
}


def clean(s):
    if s is None:
        return ''
    s = str(s)
    for ch in '\t\r\n|':
        s = s.replace(ch, ' ')
    return ' '.join(s.split())


def main():
    src, out = sys.argv[1], sys.argv[2]
    csl = json.load(open(src + '/us-csl-ccl/screening-list.json', encoding='utf-8'))
    jp = json.load(open(src + '/jp-cn-lists/jp.json', encoding='utf-8'))
    t = csl['tables']
    lines = ['# chipaudit screening-list snapshot (format: docs/export.md)',
             '#\tvintage\t' + csl['sourceGeneratedAt'][:10],
             '#\tsource\tUS Consolidated Screening List ' + csl['source']['url'] +
             ' generated ' + csl['sourceGeneratedAt'][:10] +
             '; Japan METI End User List 2025-09-29 revision; converted by scripts/gen_export_snapshot.py']
    for name, auth in sorted(csl['listAuthority'].items()):
        lines.append('L\t%s\t%s\t%s\t%s' % (LIST_CODES[name], clean(name), clean(auth['citation']),
                                           clean(auth['effect'])))
    lines.append('L\tJP-EUL\tForeign End User List (METI, Japan)\tMETI End User List, revision of '
                 '2025-09-29 (https://www.meti.go.jp/press/2025/09/20250929006/20250929006.html)\t'
                 'Exports from Japan to a listed end user need a METI licence unless the exporter '
                 'clearly knows the goods are not for weapons of mass destruction use (catch-all).')
    n = 0
    for e in csl['entries']:
        code = LIST_CODES[t['sources'][e['s']]]
        aliases = '|'.join(clean(a) for a in e.get('a', []) if clean(a))
        lr = t['licenceRequirements'][e['lr']] if 'lr' in e else ''
        lp = t['licencePolicies'][e['lp']] if 'lp' in e else ''
        lines.append('E\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' % (
            code, clean(e.get('e', '')), clean(e['n']), aliases, ','.join(e.get('c', [])),
            clean(e.get('fr', '')), clean(lr), clean(lp)))
        n += 1
    for e in jp:
        countries = sorted({JP_COUNTRIES[a] for a in e.get('addresses', []) if a in JP_COUNTRIES})
        names = [clean(a) for a in e.get('aliases', []) if clean(a)]
        name = clean(e['entity_name'])
        if not name:
            if not names:
                continue
            # a few records carry their names as aliases only
            name, names = names[0], names[1:]
        lines.append('E\tJP-EUL\t%s\t%s\t%s\t%s\t\t\t%s' % (
            clean(e['id']), name, '|'.join(names), ','.join(countries), clean(e.get('reason'))))
        n += 1
    with open(out, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    print('%d entries' % n, file=sys.stderr)


if __name__ == '__main__':
    main()
