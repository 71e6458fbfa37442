"""Command line: `dtiplan run DIR --out DIR` (the main job) and `dtiplan extract FILE`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import jsonschema

from catalog.cli import catalog_group, score_command
from dtiplan.compare import compare_command, write_comparison
from dtiplan.pipeline import process, write_json
from dtiplan.report import report_command, write_report
from extract.model import ReaderError

INPUT_SUFFIXES = {".txt", ".pdf", ".docx", ".html", ".htm", ".md", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def _one(path: Path) -> dict:
    """Process one file; a user's bad file becomes a one-line ClickException."""
    try:
        return process(path)
    except ReaderError as error:
        raise click.ClickException(f"{path}: {error}") from None
    except jsonschema.ValidationError as error:
        raise click.ClickException(f"{path}: output failed its schema: {error.message}") from None
    except OSError as error:
        raise click.ClickException(f"{path}: {error.strerror or error}") from None


@click.group()
@click.version_option(package_name="dtiplan")
def main() -> None:
    """Structured data from Vietnamese DTI plans."""


@main.command()
@click.argument("input_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for one JSON per document.")
def run(input_dir: Path, out_dir: Path) -> None:
    """Every document under INPUT_DIR to OUT/<name>.<format>.json; exit 1 if any failed."""
    files = sorted(p for p in input_dir.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
    failed = 0
    with click.progressbar(files, label="dtiplan", file=sys.stderr,
                           item_show_func=lambda p: p.name if p else "") as bar:
        for path in bar:
            try:
                result = _one(path)
            except click.ClickException as error:
                failed += 1
                click.echo(f"\nerror: {error.message}", err=True)
                continue
            relative = path.relative_to(input_dir)
            write_json(result, out_dir / relative.parent / f"{relative.name}.json")
    if len(files) > failed:
        # the cross-document views of what was just written (issue 5)
        write_comparison(out_dir, out_dir / "comparison")
        write_report(out_dir, out_dir / "report.html")
    click.echo(f"{len(files) - failed} of {len(files)} documents written to {out_dir}"
               + (f"; {failed} failed" if failed else ""), err=True)
    if failed:
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
def extract(file: Path) -> None:
    """One document's JSON on standard output."""
    click.echo(json.dumps(_one(file), ensure_ascii=False, indent=2))


main.add_command(compare_command)
main.add_command(report_command)
main.add_command(catalog_group)
main.add_command(score_command)
