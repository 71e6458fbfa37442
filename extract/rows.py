"""Indicator tables to row records: grid filling, codes and hierarchy, typed values."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract import codes
from extract.grid import Placement, fits, place_short_row
from extract.headers import is_total_row, merged_over_rows, merged_runs
from extract.model import Provenance, TableRow
from extract.tables import IndicatorTable
from normalize import agencies, numbers
from normalize.formulas import parse_formula
from normalize.text import as_printed, clean_lines, fold, one_line

Warning = tuple[str, str, Provenance | None]


@dataclass
class FilledRow:
    """One table row with a text per column; `inherited` marks cells merged from above."""

    texts: list[str]
    inherited: list[bool]
    prov: Provenance


@dataclass
class RowContext:
    """What a row's code depends on: the codes seen so far in this table."""

    last_code: str | None = None
    last_numbered: str | None = None
    section: str | None = None
    continuation: dict[str, int] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)


def _is_header_repeat(row: TableRow, header: list[str]) -> bool:
    texts = [fold(one_line(c.text)) for c in row.cells]
    return texts[: len(header)] == [fold(h) for h in header][: len(texts)] and len(texts) >= 2


def fill_grid(table: IndicatorTable, warnings: list[Warning]) -> list[FilledRow]:
    """Every data row as one text per column, merged cells resolved.

    Rows whose reader knew the geometry carry row spans; rows from scraped text are
    just shorter, and `extract.grid.place_short_row` decides which columns they print.
    A blank agency/reason cell right under a cell that was itself merged down belongs
    to the same merged cell (stray empty cells in the source HTML). Where no rule shows
    a merge (no rules, or a page break between the cells), `blank_evidence` says which
    blanks stay blank.
    """
    roles = [c.role for c in table.columns]
    width = len(roles)
    header = [c.header for c in table.columns]
    data_rows = [row for row in table.table.rows[1:] if not _is_header_repeat(row, header)]
    evidence = blank_evidence([[c.text for c in row.cells] for row in data_rows], roles)
    kept: list[tuple[int, str, Provenance]] = []
    out: list[FilledRow] = []
    spans: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, text)
    for index, row in enumerate(data_rows):
        above = out[-1] if out else None
        blank_kept = evidence.kept_columns(index, width)
        texts, inherited = _place(row, roles, above, spans, table.table, warnings, blank_kept)
        if above:
            for col in range(width):
                if (not texts[col].strip() and above.inherited[col] and roles[col] in ("lead", "support")
                        and _depth(texts[0]) != 1 and not (table.table.merges_unmarked and col in blank_kept)):
                    texts[col], inherited[col] = above.texts[col], True
            kept += [(col, texts[0], row.prov) for col in evidence.blank_columns
                     if index not in evidence.headings and _unmarked_blank(row, col, table.table)
                     and _merged_blank(texts[col], col, roles, above, _pillar_row(texts, roles))]
        if any(t.strip() for t in texts):
            out.append(FilledRow(texts, inherited, row.prov))
    warnings.extend(_blank_kept_warnings(kept, header))
    return out


@dataclass
class BlankEvidence:
    """What a table shows about its blank cells where no rule marks a merge: the rows
    that head a group (by index among the data rows) and the columns that leave cells
    blank where no merged cell reaches."""

    headings: set[int]
    blank_columns: set[int]

    def kept_columns(self, index: int, width: int) -> set[int]:
        """Columns in which row `index`'s blank cell is blank, not the merged cell above."""
        return set(range(width)) if index in self.headings else self.blank_columns


def blank_evidence(rows: list[list[str]], roles: list) -> BlankEvidence:
    """Printed rows to the evidence on their blank cells (`BlankEvidence`)."""
    return BlankEvidence(group_headings(rows, roles), blank_columns(rows, roles))


