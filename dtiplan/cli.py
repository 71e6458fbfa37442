"""Command line: `dtiplan run INPUT... --out DIR` (the main job) and `dtiplan extract FILE`.

Only click is imported here: each command imports what it uses when it runs, so `--help`
starts in a blink and the commands that do not read documents never load spaCy or pandas.
"""
from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import click

# One BLAS thread per process, unless the user says otherwise. `dtiplan run` already runs a
# process per core, and numpy's OpenBLAS starts a thread per core in every process that imports
# it (0.2 s of CPU each at start, spent against the other processes' work); nothing here does
# linear algebra large enough to gain from them. Set before any command imports numpy.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

# Commands defined in other modules, loaded when called: name -> (module:attribute, the first
# line of its help, listed by `dtiplan --help` without loading it; a test keeps the two equal).
LAZY_COMMANDS = {
    "compare": ("dtiplan.compare:compare_command", "Compare the per-document JSON files under OUTPUTS_DIR across provinces."),
    "report": ("dtiplan.report:report_command", "One static HTML page comparing the documents under OUTPUTS_DIR."),
    "catalog": ("catalog.cli:catalog_group", "The canonical DTI catalog: frameworks, indicators, crosswalk."),
    "score": ("catalog.cli:score_command", "Points per indicator, pillar and total from VALUES_CSV."),
}


class LazyGroup(click.Group):
    """A click group whose listed commands are imported only when one of them is called."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in LAZY_COMMANDS:
            return super().get_command(ctx, name)
        module, attribute = LAZY_COMMANDS[name][0].split(":")
        return getattr(importlib.import_module(module), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        own = [(name, self.commands[name].get_short_help_str(60)) for name in super().list_commands(ctx)]
        lazy = [(name, help_line) for name, (_, help_line) in LAZY_COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(sorted(own + lazy))


@click.group(cls=LazyGroup)
@click.version_option(package_name="dtiplan")
def main() -> None:
    """Structured data from Vietnamese DTI plans."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for one JSON per document.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the machine's cores).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=300.0, show_default=True,
              help="Seconds one file may take before it is stopped and counted as failed.")
@click.option("--force", is_flag=True, help="Process every input again, even those unchanged since the last run.")
@click.option("--debug", is_flag=True, help="Print the traceback of an unexpected failure after its error line.")
def run(inputs: tuple[Path, ...], out_dir: Path, jobs: int | None, timeout: float, force: bool, debug: bool) -> None:
    """Every document in INPUTS (folders and files) to OUT/<name>.json; exit 1 if any failed.

    Inputs unchanged since the last run into OUT (same content, same pipeline) are skipped; an
    interrupted run resumes where it stopped."""
    from dtiplan.batch import BatchOptions, run_batch

    options = BatchOptions(jobs=jobs or _usable_cores(), timeout=timeout, force=force, debug=debug)
    summary = run_batch(list(inputs), out_dir, options)
    sys.exit(summary.exit_status)


def _usable_cores() -> int:
    """The cores this process may run on (a container's or taskset's share), else all of them."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--debug", is_flag=True, help="Print the traceback of an unexpected failure.")
def extract(file: Path, debug: bool) -> None:
    """One document's JSON on standard output."""
    import json

    from dtiplan.failures import describe_failure
    from dtiplan.pipeline import process

    try:
        result = process(file)
    except Exception as error:  # any failure of one file is one line (the traceback on --debug)
        failure = describe_failure(error)
        if debug:
            click.echo(failure.traceback, err=True, nl=False)
        raise click.ClickException(f"{file}: {failure.message}") from None
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
