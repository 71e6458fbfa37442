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
    return re.sub(r"\s+", " ", re.sub(r"[^\w/ ]+", " ", fold(one_line(text)))).strip()


def squashed(text: str) -> str:
    """A header's key with no spaces at all: text dumped from a PDF loses the spaces
    between words ("Điểmtốiđa") or doubles them, so vocabulary matching ignores spacing."""
    return _key(text).replace(" ", "")


def phrase_role(header: str) -> str | None:
    """The role the vocabulary gives a header ("data" included), or None when it names none."""
    key = squashed(header)
    for phrase, role, exact in _phrases():
        bare = phrase.replace(" ", "")
        if (key == bare) if exact else (bare in key):
            return role
    return None


def column_role(header: str) -> str | None:
    """The row key a column fills, or None for a column kept only as text."""
    role = phrase_role(header) or _near_role(squashed(header))
    return None if role == "data" else role


def _near_role(key: str) -> str | None:
    """A header with a letter or two misread (a scan's OCR: "đdõi" for "dõi", "Ch1" for
    "Chỉ"): the longest phrase of eight letters or more found whole in it, nearly."""
    for phrase, role, exact in _phrases():
        bare = phrase.replace(" ", "")
        if not exact and 8 <= len(bare) <= len(key) and fuzz.partial_ratio(bare, key) >= NEAR_PHRASE:
            return role
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
        size = _phrase_at(folded, index)
        if size:
            columns.append(words[index:index + size])
            index += size
        else:
            if columns:
                columns[-1].append(words[index])
            else:
                columns.append([words[index]])
            index += 1
    return [" ".join(c) for c in columns]


def _phrase_at(folded: list[str], index: int) -> int:
    """How many words from `index` print a known phrase, spaces lost or not
    ("Điểm tối đa", "Điểmtốiđa"); 0 when none does."""
    for phrase, _role, _exact in _phrases():
        bare = phrase.replace(" ", "")
        for size in range(1, len(phrase.split(" ")) + 1):
            if "".join(folded[index:index + size]).replace(" ", "") == bare:
                return size
    return 0


def merged_over_rows(role: str | None) -> bool:
    return role in vocabulary()["merged_over_rows"]["roles"]


def merged_runs(role: str | None) -> bool:
    """Whether plans merge this column over runs of rows as a rule (an agency in charge of several)."""
    return role in vocabulary()["merged_over_rows"]["runs"]


def row_may_end_at(header_texts: list[str], position: int) -> bool:
    """Whether a row may stop before column `position`: the rest are merged-over-rows columns."""
    rest = header_texts[position:]
    return bool(rest) and all(merged_over_rows(column_role(h)) for h in rest)


def is_total_row(name: str) -> bool:
    """An unnumbered "Tổng điểm"/"Tổng cộng" row sums the table; it is not an indicator."""
    return squashed(name) in {p.replace(" ", "") for p in vocabulary()["total_rows"]}


def is_table_start(text: str) -> bool:
    return squashed(text) in {p.replace(" ", "") for p in vocabulary()["table_starts"]}


def previous_max_points(roles: list[str | None], headers: list[str]) -> list[str | None]:
    """Of two max-points columns the one naming a newer framework (else the later one)
    is `max_points`, the other `max_points_previous`."""
    roles = list(roles)
    points = [i for i, r in enumerate(roles) if r in ("max_points", "max_points_previous")]
    if len(points) == 2:
        markers = vocabulary()["previous_max_points"]["newer_markers"]
        newer = [i for i in points if any(m in fold(headers[i]) for m in markers)]
        current = newer[0] if len(newer) == 1 else points[-1]
        for i in points:
            roles[i] = "max_points" if i == current else "max_points_previous"
    return roles