def group_headings(rows: list[list[str]], roles: list) -> set[int]:
    """Rows that head a group: the next row is their child (a longer code under theirs,
    a lettered component, or an unnumbered sub-row). Plans assign the group's parts,
    not its heading: a heading's blank agency or note is blank (`5.12 Tổng kinh phí` over
    `5.12.1`, itself over `a`, `b`), never the cell of the row above merged down into it,
    which would make the merge end between a heading and its first part."""
    if "code" not in roles:
        return set()
    code_col, names = roles.index("code"), [i for i, r in enumerate(roles) if r == "name"]
    out = set()
    for index, (row, below) in enumerate(zip(rows, rows[1:])):
        code, next_code = _cell(row, code_col), _cell(below, code_col)
        mine, theirs = codes.parts(code), codes.parts(next_code)
        child = (bool(mine and theirs) and len(theirs) > len(mine) and theirs[:len(mine)] == mine
                 or bool(mine) and codes.is_letter(next_code)
                 or bool(mine) and len(mine) > 1 and not next_code and any(_cell(below, i) for i in names))
        if child:
            out.add(index)
    return out


def blank_columns(rows: list[list[str]], roles: list) -> set[int]:
    """Columns whose blanks are blank: a note, reason or timeline column (not one plans
    merge as a rule, `merged_runs`) that leaves a cell blank where no merged cell can
    reach - in a group's first rows, under its pillar row (which takes no merged cell)
    and before the column's first text in that group. Such a column is sparse by nature
    (notes only where a target needs one), so a blank under a filled cell is read as
    blank too, with a warning."""
    out = set()
    for col, role in enumerate(roles):
        if not merged_over_rows(role) or merged_runs(role):
            continue
        unreached = True  # no text in this column since the table's top or the last pillar row
        for row in rows:
            text = _cell(row, col)
            if _pillar_row(row, roles):
                unreached = not text
            elif text:
                unreached = False
            elif unreached and any(_cell(row, i) for i, r in enumerate(roles) if r == "name"):
                out.add(col)
                break
    return out


def _unmarked_blank(row: TableRow, col: int, table) -> bool:
    """Whether nothing drawn tells a blank cell from the cell above merged down: the
    table has no rules, or the page break cut the rule above the cell."""
    return table.merges_unmarked or (col < len(row.cells) and row.cells[col].may_continue_above)


def _cell(row: list[str], col: int) -> str:
    return one_line(row[col]) if col < len(row) else ""


def _blank_kept_warnings(kept: list[tuple[int, str, Provenance]], header: list[str]) -> list[Warning]:
    """Blank cells kept blank under filled ones to one warning per column."""
    out = []
    for col in sorted({c for c, _, _ in kept}):
        rows = [(code, prov) for c, code, prov in kept if c == col]
        out.append(("blank-cell-kept",
                    f"{len(rows)} blank '{one_line(header[col])}' cell(s) under a filled one kept blank "
                    f"(rows {', '.join(one_line(code) or '?' for code, _ in rows)}): no rule shows a merge and "
                    f"the column leaves other cells blank; a merged cell would print the same", rows[0][1]))
    return out


