"""From printed rows to a full grid: which column each printed cell belongs to.

Scraped text does not print a cell merged over rows again, so such a row is shorter
than the header and nothing says which column is missing. The column is found from
what the cells say (a number fits a points column, "Các sở, ban, ngành" or "-" fits a
support column, a single Sở fits a lead column); a missing column takes the value of
the row above when it is a column plans merge (agencies, reasons), else stays blank.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract import codes
from extract.headers import NUMERIC_ROLES, merged_over_rows
from normalize.text import one_line

NUMBER = re.compile(r"^(?:>=|≥|<=|≤|>|<)?\s*-?\d+(?:[.,]\d+)*\s*(?:%|/\s*\d+(?:[.,]\d+)?)?$")
TIMELINE = re.compile(r"(thường xuyên|hằng năm|hàng năm|năm \d{4}|quý|tháng|trước ngày|\d{4}\s*-\s*\d{4}|trong vòng)", re.I)
IMPOSSIBLE = -100.0


@lru_cache(maxsize=1)
def _agencies():
    from normalize import agencies  # the gazetteer is optional while it is being written

    return agencies


def _collective(text: str) -> bool:
    try:
        return _agencies().is_collective(text)
    except (ImportError, AttributeError):
        return text.lower().startswith(("các ", "sở, ban", "ubnd các"))


def _agency_like(text: str) -> bool:
    head = text.split(" ")[0].strip(",;:").lower() if text else ""
    return head in {"sở", "văn", "ubnd", "ủy", "uỷ", "công", "cục", "thuế", "thống", "ngân", "đài",
                    "báo", "bưu", "tỉnh", "ban", "các", "trung", "hội", "đoàn", "viettel", "vnpt"}


def fits(role: str | None, raw: str) -> float:
    """How well a printed cell fits a column of this role: higher is better."""
    text = one_line(raw)
    if not text:
        return 0.0
    if role == "code":
        return 2.0 if codes.is_code(text) else IMPOSSIBLE
    numeric = bool(NUMBER.match(text))
    if role in NUMERIC_ROLES:
        return 2.0 if numeric else (IMPOSSIBLE if len(text) > 12 else -2.0)
    if numeric:
        return -3.0
    if role in ("lead", "support"):
        if text in ("-", "–"):
            return 1.5 if role == "support" else -1.5
        if not _agency_like(text) or len(text) > 160:
            return -3.0
        collective = _collective(text)
        if role == "lead":
            return 1.0 if not collective else -0.5
        return 1.5 if collective else 0.5
    if role == "timeline":
        return 1.5 if TIMELINE.search(text) and len(text) < 60 else -2.0
    if role == "name":
        return 1.0 if len(text) > 3 else -1.0
    if role in ("formula", "reason", "note"):
        return 1.0 if len(text) > 15 else 0.0
    return 0.0


@dataclass
class Placement:
    """Where the printed cells go: `columns[i]` is the column of printed cell i."""

    columns: list[int]
    score: float
    runner_up: float | None  # the next best placement's score, to flag ambiguous rows


def place_short_row(texts: list[str], roles: list[str | None], above: list[str] | None) -> Placement:
    """Choose which columns a short row prints (cells keep their order).

    Every assignment of k printed cells to k of n columns in order is scored by how
    well each cell fits its column; a skipped column costs nothing when it is a column
    plans merge and the row above has something to merge, a little when it would stay
    blank, and is ruled out for the code column when the row prints a code.
    """
    n, k = len(roles), len(texts)
    best: list[tuple[float, list[int]]] = []

    def skip_cost(column: int) -> float:
        if merged_over_rows(roles[column]) and above and above[column].strip():
            return 0.0
        return -0.75

    @lru_cache(maxsize=None)
    def solve(i: int, j: int) -> tuple[tuple[float, tuple[int, ...]], ...]:
        """Top two (score, columns) for printed cells i.. placed in columns j.."""
        if i == k:
            return ((sum(skip_cost(c) for c in range(j, n)), ()),)
        if n - j < k - i:
            return ()
        options = []
        for score, cols in solve(i + 1, j + 1):
            options.append((score + fits(roles[j], texts[i]), (j,) + cols))
        for score, cols in solve(i, j + 1):
            options.append((score + skip_cost(j), cols))
        options.sort(key=lambda item: -item[0])
        return tuple(options[:2])

    best = list(solve(0, 0))
    if not best:
        return Placement(list(range(k)), IMPOSSIBLE, None)
    runner = best[1][0] if len(best) > 1 else None
    return Placement(list(best[0][1]), best[0][0], runner)
