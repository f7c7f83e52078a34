#!/usr/bin/env python3
"""Merge feature message files (TSV: key<TAB>zh<TAB>en) into the locale JSON files.

Usage: scripts/i18n-merge.py internal/<feature>/i18n.tsv [...]
Existing keys are overwritten by the TSV; output is sorted, indent 1, trailing newline.
"""
import json, sys, pathlib

root = pathlib.Path(__file__).resolve().parent.parent / "internal/i18n/locales"
zh_p, en_p = root / "zh-CN.json", root / "en.json"
zh, en = json.loads(zh_p.read_text()), json.loads(en_p.read_text())
for f in sys.argv[1:]:
    for n, line in enumerate(pathlib.Path(f).read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            sys.exit(f"{f}:{n}: want key<TAB>zh<TAB>en, got {len(parts)} fields")
        k, z, e = parts
        zh[k], en[k] = z, e
for p, d in ((zh_p, zh), (en_p, en)):
    p.write_text(json.dumps(d, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
