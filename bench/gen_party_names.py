#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the party-name set of the screening benchmark (bench/README.md).

Usage: gen_party_names.py SNAPSHOT.tsv JEP106.csv COUNT OUT.tsv [SEED]

Each output line is NAME<TAB>EXPECTED: EXPECTED is "LIST|ENTRY" for a name
made from a listed entry (its name or an alias, with variations a buyer's
records show: case, punctuation, legal forms spelled another way, an
abbreviation, one typing error in a long word, a generic word dropped), and
empty for an unrelated real company (the manufacturer names of JEDEC JEP106,
data/jep106.csv, with the same kinds of variation). Unrelated names that equal a
listed name once case and punctuation are ignored are left out. About 70 %
of the lines come from listed entries.
"""
import random
import re
import sys

LEGAL = ['Co., Ltd.', 'Company Limited', 'Co Ltd', 'Limited', 'Inc.', 'Corporation', 'Corp.', 'LLC',
         'Ltd', 'Co.,Ltd', 'GmbH', 'S.A.']
LEGAL_RE = re.compile(r'[,\s]*\b(co\.?,?\s*ltd\.?|company limited|limited|ltd\.?|inc\.?|incorporated|'
                      r'corporation|corp\.?|llc|gmbh|s\.a\.|co\.)\s*$', re.I)
ABBREV = [('International', 'Intl'), ('Manufacturing', 'Mfg'), ('Technology', 'Tech'),
          ('Technologies', 'Tech'), ('Electronics', 'Elec'), ('Semiconductor', 'Semi')]
GENERIC = ['Technology', 'Technologies', 'Electronics', 'Semiconductor', 'International', 'Group',
           'Industrial', 'Trading', 'Holdings']


def key(s):
    return re.sub(r'[^0-9a-z]', '', s.lower())


def typo(rng, s):
    words = s.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 7 and w.isalpha()]
    if not long_words:
        return s
    i = rng.choice(long_words)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    op = rng.randrange(3)
    if op == 0:
        w = w[:j] + w[j + 1:]                 # a letter left out
    elif op == 1:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]  # two letters swapped
    else:
        w = w[:j] + rng.choice('aeinorst') + w[j + 1:]  # a letter wrong
    words[i] = w
    return ' '.join(words)


def vary(rng, s):
    k = rng.randrange(8)
    if k == 0:
        return s
    if k == 1:
        return s.upper()
    if k == 2:
        return s.lower().replace(',', '').replace('.', '')
    if k == 3:
        base = LEGAL_RE.sub('', s)
        return base + ' ' + rng.choice(LEGAL)
    if k == 4:
        for a, b in ABBREV:
            if a in s:
                return s.replace(a, b, 1)
        return s.upper()
    if k == 5:
        return typo(rng, s)
    if k == 6:
        words = s.split()
        g = [i for i, w in enumerate(words) if w.strip(',.') in GENERIC]
        if g and len(words) > 3:
            del words[rng.choice(g)]
            return ' '.join(words)
        return s
    return LEGAL_RE.sub('', s)


def main():
    snap, jep, count, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 20261130)
    listed = []  # (name, expected)
    keys = set()
    for line in open(snap, encoding='utf-8'):
        if not line.startswith('E\t'):
            continue
        f = line.rstrip('\n').split('\t')
        expected = f[1] + '|' + f[3]
        names = [f[3]] + [a for a in f[4].split('|') if a]
        for n in names:
            keys.add(key(n))
            if len(key(n)) >= 6:  # very short aliases are tested by the unit tests
                listed.append((n, expected))
    unrelated = []
    for line in open(jep, encoding='utf-8'):
        if line.startswith('#') or line.startswith('bank,') or not line.strip():
            continue
        name = line.rstrip('\n').split(',', 4)[-1].strip().strip('"')
        if name and key(name) not in keys and key(LEGAL_RE.sub('', name)) not in keys:
            unrelated.append(name)
    with open(out, 'w', encoding='utf-8') as f:
        for _ in range(count):
            if rng.random() < 0.7:
                n, e = rng.choice(listed)
                f.write('%s\t%s\n' % (vary(rng, n).replace('\t', ' '), e))
            else:
                n = rng.choice(unrelated)
                f.write('%s\t\n' % vary(rng, n).replace('\t', ' '))
    print('%d names: %d listed names and aliases, %d unrelated companies to draw from'
          % (count, len(listed), len(unrelated)), file=sys.stderr)


if __name__ == '__main__':
    main()
