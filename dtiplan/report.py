"""`dtiplan report OUTPUTS_DIR --out report.html`: one static page, readable offline.

Everything is inline (CSS, a few lines of JS for the filter box, SVG charts): the page needs
no server and loads nothing from the network. Every matrix cell links to the source line it
was read from (`<source path>#L<line>`, the line number shown next to it).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import click
import pandas as pd
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape

from dtiplan.atomic import written_beside
from dtiplan.compare import Comparison, build_comparison, grouped_bodies, run_writer
from dtiplan.compare_load import Doc

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Cell:
    bodies: list[str]
    line: int | None
    href: str


@dataclass
class Bar:
    pillar: str
    name: str
    max_points: float | None
    score: float | None
    target: float | None


# ---------------------------------------------------------------- page data

def source_href(doc: Doc, out_dir: Path) -> str:
    """The document's source as a path relative to the page, where the file can be found
    (relative to the working folder, or to the outputs folder and its parent)."""
    given = Path(doc.source_path)
    outputs = doc.path.parent
    for candidate in (given, outputs / given, outputs.parent / given):
        if candidate.is_file():
            return Path(os.path.relpath(candidate.resolve(), out_dir.resolve())).as_posix()
    return given.as_posix()


def matrix_cells(comparison: Comparison, out_dir: Path) -> tuple[list[dict], list[Doc]]:
    """Rows of the page's matrix: measure, name, and per representative document a lead and a
    support Cell (bodies, the first source line, the link)."""
    docs = [d for d in comparison.docs if d.representative]
    table = comparison.assignments[(comparison.assignments.source == "table") & comparison.assignments.measure.notna()]
    hrefs = {d.doc_id: source_href(d, out_dir) for d in docs}
    bodies = grouped_bodies(table, ["measure", "doc_id", "role"], "body_canonical")
    first_lines = _first_lines(table)
    lines = _row_lines(comparison)
    with_rows = _measures_with_assignment_rows(comparison, docs)
    rows = []
    for m in comparison.matrix.itertuples():
        cells = {}
        for doc in docs:
            for role in ("lead", "support"):
                key = (m.measure, doc.doc_id, role)
                line = first_lines.get(key) if key in bodies else lines.get((m.measure, doc.doc_id))
                anchor = f"#L{line}" if line else ""
                cells[(doc.doc_id, role)] = Cell(bodies.get(key, []), line, f"{hrefs[doc.doc_id]}{anchor}")
        if any(c.bodies for c in cells.values()) or m.measure in with_rows:
            rows.append({"measure": m.measure, "codes": m.codes, "name": m.name or "", "cells": cells})
    return rows, docs


def _first_lines(table: pd.DataFrame) -> dict[tuple[str, str, str], int]:
    """(measure, doc_id, role) -> the first source line of its assignments."""
    first: dict[tuple[str, str, str], int] = {}
    for measure, doc_id, role, line in table[["measure", "doc_id", "role", "line"]].itertuples(index=False, name=None):
        if line is not None and line == line:  # not missing (None or NaN)
            key = (measure, doc_id, role)
            first[key] = min(first.get(key, int(line)), int(line))
    return first


def _row_lines(comparison: Comparison) -> dict[tuple[str, str], int]:
    rows = comparison.rows.dropna(subset=["measure", "line"])
    return {(r.measure, r.doc_id): int(r.line) for r in rows.itertuples()}


def _measures_with_assignment_rows(comparison: Comparison, docs: list[Doc]) -> set[str]:
    rows = comparison.rows
    shown = rows[rows.doc_id.isin([d.doc_id for d in docs]) & (rows.kind == "assignment")]
    return set(shown.measure.dropna())


def pillar_bars(comparison: Comparison, doc: Doc) -> list[Bar]:
    """Score vs target by pillar for one document, from its scores / appraisal tables: the pillar
    row's own value where printed, else the sum over the pillar's indicators."""
    rows = comparison.rows[(comparison.rows.doc_id == doc.doc_id) & comparison.rows.kind.isin(["scores", "appraisal"])]
    if rows.empty:
        return []
    rows = rows.assign(score_any=rows.score.fillna(rows.appraised) if "appraised" in rows else rows.score)
    codes = rows.code.astype(str)
    pillars = sorted({c.split(".")[0] for c in codes if c.split(".")[0].isdigit()}, key=int)
    bars = []
    for pillar in pillars:
        own = rows[codes == pillar]
        children = rows[codes.str.match(rf"^{pillar}\.\d+$")]
        name = next(iter(own.name.dropna()), None) or f"Trụ cột {pillar}"
        bars.append(Bar(pillar, name, _value(own, children, "max_points"), _value(own, children, "score_any"),
                        _value(own, children, "target")))
    return [b for b in bars if b.score is not None or b.target is not None]


def _value(own: pd.DataFrame, children: pd.DataFrame, key: str) -> float | None:
    printed = own[key].dropna()
    if len(printed):
        return float(printed.iloc[0])
    values = children[key].dropna()
    return float(values.sum()) if len(values) else None


@lru_cache(maxsize=1)
def report_template() -> Template:
    """The page's template, compiled once per process (the view writer compiles it while the
    documents are still being read)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("report.html.j2")


def render_report(comparison: Comparison, out_path: Path) -> str:
    rows, docs = matrix_cells(comparison, out_path.parent)
    charts = [{"doc": d, "bars": pillar_bars(comparison, d), "href": source_href(d, out_path.parent)} for d in docs]
    disagreements = comparison.disagreements.fillna("").to_dict("records")
    return report_template().render(
        docs=docs, rows=rows, charts=charts, disagreements=disagreements,
        hrefs={d.doc_id: source_href(d, out_path.parent) for d in docs}, generated=date.today().isoformat())


def write_report(outputs_dir: Path, out_path: Path) -> None:
    """One static HTML page at out_path from the per-document JSON files under outputs_dir."""
    write_report_file(build_comparison(Path(outputs_dir)), Path(out_path))


def write_report_file(comparison: Comparison, out_path: Path) -> None:
    """A built comparison as the static HTML page at out_path, written whole (dtiplan.atomic)."""
    page = render_report(comparison, out_path)
    with written_beside(out_path) as temporary:
        temporary.write_text(page, encoding="utf-8")


@click.command("report")
@click.argument("outputs_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write (e.g. report.html).")
def report_command(outputs_dir: Path, out_path: Path) -> None:
    """One static HTML page comparing the documents under OUTPUTS_DIR."""
    run_writer(write_report, outputs_dir, out_path, "report")