def _place(row, roles, above, spans, table, warnings, blank_kept: set[int]):
    width = len(roles)
    cells = list(row.cells)
    texts, inherited = [""] * width, [False] * width
    if table.merges_unmarked and len(cells) >= width:
        return _unmarked_merges(cells[:width], roles, above, blank_kept)
    if table.spans_known:
        pillar = _pillar_row([c.text for c in cells], roles)
        col = 0
        for cell in cells:
            while col < width and col in spans:
                _take_merged(col, roles, spans, texts, inherited)
                col += 1
            if col >= width:
                break
            texts[col] = cell.text
            if (cell.may_continue_above and _merged_blank(cell.text, col, roles, above, pillar)
                    and col not in blank_kept):
                # a merged agency/reason cut by a page break: the part on this page is blank
                texts[col], inherited[col] = above.texts[col], True
            if cell.row_span > 1:
                spans[col] = (cell.row_span - 1, texts[col])
            col += max(1, cell.col_span)
        # cells merged down into this row's last columns: the row prints nothing after them
        for col in range(col, width):
            if col in spans:
                _take_merged(col, roles, spans, texts, inherited)
        return texts, inherited
    while len(cells) > width and not cells[-1].text.strip():
        cells.pop()
    printed = [c.text for c in cells[:width]]
    if len(printed) == width:
        placement = _shifted_reading(printed, roles, above)
        if placement is None:
            return printed, inherited
        printed = printed[: len(placement.columns)]
    else:
        placement = place_short_row(printed, roles, above.texts if above else None)
    for text, col in zip(printed, placement.columns):
        texts[col] = text
    for col in range(width):
        if col not in placement.columns and merged_over_rows(roles[col]) and above:
            texts[col], inherited[col] = above.texts[col], True
    if placement.runner_up is not None and placement.score - placement.runner_up < 1.0:
        warnings.append(("merged-cell-ambiguous",
                         f"row prints {len(printed)} of {width} cells; chose columns "
                         f"{[roles[c] for c in placement.columns]} from what the cells say", row.prov))
    return texts, inherited


def _unmarked_merges(cells, roles, above, blank_kept: set[int]):
    """A row of a table printed without rules: each cell in its column, and a blank cell
    in a column plans merge (agencies, reasons) is the merged cell above it, as a short
    row of scraped text takes that column from the row above. Pillar rows (a one-part
    code, or no code and no name: a total) are not assigned, so take nothing; nor do
    the columns `blank_kept` names (`BlankEvidence`)."""
    texts = [c.text for c in cells]
    inherited = [False] * len(texts)
    pillar = _pillar_row(texts, roles)
    for col, text in enumerate(texts):
        if _merged_blank(text, col, roles, above, pillar) and col not in blank_kept:
            texts[col], inherited[col] = above.texts[col], True
    return texts, inherited


def _merged_blank(text: str, col: int, roles: list, above: FilledRow | None, pillar: bool) -> bool:
    """Whether a blank cell is the merged agency/reason cell above it: the column is one
    plans merge, the row above has text there, and the row is not a pillar row."""
    return (not pillar and not text.strip() and merged_over_rows(roles[col])
            and above is not None and bool(above.texts[col].strip()))


def _pillar_row(texts: list[str], roles: list) -> bool:
    """A pillar row (a one-part code, or no code and no name: a pillar's total): plans
    never assign one, so it takes no merged agency from the row above."""
    names = [t for t, role in zip(texts, roles) if role in ("code", "name")]
    return _depth(texts[0]) == 1 or not any(t.strip() for t in names)


def _take_merged(col: int, roles: list, spans: dict, texts: list[str], inherited: list[bool]) -> None:
    """A grid position covered by a cell merged from above: copy the text where plans
    merge that column, and count the span down."""
    covered, text = spans[col]
    if merged_over_rows(roles[col]):
        texts[col], inherited[col] = text, True
    if covered <= 1:
        del spans[col]
    else:
        spans[col] = (covered - 1, text)


def _shifted_reading(printed: list[str], roles: list, above: FilledRow | None) -> Placement | None:
    """A full-width row whose last cells are blank may be a short row plus stray empty
    cells: "Các sở, ban, ngành | (blank)" under a merged lead reads as a support cell.
    The shorter reading is taken only when its cells fit their columns clearly better."""
    kept = len(printed)
    while kept and not printed[kept - 1].strip() and merged_over_rows(roles[kept - 1]):
        kept -= 1
    if kept == len(printed) or kept == 0 or not above:
        return None
    as_printed_score = sum(fits(role, text) for role, text in zip(roles, printed))
    shorter = place_short_row(printed[:kept], roles, above.texts)
    return shorter if shorter.score > as_printed_score + 1.0 else None


def _depth(code_text: str) -> int | None:
    found = codes.parts(one_line(code_text))
    return len(found) if found else None


