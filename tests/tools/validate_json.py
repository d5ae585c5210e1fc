#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Validate JSON documents against a JSON Schema with Debian's python3-jsonschema.

usage: validate_json.py SCHEMA DOCUMENT... [--ref SCHEMA]...
Schemas given with --ref are what SCHEMA refers to (by $id or file name),
e.g. the SPDX and JSF schemas the CycloneDX schema names. Format checking is
on (CycloneDX needs it to tell some oneOf branches apart). Exits 1 naming
the first errors of each invalid document.
"""
import json
import sys
import warnings

import jsonschema

warnings.simplefilter('ignore', DeprecationWarning)


def main():
    args = sys.argv[1:]
    refs = [args[i + 1] for i, a in enumerate(args) if a == '--ref']
    plain = [a for i, a in enumerate(args) if a != '--ref' and (i == 0 or args[i - 1] != '--ref')]
    schema_path, documents = plain[0], plain[1:]
    schema = json.load(open(schema_path, encoding='utf-8'))
    store = {}
    for path in refs + [schema_path]:
        s = json.load(open(path, encoding='utf-8'))
        name = path.rsplit('/', 1)[-1]
        store[name] = s
        if '$id' in s:
            store[s['$id']] = s
            store[s['$id'].rsplit('/', 1)[0] + '/' + name] = s
        if 'id' in s:
            store[s['id']] = s
    cls = jsonschema.validators.validator_for(schema)
    resolver = jsonschema.RefResolver(base_uri=schema.get('$id', ''), referrer=schema, store=store)
    validator = cls(schema, resolver=resolver, format_checker=jsonschema.FormatChecker())
    bad = 0
    for path in documents:
        errors = list(validator.iter_errors(json.load(open(path, encoding='utf-8'))))
        if errors:
            bad += 1
            for e in errors[:3]:
                print('%s: %s at %s' % (path, e.message[:300], '/'.join(map(str, e.path))))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
