#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Convert the screening-list data of the shared corpus into the snapshot
chipaudit ships (data/export/screening-lists.tsv).

Usage: gen_export_snapshot.py CORPUS_EXPORT_DIR OUTPUT.tsv

Inputs (corpus/export/PROVENANCE.md):
  us-csl-ccl/screening-list.json  projection of the US Consolidated Screening
                                  List (trade.gov, generated 2026-07-31)
  jp-cn-lists/jp.json             Japan METI End User List (2025-09-29 revision)
  jp-cn-lists/cn.json             China MOFCOM lists: Unreliable Entity List,
                                  export control control list, attention list
                                  (registry last updated 2026-07-19)
The snapshot format is described in docs/export.md; `chipaudit lists import`
writes the same format from an official CSL download (and keeps the METI and
MOFCOM lists of the built-in snapshot). Each list's own date is in its list
name and in a '#<TAB>list<TAB>CODE<TAB>DATE' line.
"""
import json
import re
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

# MOFCOM's lists (cn.json list_id) -> code, name, citation and policy text.
# The policy texts summarise the measures; every entry cites its announcement.
CN_LISTS = {
    'cn-unreliable-entity-list': (
        'CN-UEL', 'Unreliable Entity List (不可靠实体清单, MOFCOM, China)',
        'Provisions on the Unreliable Entity List (MOFCOM Order No. 4 of 2020); MOFCOM announcements, '
        'https://aqygzj.mofcom.gov.cn/flzc/gzjgfxwj/index.html',
        'A Chinese measure, not a US, Japanese, Dutch or EU licence requirement: it binds exporters in '
        'China and parties in China dealing with the entity. The measures are set by each announcement '
        '(for these entries typically a ban on import and export activities related to China and on new '
        'investment in China); read the announcement.',
        'Unreliable Entity List entry',
        'See the announcement: measures such as a ban on China-related import and export activities'),
    'cn-export-control-watchlist': (
        'CN-ECL', 'Export control control list (出口管制管控名单, MOFCOM, China)',
        'Export Control Law of the PRC, art. 18; Regulations on the Export Control of Dual-use Items; '
        'MOFCOM announcements, https://aqygzj.mofcom.gov.cn/flzc/gzjgfxwj/index.html',
        'A Chinese measure, not a US, Japanese, Dutch or EU licence requirement: exports of dual-use items '
        'from China to the party (and transfers of Chinese-origin dual-use items to it) are prohibited; '
        'MOFCOM may allow an exception on application.',
        'Export control control list entry: dual-use exports from China prohibited',
        'Prohibited: policy of denial for exports of dual-use items from China'),
    'cn-attention-list': (
        'CN-ATT', 'Attention list (关注名单, MOFCOM, China)',
        'Regulations on the Export Control of Dual-use Items; MOFCOM announcements, '
        'https://aqygzj.mofcom.gov.cn/flzc/gzjgfxwj/index.html',
        'A Chinese measure, not a US, Japanese, Dutch or EU licence requirement: exports of dual-use items '
        'from China to the party need an individual licence (no general licence), with a risk assessment '
        'and the end user\'s end-use commitments.',
        'Attention list entry: end user and end use could not be verified',
        'Case by case: individual MOFCOM licence with risk assessment and commitments'),
}

# Countries at the start of the MOFCOM lists' addresses (Chinese) or at their end.
CN_ADDRESS_COUNTRIES = {'日本': 'JP', '美国': 'US', 'Belgium': 'BE', 'Czech Republic': 'CZ',
                        'Germany': 'DE'}

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


def cn_names(e):
    """The name and aliases of a MOFCOM entry. A few entries are written in
    Chinese with the English name inside ("哈德森技术公司（Hudson Technologies
    Co.）等6家实体", "TechInsights公司及其分支机构..."): that name becomes an alias."""
    name = clean(e['entity_name'])
    aliases = [clean(a) for a in e.get('aliases', []) if clean(a)]
    if re.search('[\u4e00-\u9fff]', name):
        inner = re.findall('（([A-Za-z][^（）]*)）', name)
        lead = re.findall('[A-Za-z][A-Za-z0-9&.,\' -]{2,}', name)
        for a in inner + lead:
            a = a.strip(' ,')
            if len(a) >= 3 and a not in aliases:
                aliases.append(a)
    return name, aliases


def cn_countries(e):
    found = set()
    for a in e.get('addresses', []):
        for k, code in CN_ADDRESS_COUNTRIES.items():
            if a.startswith(k) or re.search(re.escape(k) + '(（|$)', a):
                found.add(code)
    return sorted(found)


def main():
    src, out = sys.argv[1], sys.argv[2]
    csl = json.load(open(src + '/us-csl-ccl/screening-list.json', encoding='utf-8'))
    jp = json.load(open(src + '/jp-cn-lists/jp.json', encoding='utf-8'))
    cn = json.load(open(src + '/jp-cn-lists/cn.json', encoding='utf-8'))
    manifest = json.load(open(src + '/jp-cn-lists/manifest.json', encoding='utf-8'))
    cn_date = [m['last_updated'] for m in manifest['lists'] if m['list_id'] == 'cn-entity-lists'][0]
    csl_date = csl['sourceGeneratedAt'][:10]
    t = csl['tables']
    lines = ['# chipaudit screening-list snapshot (format: docs/export.md)',
             '#\tvintage\t' + csl['sourceGeneratedAt'][:10],
             '#\tsource\tUS Consolidated Screening List ' + csl['source']['url'] +
             ' generated ' + csl['sourceGeneratedAt'][:10] +
             '; Japan METI End User List 2025-09-29 revision; China MOFCOM lists as of ' + cn_date +
             '; converted by scripts/gen_export_snapshot.py']
    for name in sorted(csl['listAuthority']):
        lines.append('#\tlist\t%s\t%s' % (LIST_CODES[name], csl_date))
    lines.append('#\tlist\tJP-EUL\t2025-09-29')
    for lid in CN_LISTS:
        lines.append('#\tlist\t%s\t%s' % (CN_LISTS[lid][0], cn_date))
    for name, auth in sorted(csl['listAuthority'].items()):
        lines.append('L\t%s\t%s\t%s\t%s' % (LIST_CODES[name], clean(name), clean(auth['citation']),
                                           clean(auth['effect'])))
    lines.append('L\tJP-EUL\tForeign End User List (METI, Japan)\tMETI End User List, revision of '
                 '2025-09-29 (https://www.meti.go.jp/press/2025/09/20250929006/20250929006.html)\t'
                 'Exports from Japan to a listed end user need a METI licence unless the exporter '
                 'clearly knows the goods are not for weapons of mass destruction use (catch-all).')
    for lid, (code, lname, cite, effect, _, _) in CN_LISTS.items():
        lines.append('L\t%s\t%s, entries to %s\t%s\t%s' % (code, lname, cn_date, cite, effect))
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
    for e in cn:
        code, _, _, _, lr, lp = CN_LISTS[e['list_id']]
        name, aliases = cn_names(e)
        # the tenth field: the date the entry is listed from
        lines.append('E\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' % (
            code, clean(e['id']), name, '|'.join(aliases), ','.join(cn_countries(e)), '',
            '%s, MOFCOM announcement of %s (%s)' % (lr, clean(e['date_added']), clean(e['source_url'])),
            lp, clean(e['date_added'])))
        n += 1
    with open(out, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    print('%d entries' % n, file=sys.stderr)


if __name__ == '__main__':
    main()