def assign_code(printed: str, name: str | None, next_code: str | None, kind: str, ctx: RowContext) -> str | None:
    """The row's code per GOLD.md: as printed; `a`/`b` under the last numbered row as
    `5.12.1/a`; an unnumbered row that starts a group (the next row is `N.1` of an unseen
    `N`) is group `N`; any other unnumbered row continues the last one as `2.4#1`; in a
    reporting form, rows are numbered inside roman sections as `II.1`."""
    code = codes.clean_code(one_line(printed))
    if kind == "data_template":
        if codes.is_roman(code):
            ctx.section = code
            return code
        if code and ctx.section:
            return f"{ctx.section}.{code}"
        return code or None
    if code and codes.is_letter(code) and ctx.last_numbered:
        return f"{ctx.last_numbered}/{code.rstrip(').')}"
    if code:
        ctx.last_numbered = code
        return code
    nxt = codes.parts(codes.clean_code(next_code or ""))
    if nxt and len(nxt) >= 2 and nxt[-1] == 1:
        parent = ".".join(str(p) for p in nxt[:-1])
        if parent not in ctx.seen:
            return parent
    if ctx.last_numbered:
        count = ctx.continuation.get(ctx.last_numbered, 0) + 1
        ctx.continuation[ctx.last_numbered] = count
        return f"{ctx.last_numbered}#{count}"
    return None


def _agency_fields(text: str, key: str, record: dict) -> None:
    bodies = agencies.split_agencies(text)
    record[key] = bodies
    record[f"{key}_canonical"] = [agencies.canonical_agency(b) for b in bodies]


def row_records(table: IndicatorTable, year: int | None, warnings: list[Warning]) -> list[dict]:
    warnings.extend(table.warnings)
    grid = fill_grid(table, warnings)
    roles = [c.role for c in table.columns]
    score_year = {i: numbers.parse_year(c.header) for i, c in enumerate(table.columns) if c.role == "score"}
    ctx = RowContext()
    records = []
    for index, filled in enumerate(grid):
        values = dict(zip(roles, filled.texts))
        if not values.get("code", "").strip() and is_total_row(values.get("name", "")):
            continue
        next_code = grid[index + 1].texts[roles.index("code")] if "code" in roles and index + 1 < len(grid) else None
        record: dict = {"code": assign_code(values.get("code", ""), values.get("name"), next_code,
                                            table.kind, ctx)}
        if record["code"]:
            ctx.seen.add(record["code"])
        for col, role in enumerate(roles):
            text = filled.texts[col]
            if role in (None, "code"):
                continue
            if role == "name":
                record["name"] = as_printed(text)
            elif role in ("max_points", "max_points_previous"):
                record[role] = numbers.parse_points(one_line(text))[0]
            elif role in ("score", "appraised"):
                record[role] = numbers.parse_number(one_line(text))
                if role == "score" and record[role] is not None:
                    record["score_year"] = score_year.get(col)
            elif role == "target":
                value, op = numbers.parse_target(one_line(text))
                record["target"] = value
                if op:
                    record["target_op"] = op
            elif role in ("lead", "support"):
                _agency_fields(text, role, record)
            elif role == "unit":
                record["unit"] = "; ".join(clean_lines(text)) or None
            elif role == "timeline":
                record["timeline"] = one_line(text) or None
            elif role in ("reason", "note"):
                record[role] = as_printed(text)
            elif role == "formula":
                record["formula"] = _formula(text, record["code"], year)
        record["canonical"] = None
        record["provenance"] = filled.prov.to_json()
        records.append(record)
    return records


def _formula(text: str, code: str | None, year: int | None) -> dict | None:
    """Pillar rows (one-level codes) carry no formula; other rows get the parsed guideline."""
    if not text.strip() or (code and re.fullmatch(r"\d+", code)):
        return None
    parsed = parse_formula(text, year)
    return parsed.to_json() if parsed else None
