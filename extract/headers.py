"""Column roles from printed header text, by the vocabulary in data/headers.json."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from normalize.text import fold, one_line

VOCABULARY = Path(__file__).with_name("data") / "headers.json"
NEAR_PHRASE = 90  # % likeness at which a misread header still names its phrase
NUMERIC_ROLES = ("max_points", "max_points_previous", "score", "target", "appraised")


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return json.loads(VOCABULARY.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _phrases() -> list[tuple[str, str, bool]]:
    """(phrase, role, exact), longest first so the most specific phrase wins."""
    out = []
    for role, spec in vocabulary()["roles"].items():
        out += [(p, role, False) for p in spec.get("contains", [])]
        out += [(p, role, True) for p in spec.get("exact", [])]
    return sorted(out, key=lambda item: -len(item[0]))


def _key(text: str) -> str:
    return re.sub(r"[^\w/ ]+", " ", fold(one_line(text))).strip()


def column_role(header: str) -> str | None:
    """The row key a column fills, or None for a column kept only as text."""
    key = re.sub(r"\s+", " ", _key(header))
    for phrase, role, exact in _phrases():
        if (key == phrase) if exact else (phrase in key):
            return None if role == "data" else role
    return _near_role(key)


def _near_role(key: str) -> str | None:
    """A header with a letter or two misread (a scan's OCR: "đdõi" for "dõi", "Ch1" for
    "Chỉ"): the longest phrase of eight letters or more found whole in it, nearly."""
    for phrase, role, exact in _phrases():
        if not exact and 8 <= len(phrase) <= len(key) and fuzz.partial_ratio(phrase, key) >= NEAR_PHRASE:
            return None if role == "data" else role
    return None


def segment_header(text: str) -> list[str]:
    """Split a header printed on one line without separators into its column headers.

    Plain text from a PDF prints the header cells side by side ("STT Chỉ tiêu chiến
    lược Chính quyền số Chỉ tiêu Ghi chú"): scanning left to right, a known phrase opens
    a column and unknown words go on in the column before.
    """
    words = one_line(text).split(" ")
    folded = [_key(w) for w in words]
    columns: list[list[str]] = []
    index = 0
    while index < len(words):
        for phrase, _role, _exact in _phrases():
            size = len(phrase.split(" "))
            if " ".join(folded[index:index + size]) == phrase:
                columns.append(words[index:index + size])
                index += size
                break
        else:
            if columns:
                columns[-1].append(words[index])
            else:
                columns.append([words[index]])
            index += 1
    return [" ".join(c) for c in columns]


def merged_over_rows(role: str | None) -> bool:
    return role in vocabulary()["merged_over_rows"]["roles"]


def row_may_end_at(header_texts: list[str], position: int) -> bool:
    """Whether a row may stop before column `position`: the rest are merged-over-rows columns."""
    rest = header_texts[position:]
    return bool(rest) and all(merged_over_rows(column_role(h)) for h in rest)


def is_total_row(name: str) -> bool:
    """An unnumbered "Tổng điểm"/"Tổng cộng" row sums the table; it is not an indicator."""
    return _key(name) in vocabulary()["total_rows"]


def is_table_start(text: str) -> bool:
    return _key(text) in vocabulary()["table_starts"]
