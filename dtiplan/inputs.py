"""Command-line inputs (folders and files alike) -> the documents to read and the JSON each gets."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

INPUT_SUFFIXES = {".txt", ".pdf", ".docx", ".html", ".htm", ".md", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


@dataclass(frozen=True)
class Input:
    source: Path     # the document as the user named it (or as found under a named folder)
    target: Path     # its JSON, relative to the output folder


def find_inputs(arguments: list[Path], out_dir: Path) -> tuple[list[Input], list[tuple[Path, str]]]:
    """Every document the arguments name, in a stable order, and the ones that cannot be taken
    (not a file that can be read; two inputs that would write the same JSON) with the reason. A folder contributes the
    documents under it by suffix, its layout kept in the output; a file named on its own is taken
    whatever its suffix, its JSON at the top of the output. Nothing under the output folder is
    read back as an input (its report.html)."""
    found: list[Input] = []
    refused: list[tuple[Path, str]] = []
    for argument in arguments:
        if argument.is_dir():
            found += [Input(path, _json_name(path.relative_to(argument)))
                      for path in sorted(argument.rglob("*"))
                      if path.is_file() and path.suffix.lower() in INPUT_SUFFIXES and not _inside(path, out_dir)]
        elif argument.is_file():
            found.append(Input(argument, _json_name(Path(argument.name))))
        else:  # reading a FIFO or a terminal would wait for a writer that may never come
            refused.append((argument, "not a regular file (a pipe, socket or device): nothing to read"))
    inputs, clashes = _unique_targets(found)
    return inputs, refused + clashes


def unread_kinds(arguments: list[Path], out_dir: Path) -> Counter[str]:
    """Suffix -> how many files under the argument folders are of no format dtiplan reads (a
    plan published as .doc or .xls sits beside the others): said in one line, so that a run
    over a folder does not look as if it had read them. Hidden files are not counted."""
    return Counter(path.suffix.lower() or "(none)" for argument in arguments if argument.is_dir()
                   for path in argument.rglob("*")
                   if path.is_file() and not path.name.startswith(".")
                   and path.suffix.lower() not in INPUT_SUFFIXES and not _inside(path, out_dir))


def _json_name(relative: Path) -> Path:
    return relative.parent / f"{relative.name}.json"


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _unique_targets(found: list[Input]) -> tuple[list[Input], list[tuple[Path, str]]]:
    """The first input for each JSON name; a later one with the same name is refused, not let
    overwrite it (`a/plan.pdf b/plan.pdf` both named on the command line)."""
    first: dict[Path, Input] = {}
    clashes: list[tuple[Path, str]] = []
    for item in found:
        if item.target in first:
            if first[item.target].source.resolve() != item.source.resolve():
                clashes.append((item.source, f"would write {item.target}, as {first[item.target].source} does"))
            continue
        first[item.target] = item
    return list(first.values()), clashes
