"""Column roles from what the cells say, reconciled with what the header says.

Offices word their headers in ways no vocabulary lists ("Tổng điểm (1000)", "Khung
điểm", "Đầu mối"), and some headers say one thing while the column holds another (a
"Chỉ số thành phần" column holding 10, 11, 7: counts, not names). So each column is
also read by its cells: row codes, numbers that add up to their parent row, agencies
the gazetteer knows, scoring rules (`a =`, `Điểm =`), time frames, prose. A column the
header does not name takes the role its cells show; where header and cells disagree,
the cells decide and a warning says so.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from extract import codes
from extract.grid import NUMBER, TIMELINE
from extract.headers import NUMERIC_ROLES, previous_max_points, squashed, vocabulary
from normalize import numbers
from normalize.text import one_line

# A scoring rule: a variable defined (`a =`), points computed (`Điểm =`, `x Điểm tối đa`).
FORMULA = re.compile(r"(?:^|[\s;(\-])[a-dA-D]\s*=|điểm\s*=|tỷ lệ\s*=|điểm tối đa|\*\s*điểm|×\s*điểm",
                     re.IGNORECASE)
TEXT_ROLES = ("name", "formula", "note", "reason", "lead", "support", "timeline", "unit")
Warning = tuple[str, str, object]


@lru_cache(maxsize=4096)
def _is_known_agency(text: str) -> bool:
    """A cell the agency gazetteer recognises: one of its bodies, or a collective name."""
    from normalize import agencies

    if len(text) > 200:  # prose, not a list of bodies: not worth splitting
        return False
    bodies = agencies.split_agencies(text)
    if not bodies:
        return False
    known = agencies.load_gazetteer().bodies
    return sum(agencies.canonical_agency(b) in known for b in bodies) * 2 >= len(bodies)


def cell_kind(raw: str) -> str:
    """What one cell looks like: blank, code, integer, number, agency, formula, timeline,
    prose or short text. Bare integers are kept apart: they are codes or points."""
    text = one_line(raw)
    if not text or text in ("-", "–", "—", "x", "X"):
        return "blank"
    if re.fullmatch(r"\d{1,4}", text):
        return "integer"
    if codes.is_code(text):
        return "code"
    if NUMBER.match(text):
        return "number"
    if FORMULA.search(text) and len(text) > 20:
        return "formula"
    if TIMELINE.search(text) and len(text) < 60:
        return "timeline"
    if _is_known_agency(text):
        return "agency"
    return "prose" if len(text) > 30 else "short"


def _share(kinds: Counter, *names: str) -> float:
    filled = sum(n for k, n in kinds.items() if k != "blank")
    return sum(kinds[n] for n in names) / filled if filled else 0.0


def content_class(cells: list[str], position: int) -> str | None:
    """What a column's cells are, or None when too few are filled to say."""
    kinds = Counter(cell_kind(c) for c in cells)
    if sum(n for k, n in kinds.items() if k != "blank") < 2:
        return None
    if position <= 1 and _share(kinds, "code", "integer") >= 0.8 and (kinds["code"] or position == 0):
        return "code"
    if _share(kinds, "integer", "number") >= 0.8:
        return "numeric"
    if _share(kinds, "formula") >= 0.3:
        return "formula"
    if _share(kinds, "agency") >= 0.5:
        return "agency"
    if _share(kinds, "timeline") >= 0.6:
        return "timeline"
    mean = sum(len(one_line(c)) for c in cells if one_line(c)) / max(1, sum(1 for c in cells if one_line(c)))
    return "prose" if mean > 20 else "short"


def sums_to_parents(row_codes: list[str], values: list[float | None]) -> float:
    """The share of parent rows whose number is the sum of their children's: max points
    add up (pillar = its indicators); scores and targets rarely do."""
    by_code = {codes.clean_code(c): v for c, v in zip(row_codes, values) if c and v is not None}
    checked = hits = 0
    for code, value in by_code.items():
        children = [v for c, v in by_code.items() if c.startswith(code + ".") and c.count(".") == code.count(".") + 1]
        if children:
            checked += 1
            hits += abs(sum(children) - value) < 1e-6
    return hits / checked if checked else 0.0


def _numbers(cells: list[str]) -> list[float | None]:
    return [numbers.parse_points(one_line(c))[0] for c in cells]


def _bounded(values: list[float | None], limits: list[float | None]) -> bool:
    pairs = [(v, m) for v, m in zip(values, limits) if v is not None and m is not None]
    return bool(pairs) and all(v <= m + 1e-6 for v, m in pairs)


def _support_first(header: str) -> bool:
    """Agency headers that say "coordinate" rather than "lead" (words in headers.json)."""
    key = squashed(header)
    return any(w.replace(" ", "") in key for w in vocabulary()["support_words"]["words"])


def _collective_share(cells: list[str]) -> float:
    from normalize import agencies

    filled = [c for c in cells if one_line(c) and one_line(c) not in ("-", "–")]
    return sum(agencies.is_collective(c) for c in filled) / len(filled) if filled else 0.0


