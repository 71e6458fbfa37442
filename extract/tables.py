"""Which tables hold indicators, of what kind, with what title and column roles."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract import codes
from extract.columns import reconcile
from extract.grid import NUMBER
from extract.header_rows import one_header_row
from extract.headers import column_role, previous_max_points, squashed, vocabulary
from extract.model import Document, Provenance, Table, TextBlock
from normalize.text import fold, one_line

FORM_FOR = re.compile(r"MẪU\s+DÀNH\s+CHO\s+(.+?)\)?\s*$", re.IGNORECASE | re.DOTALL)
ANNEX_NOTE = re.compile(r"^\(?\s*Kèm theo", re.IGNORECASE)
ANNEX_LABEL = re.compile(r"^(PHỤ LỤC|Phụ lục)\b")
NUMBERED_HEADING = re.compile(r"^\d{1,2}\.\s+\S")
COPY_AGREEMENT = 0.9  # share of rows whose codes and numbers a second print of a table repeats


@dataclass
class Column:
    header: str
    role: str | None


@dataclass
class IndicatorTable:
    table: Table
    kind: str
    title: str | None
    columns: list[Column]
    for_agency: str | list[str] | None = None
    # guesses made reading the table (column roles decided by content), as row warnings
    warnings: list[tuple[str, str, Provenance | None]] = field(default_factory=list)

    @property
    def prov(self) -> Provenance:
        return self.table.prov


def column_roles(headers: list[str]) -> list[str | None]:
    """Roles from header text. The first column is the code column when its header is
    a code itself (appraisal tables print the pillar number where STT would stand);
    of two max-points columns the one naming a newer framework is `max_points`."""
    roles = [column_role(h) for h in headers]
    if headers and roles[0] is None and codes.is_code(one_line(headers[0])):
        roles[0] = "code"
    return previous_max_points(roles, headers)


def table_roles(table: Table, headers: list[str]) -> tuple[list[str | None], list]:
    """Column roles from the header, then from the cells (`extract.columns`). A table
    whose header names no role at all is an indicator table only when its cells show
    a column of row codes beside a name column."""
    roles = column_roles(headers)
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    named = any(r is not None for r in roles)
    roles, guesses = reconcile(headers, roles, body)
    if not named and not ({"code", "name"} <= set(roles) and _numbered_in_sequence(body, roles.index("code"))):
        return [None] * len(roles), []
    return roles, guesses


def _numbered_in_sequence(body: list[list[str]], column: int) -> bool:
    """Row codes that go forward as indicator codes do (`1`, `1.1`, `1.3`, `2`; tables of
    lost points skip some; reporting forms restart at each roman section), starting at
    a first item or holding a dotted code: a ranking or a year printed in the first
    column of another kind of table does not."""
    printed = [codes.clean_code(one_line(row[column])) for row in body if len(row) > column]
    dotted = [c for c in printed if codes.parts(c)]
    pairs, previous = [], None
    for code in printed:  # a roman section numbers its rows afresh
        if codes.is_roman(code):
            previous = "0"  # its first row is 1
        elif codes.parts(code):
            if previous:
                pairs.append((previous, code))
            previous = code
    opens = bool(dotted) and (dotted[0] == "1" or any("." in c for c in dotted))
    return opens and len(pairs) >= 1 and sum(codes.follows(a, b) for a, b in pairs) >= 0.6 * len(pairs)


def table_kind(roles: list[str | None]) -> str | None:
    present = set(roles)
    if not present & {"name", "code"}:
        return None
    if present & {"appraised", "reason"}:
        return "appraisal"
    if present & {"lead", "support"}:
        return "assignment"
    if "unit" in present:
        return "data_template"
    if "score" in present or {"max_points", "target"} <= present:
        return "scores"
    if "target" in present:
        return "targets"
    if "max_points" in present:
        return "scores"
    return None


def _title_lines(before: list[TextBlock]) -> list[str]:
    """Heading lines right above a table: an annex label, upper-case or numbered heading
    lines; the "(Kèm theo Kế hoạch ...)" note and running text are not part of a title."""
    lines = [one_line(b.text).strip("*").strip() for b in before][-8:]
    # drop the annex note, which may wrap over two lines; the nearest one to the table
    # (body text since the previous table may quote an earlier note)
    for i in range(len(lines) - 1, -1, -1):
        if ANNEX_NOTE.match(lines[i]):
            lines = lines[:i]
            break
    picked: list[str] = []
    for line in reversed(lines[-6:]):
        heading = line.isupper() or ANNEX_LABEL.match(line) or (
            not picked and NUMBERED_HEADING.match(line) and len(line) < 120)
        if not heading and picked and (picked[0][:1].isupper() and picked[0].isupper() is False):
            break
        if heading or (picked and len(line) < 80 and not line.endswith((".", ";", ":"))):
            picked.insert(0, line)
            if ANNEX_LABEL.match(line) or NUMBERED_HEADING.match(line):
                break
        elif picked:
            break
    return picked


def classify(document: Document) -> list[IndicatorTable]:
    out: list[IndicatorTable] = []
    seen: set[tuple] = set()
    texts_before: list[TextBlock] = []
    for block in document.blocks:
        if isinstance(block, TextBlock):
            texts_before.append(block)
            continue
        table, before, texts_before = one_header_row(block), texts_before, []
        if len(table.rows) < 2:
            continue
        headers = [c.text for c in table.rows[0].cells]
        roles, guesses = table_roles(table, headers)
        kind = table_kind(roles)
        if kind is None:
            continue
        fingerprint = tuple(tuple(one_line(c.text) for c in row.cells) for row in table.rows)
        if fingerprint in seen:  # a page scraped twice prints the same table again
            continue
        seen.add(fingerprint)
        title_lines = _title_lines(before)
        title = " ".join(title_lines) or None
        for_agency = None
        if kind == "data_template" and title:
            match = FORM_FOR.search(title)
            if match:
                from normalize.agencies import canonical_for_form

                for_agency = canonical_for_form(match.group(1).rstrip(")").strip())
        columns = [Column(one_line(h), r) for h, r in zip(headers, roles)]
        out.append(IndicatorTable(table, kind, title, columns, for_agency,
                                  [(code, message, table.prov) for code, message, _ in guesses]))
    return _drop_partial_copies(out)


def _row_keys(table: IndicatorTable) -> set[tuple[str, str]]:
    return {tuple(one_line(c.text)[:40] for c in row.cells[:2]) for row in table.table.rows[1:]}


def _codes_and_numbers(table: IndicatorTable) -> list[tuple[str, ...]]:
    """Each row's code and numbers (points, targets): what a copy of the table prints the
    same even where a layout read its wrapped text differently."""
    return [tuple(t for t in (one_line(c.text) for c in row.cells) if t and NUMBER.match(t))
            for row in table.table.rows[1:]]


def _drop_partial_copies(tables: list[IndicatorTable]) -> list[IndicatorTable]:
    """A page that prints a list twice, the first copy cut short: a table whose rows
    (code and start of name) all recur in a longer table of the same kind and title is
    that table's copy, and is dropped. A plan that prints a whole table twice: a later
    table of the same kind and title with the same codes and numbers row by row is a copy
    too (its names may come out apart where the layout made their reading uncertain)."""
    keys = [_row_keys(t) for t in tables]
    numbers = [_codes_and_numbers(t) for t in tables]
    titles = [fold(t.title or "") for t in tables]
    return [t for i, t in enumerate(tables)
            if not any(j != i and u.kind == t.kind and titles[i] == titles[j]
                       and (keys[i] < keys[j] or (j < i and _same_numbers(numbers[i], numbers[j])))
                       for j, u in enumerate(tables))]


def _same_numbers(rows: list[tuple[str, ...]], other: list[tuple[str, ...]]) -> bool:
    """Two prints of one table: as many rows, with codes and numbers equal on nearly all
    of them (two scanned copies of a page differ where OCR misread a digit or a dot, and
    in the diacritics of their title, hence the folded titles above)."""
    agree = sum(a == b for a, b in zip(rows, other))
    return len(rows) == len(other) and any(rows) and agree >= COPY_AGREEMENT * len(rows)


def unread_table_sign(lines: list[str]) -> int | None:
    """The first line (1-based) that speaks of indicators and points (`điểm tối đa`,
    `chỉ số thành phần`, `(10đ)`): where no row was read, a table was likely missed."""
    signs = vocabulary()["unread_table_signs"]
    phrases = [p.replace(" ", "") for p in signs["phrases"]]
    patterns = [re.compile(p) for p in signs["patterns"]]
    for number, line in enumerate(lines, 1):
        key = squashed(line)
        if any(p in key for p in phrases) or any(p.search(line) for p in patterns):
            return number
    return None
