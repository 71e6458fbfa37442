"""Criteria printed as a numbered list with the points in brackets, not as a table.

`1. Nhận thức số: (60 điểm)`, then each criterion `1.2. Người đứng đầu ... (10đ)`
followed by how it is scored (bullets, `a=`, `Điểm =`). The first criterion under a
heading is often printed without its number: it gets the number its place implies
(the one before the next numbered criterion, or the first child of the heading), with
a `code-inferred` warning. Short `Label: value` lines under a criterion
(`Cơ quan chủ trì: Sở Nội vụ`) are columns of their own, named by their label; the
other lines are the scoring rule. The list is read into the same table model as a
printed table: code, name, the labelled columns, points, rule.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extract import codes
from extract.model import Block, Cell, Provenance, Table, TableRow, TextBlock

POINTS = r"\(\s*(?P<points>\d+(?:[.,]\d+)?)\s*(?:điểm|đ|Đ|Điểm)\s*\)"
CODE = r"(?P<code>(?:\d{1,2}(?:\.\d{1,2}){0,4}|[IVX]{1,4}))"
NUMBERED = re.compile(rf"^{CODE}[.)]?\s+(?P<name>.+?)\s*:?\s*{POINTS}\s*[.:;]?$")
UNNUMBERED = re.compile(rf"^(?P<name>[^\-+•*].{{10,}}?)\s*:?\s*{POINTS}\s*[.:;]?$")
LABELLED = re.compile(r"^[-+•]?\s*(?P<label>[^\d:;./()=][^:;./()=]{1,40}?)\s*:\s*(?P<value>\S.*)$")
HEADER = ["STT", "Chỉ số", "Điểm tối đa", "Cách xác định và tính điểm"]
Warning = tuple[str, str, Provenance | None]


@dataclass
class Criterion:
    code: str
    name: str
    points: str
    line: int
    rule: list[str] = field(default_factory=list)
    labelled: dict[str, str] = field(default_factory=dict)


def is_points_list(lines: list[str]) -> bool:
    """At least two numbered criteria with points in brackets."""
    return sum(1 for line in lines if NUMBERED.match(line.strip())) >= 2


def _implied_code(previous: str | None, following: str | None) -> str | None:
    """The code an unnumbered criterion's place implies: the one just before the next
    numbered criterion (`1.2` -> `1.1`), else the first child of the heading above."""
    nxt = codes.parts(following or "")
    if nxt and nxt[-1] > 1:
        return ".".join(map(str, nxt[:-1] + (nxt[-1] - 1,)))
    prev = codes.parts(previous or "")
    return ".".join(map(str, prev + (1,))) if prev else None


def _short_label(label: str) -> bool:
    return len(label.split()) <= 8


def parse_points_list(lines: list[str], first_line: int = 1) -> tuple[list[Block], list[Warning]]:
    blocks: list[Block] = []
    warnings: list[Warning] = []
    lists: list[list[Criterion]] = []
    current: Criterion | None = None
    pending_unnumbered: list[Criterion] = []
    last_numbered: str | None = None
    for offset, raw in enumerate(lines):
        number, text = first_line + offset, raw.strip()
        numbered, unnumbered = NUMBERED.match(text), UNNUMBERED.match(text)
        if numbered:
            code = codes.clean_code(numbered["code"])
            _place_unnumbered(pending_unnumbered, last_numbered, code, warnings)
            pending_unnumbered = []
            last = _last_code(lists[-1]) if lists else None
            if last is None or not (codes.follows(last, code) or codes.is_roman(code) or
                                    (codes.is_roman(last) and codes.parts(code))):
                lists.append([])
            current = Criterion(code, numbered["name"], numbered["points"], number)
            lists[-1].append(current)
            last_numbered = code
        elif unnumbered and lists and current is not None:
            item = Criterion("", unnumbered["name"], unnumbered["points"], number)
            lists[-1].append(item)
            pending_unnumbered.append(item)
            current = item
        elif current is not None and _heading(text):
            current = None
            blocks.append(TextBlock(text, Provenance(number)))
        elif current is not None and text:
            labelled = LABELLED.match(text)
            if labelled and _short_label(labelled["label"]) and not current.rule:
                current.labelled[labelled["label"].strip()] = labelled["value"].strip()
            else:
                current.rule.append(text)
        elif text:
            blocks.append(TextBlock(text, Provenance(number)))
    if lists:
        _place_unnumbered(pending_unnumbered, last_numbered, None, warnings)
    blocks += [_table(items) for items in lists if len(items) >= 2]
    blocks.sort(key=lambda b: b.prov.line or 0)
    return blocks, warnings


def _heading(text: str) -> bool:
    """A heading line ends the criterion above it: upper case, or a starred title."""
    letters = [c for c in text if c.isalpha()]
    return text.startswith("*") or (len(letters) > 8 and all(c.isupper() for c in letters))


def _last_code(items: list[Criterion]) -> str | None:
    coded = [i.code for i in items if i.code]
    return coded[-1] if coded else None


def _place_unnumbered(items: list[Criterion], previous: str | None, following: str | None,
                      warnings: list[Warning]) -> None:
    """Number the unnumbered criteria before `following` by the sequence they stand in."""
    for position, item in enumerate(items):
        later = _implied_code(previous, following) if position == len(items) - 1 and following else None
        code = later or _implied_code(previous, None)
        if code:
            item.code = code
            warnings.append(("code-inferred", f"criterion printed without its number read as {code}",
                             Provenance(item.line)))
            previous = code


def _table(items: list[Criterion]) -> Table:
    """Code, name, the labelled columns (in the order the fullest criterion prints
    them), then the points in brackets and the rule: the bracket points stand last of
    the points columns, as the current max points stand after an earlier framework's."""
    repeated = Counter(label for item in items for label in item.labelled)
    labels = [label for label in max(items, key=lambda i: len(i.labelled)).labelled if repeated[label] >= 2]
    for item in items:
        labels += [label for label in item.labelled if label not in labels and repeated[label] >= 2]
        # a label printed once is a line of the rule ("- Là Bí thư: Điểm tối đa"), not a column
        item.rule[:0] = [f"- {label}: {value}" for label, value in item.labelled.items() if label not in labels]
    header = HEADER[:2] + labels + HEADER[2:]
    rows = [TableRow([Cell(h, Provenance(items[0].line)) for h in header], Provenance(items[0].line))]
    for item in items:
        texts = [item.code, item.name] + [item.labelled.get(label, "") for label in labels] + \
            [item.points, "\n".join(item.rule)]
        rows.append(TableRow([Cell(t, Provenance(item.line)) for t in texts], Provenance(item.line)))
    return Table(rows, rows[0].prov)