def reconcile(headers: list[str], roles: list[str | None],
              body: list[list[str]]) -> tuple[list[str | None], list[Warning]]:
    """Roles for every column from its header role and its cells (see the module doc)."""
    width = len(headers)
    columns = [[row[i] if i < len(row) else "" for row in body if len(row) >= width] for i in range(width)]
    if sum(1 for row in body if len(row) >= width) < 2:
        return roles, []
    classes = [content_class(cells, i) for i, cells in enumerate(columns)]
    roles, warnings = list(roles), []
    code_col = roles.index("code") if "code" in roles else None
    row_codes = columns[code_col] if code_col is not None else [""] * len(columns[0])

    def decide(i: int, role: str | None, why: str) -> None:
        if roles[i] is not None and role != roles[i]:
            warnings.append(("column-role-from-content",
                             f"column '{one_line(headers[i])}' reads as {roles[i]} by its header; its cells are "
                             f"{why}, so it is read as {role or 'text'}", None))
        roles[i] = role

    # header and content disagree: numbers under a name header ("Chỉ số thành phần": 10,
    # 11, 7) count the indicators, numbers under another text header take a number role,
    # text under a points header is text
    counts: set[int] = set()
    for i, cls in enumerate(classes):
        if roles[i] in TEXT_ROLES and cls == "numeric" and roles[i] != "unit":
            if roles[i] == "name":
                counts.add(i)
            decide(i, None, "numbers")
        elif roles[i] in NUMERIC_ROLES and cls in ("prose", "formula", "agency"):
            decide(i, None, cls)
    if code_col is None and classes and classes[0] == "code":
        roles[0], row_codes = "code", columns[0]
    _numeric_roles(roles, [None if i in counts else c for i, c in enumerate(classes)], columns, row_codes, headers)
    _text_roles(headers, roles, classes, columns)
    return roles, warnings


def _numeric_roles(roles, classes, columns, row_codes, headers) -> None:
    """Unnamed number columns: one printing ≥ or % is a target; max points is the one
    that adds up to its parents (else the first), and a second such column beside a max
    points column is another framework's max (`previous_max_points` tells which);
    then a column bounded by the max points is an appraisal (all below it, reasons
    beside), a score (its header names a year, or it stands before the max) or a target."""
    unnamed = [i for i, c in enumerate(classes) if c == "numeric" and roles[i] is None]
    for i in list(unnamed):
        if "target" not in roles and any(re.search(r"[%≥>]", one_line(t)) for t in columns[i]):
            roles[i] = "target"
            unnamed.remove(i)
    values = {i: _numbers(columns[i]) for i in unnamed}
    adding = [i for i in unnamed if sums_to_parents(row_codes, values[i]) >= 0.8]
    if "max_points" not in roles and unnamed and ("name" in roles or any(c in ("prose", "short") for c in classes)):
        best = max(unnamed, key=lambda i: (sums_to_parents(row_codes, values[i]), -i))
        roles[best] = "max_points"
        unnamed.remove(best)
    elif "max_points" in roles and "max_points_previous" not in roles and adding and \
            not _bounded(values[adding[0]], _numbers(columns[roles.index("max_points")])):
        roles[adding[0]] = "max_points"
        unnamed.remove(adding[0])
        roles[:] = previous_max_points(roles, headers)
    if "max_points" not in roles:
        return
    at = roles.index("max_points")
    limits = _numbers(columns[at])
    if "max_points_previous" in roles:  # a score may be for the earlier framework's max
        earlier = _numbers(columns[roles.index("max_points_previous")])
        limits = [max((x for x in pair if x is not None), default=None) for pair in zip(limits, earlier)]
    for i in unnamed:
        if not _bounded(values[i], limits):
            continue
        if _points_lost(values[i], limits) and _reasons_after(classes, roles, i) and "appraised" not in roles:
            roles[i] = "appraised"
        elif "score" not in roles and (re.search(r"\b(19|20)\d\d\b", headers[i]) or i < at):
            roles[i] = "score"
        elif "target" not in roles:
            roles[i] = "target"


def _points_lost(values: list[float | None], limits: list[float | None]) -> bool:
    """Every number below its row's max points: an appraisal lists the indicators that
    lost points; past scores and self-assessments reach the maximum on many rows."""
    pairs = [(v, m) for v, m in zip(values, limits) if v is not None and m is not None]
    return len(pairs) >= 2 and sum(v < m for v, m in pairs) >= 0.8 * len(pairs)


def _reasons_after(classes, roles, i: int) -> bool:
    """A column of prose after the numbers, not yet named: the reasons points were lost."""
    return any(c in ("prose", "formula") and roles[j] in (None, "reason") for j, c in enumerate(classes) if j > i)


def _text_roles(headers, roles, classes, columns) -> None:
    """Unnamed text columns: agencies lead then support (a "phối hợp" header or mostly
    collective names make a lone one support), rules the formula, time frames the
    timeline, the first prose the name, short text after the name a unit, the rest notes."""
    for i, cls in enumerate(classes):
        if roles[i] is not None or cls is None:
            continue
        if cls in ("prose", "formula") and _after(roles, i, "appraised") and "reason" not in roles:
            roles[i] = "reason"  # why points were lost (it may quote the scoring rule)
        elif cls == "agency":
            lead_free = "lead" not in roles and not _support_first(headers[i])
            lone = sum(1 for c in classes if c == "agency") == 1
            if lead_free and not (lone and _collective_share(columns[i]) > 0.5):
                roles[i] = "lead"
            elif "support" not in roles:
                roles[i] = "support"
        elif cls == "formula" and "formula" not in roles:
            roles[i] = "formula"
        elif cls == "timeline" and "timeline" not in roles:
            roles[i] = "timeline"
        elif cls in ("prose", "short", "formula") and "name" not in roles:
            roles[i] = "name"
        elif cls == "short" and "unit" not in roles and _after(roles, i, "name") and "max_points" not in roles:
            roles[i] = "unit"
        elif cls in ("prose", "short") and "note" not in roles:
            roles[i] = "note"


def _after(roles: list[str | None], i: int, role: str) -> bool:
    return role in roles and roles.index(role) < i
