"""Click commands: `dtiplan catalog build|check|export|match` and `dtiplan score`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from catalog.model import CatalogError
from catalog.store import default_catalog


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


@click.group("catalog")
def catalog_group() -> None:
    """The canonical DTI catalog: frameworks, indicators, crosswalk."""


def _catalog(folder: Path | None):
    """The committed catalog, or the one `catalog build --out` wrote into a folder."""
    from catalog.store import load_catalog
    return default_catalog() if folder is None else load_catalog(folder)


_CATALOG_OPTION = click.option("--catalog", "catalog_dir", type=click.Path(path_type=Path, file_okay=False),
                               default=None, help="A catalog folder written by `catalog build --out` "
                                                  "(default: the committed catalog).")


@catalog_group.command("build")
@click.option("--check", is_flag=True, help="Compare with the committed files instead of writing; exit 1 on differences.")
@click.option("--from", "outputs", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None,
              help="Enrich the committed catalog with the per-document JSONs `dtiplan run` wrote here "
                   "instead of rebuilding it from the corpus.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Write the catalog files here (default: the committed catalog's folder).")
def build_command(check: bool, outputs: Path | None, out_dir: Path | None) -> None:
    """Rebuild the indicator files from the corpus (catalog/data/sources.json), or with --from
    enrich them from your own outputs: every fact a document states, with its sources;
    a value that differs from the chosen one is kept and reported as a conflict."""
    from catalog.build import build, build_from_outputs, differences, write
    from catalog.store import DATA
    try:
        if outputs is not None:
            result = build_from_outputs(outputs)
        else:
            try:
                from dtiplan.pipeline import process
            except ImportError as exc:
                _fail(f"the pipeline is not available ({exc})")
            result = build(process)
    except (CatalogError, OSError) as exc:
        _fail(str(exc))
    for line in result.report:
        click.echo(f"note: {line}")
    for line in result.problems:
        click.echo(f"problem: {line}")
    if outputs is not None and not result.documents_read:
        _fail(f"{outputs}: no per-document JSON (as `dtiplan run` writes) found; catalog left as it was")
    diff = differences(result)
    if check:
        for line in diff:
            click.echo(f"diff: {line}")
        click.echo(f"{len(diff)} difference(s) from the committed catalog")
        sys.exit(1 if diff else 0)
    for path in write(result, out_dir or DATA):
        click.echo(f"wrote {path}")
    click.echo(f"{len(diff)} fact(s) changed")


@catalog_group.command("check")
@_CATALOG_OPTION
def check_command(catalog_dir: Path | None) -> None:
    """How complete each framework's definition is, the facts documents disagree on, and the
    catalog's contradictions with itself (exit 1 only on those)."""
    from catalog.checks import (COMPLETENESS_HEADER, check_catalog, completeness, describe_conflicts,
                                format_table)
    try:
        catalog = _catalog(catalog_dir)
        problems = check_catalog(catalog)
    except CatalogError as exc:
        _fail(str(exc))
    frameworks = [catalog.frameworks[fid] for fid in catalog.with_lists()]
    click.echo(format_table(COMPLETENESS_HEADER, [completeness(fw).row() for fw in frameworks]))
    for fw in frameworks:
        for line in describe_conflicts(fw):
            click.echo(f"conflict: {line}")
    for problem in problems:
        click.echo(f"contradiction: {problem}")
    click.echo("catalog check: " + (f"{len(problems)} contradiction(s)" if problems else "no contradictions"))
    sys.exit(1 if problems else 0)


@catalog_group.command("export")
@click.option("--framework", "framework", required=True, help="dti-2022, dti-2025 or dti-2026-draft")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@_CATALOG_OPTION
def export_command(framework: str, fmt: str, catalog_dir: Path | None) -> None:
    """Clean framework definitions (JSON validated by catalog/data/export.schema.json, or CSV);
    a fact no document states is null with its reason under `missing`."""
    from catalog.export import export_framework, to_csv, validate
    try:
        data = export_framework(framework, _catalog(catalog_dir))
    except CatalogError as exc:
        _fail(str(exc))
    validate(data)
    if fmt == "csv":
        click.echo(to_csv(data), nl=False)
    else:
        _echo_json(data)


@catalog_group.command("match")
@click.argument("name")
@click.option("--framework", "framework", default=None, help="Match within one framework (default: every framework).")
@click.option("--code", "code", default=None, help="The row's code, when it follows the framework's numbering.")
def match_command(name: str, framework: str | None, code: str | None) -> None:
    """Map one indicator name to the catalog: the match with its score, or null and the nearest candidates."""
    from catalog.matcher import decide
    catalog = default_catalog()
    frameworks = [framework] if framework else catalog.with_lists()
    if framework and framework not in catalog.with_lists():
        _fail(f"no indicator list for framework '{framework}' (known: {', '.join(catalog.with_lists())})")
    results = []
    for fid in frameworks:
        decision = decide(name, code, fid, catalog, use_codes=code is not None)
        results.append({"framework": fid,
                        "match": decision.match.canonical() if decision.match else None,
                        "reason": decision.reason, "nearest": decision.nearest})
    best = max((r for r in results if r["match"]), key=lambda r: r["match"]["score"], default=None)
    _echo_json({"name": name, "match": best["match"] if best else None,
                "nearest": [c for r in results for c in r["nearest"]][:5] if not best else best["nearest"],
                "by_framework": results})


@click.command("score")
@click.option("--framework", "framework", required=True, help="dti-2022, dti-2025 or dti-2026-draft")
@click.argument("values_csv", type=click.Path(path_type=Path))
def score_command(framework: str, values_csv: Path) -> None:
    """Points per indicator, pillar and total from VALUES_CSV.

    VALUES_CSV has a header and three columns: code,input,value. One row per input:
    `rate` (0.6526 or 65,26%), the ratio's variables `a`, `b`, ..., `met` (yes/no),
    `level` (1-based), `share`, `item` (one row per checklist item, in order), `count`,
    `value`, `best` and `worst` (all provinces, for Min-Max), or `points` (taken as is).
    """
    from catalog.scoring import ValuesError, read_values_csv, score
    try:
        card = score(framework, read_values_csv(values_csv))
    except (ValuesError, CatalogError) as exc:
        _fail(str(exc))
    _echo_json(card.to_json())
