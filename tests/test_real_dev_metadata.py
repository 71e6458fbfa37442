"""Metadata of the real pages of other offices (../shared/real-dev, never copied here).

The floor: at least 95 % of the annotated document fields right over the excerpts, compared
as ../shared/eval/score.py compares them (case and spacing aside; a list field equal as a
set). A field the gold leaves unannotated (null frameworks_cited) is not counted.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from extract.metadata import extract_metadata, read_site_metadata

REAL_DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "real-dev"
FIELDS = ("type", "number", "date", "issuer", "province", "level", "signer", "frameworks_cited")
FLOOR = 0.95


def _norm(value):
    if isinstance(value, list):
        return sorted(_norm(v) for v in value)
    if value is None:
        return None
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(value))).strip().rstrip(" .;:,")
    return text.casefold()


def field_results() -> dict[str, dict[str, bool]]:
    """slug -> field -> right or wrong, for every annotated field of every excerpt."""
    gold = json.loads((REAL_DEV / "gold.json").read_text(encoding="utf-8"))
    results = {}
    for slug, expected in gold.items():
        lines = (REAL_DEV / f"{slug}.txt").read_text(encoding="utf-8").split("\n")
        document, _ = extract_metadata(lines, read_site_metadata(lines))
        results[slug] = {f: _norm(document[f]) == _norm(expected[f]) for f in FIELDS
                         if not (f == "frameworks_cited" and expected[f] is None)}
    return results


def test_real_dev_metadata_fields():
    if not (REAL_DEV / "gold.json").exists():
        pytest.skip("../shared/real-dev is not beside the repository")
    results = field_results()
    checks = [ok for fields in results.values() for ok in fields.values()]
    wrong = {slug: [f for f, ok in fields.items() if not ok] for slug, fields in results.items()}
    accuracy = sum(checks) / len(checks)
    assert accuracy >= FLOOR, {slug: fields for slug, fields in wrong.items() if fields}


if __name__ == "__main__":  # per-field accuracy: python tests/test_real_dev_metadata.py
    results = field_results()
    for field in FIELDS:
        marks = [r[field] for r in results.values() if field in r]
        print(f"{field:17} {sum(marks)}/{len(marks)}")
    total = [ok for r in results.values() for ok in r.values()]
    print(f"{'all':17} {sum(total)}/{len(total)} = {sum(total) / len(total):.3f}")
    for slug, fields in results.items():
        print(slug, [f for f, ok in fields.items() if not ok])
