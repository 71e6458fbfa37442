"""Which tables hold indicators, of what kind, with what title and column roles."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract import codes
from extract.headers import column_role, vocabulary
from extract.model import Document, Provenance, Table, TextBlock
from normalize.text import fold, one_line

FORM_FOR = re.compile(r"MẪU\s+DÀNH\s+CHO\s+(.+?)\)?\s*$", re.IGNORECASE | re.DOTALL)
ANNEX_NOTE = re.compile(r"^\(?\s*Kèm theo", re.IGNORECASE)
ANNEX_LABEL = re.compile(r"^(PHỤ LỤC|Phụ lục)\b")
NUMBERED_HEADING = re.compile(r"^\d{1,2}\.\s+\S")


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
    points = [i for i, r in enumerate(roles) if r == "max_points"]
    if len(points) == 2:
        markers = vocabulary()["previous_max_points"]["newer_markers"]
        newer = [i for i in points if any(m in fold(headers[i]) for m in markers)]
        current = newer[0] if len(newer) == 1 else points[-1]
        for i in points:
            if i != current:
                roles[i] = "max_points_previous"
    return roles


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
        table, before, texts_before = block, texts_before, []
        if len(table.rows) < 2:
            continue
        headers = [c.text for c in table.rows[0].cells]
        roles = column_roles(headers)
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
        out.append(IndicatorTable(table, kind, title, columns, for_agency))
    return out
