"""extract.spacy_import: spaCy imported without its command line, which stays importable."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_pipeline_module_loads_spacy_without_its_command_line():
    loaded = _run("import sys, extract.narrative, spacy; "
                  "print(sorted(m for m in ('spacy.cli', 'typer', 'weasel', 'httpx') if m in sys.modules), hasattr(spacy, 'cli'))")
    assert loaded == "[] False"


def test_spacy_command_line_and_info_still_work_after_it():
    out = _run("import extract.narrative, spacy, spacy.cli; "
               "print(callable(spacy.cli.download), spacy.info()['spacy_version'] == spacy.__version__)")
    assert out == "True True"


def test_a_spacy_that_needs_more_of_its_command_line_is_imported_as_it_is():
    # A placeholder without `info` stands for a release whose import needs more than it gives.
    out = _run("import types, extract.spacy_import as s; "
               "s._placeholders = lambda: {'spacy.cli': types.ModuleType('spacy.cli')}; "
               "spacy = s.import_spacy(); import spacy.cli; print(spacy.cli.__file__ is not None, callable(spacy.info))")
    assert out == "True True"
