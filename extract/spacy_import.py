"""spaCy without its command line: `import spacy` as a library that builds blank pipelines needs it.

spaCy 3.8's package `__init__` imports `spacy.cli.info` to offer `spacy.info`, and with it the
whole command line (typer, weasel, httpx, requests): about a third of spaCy's import time, paid
by every dtiplan process before it reads a document. Upstream has made this lazy once
(explosion/spaCy#12962) and proposes it again (#13933). Until a release does, the import runs
with a placeholder `spacy.cli.info` whose `info` loads the real one when called; the placeholder
is withdrawn afterwards, so a later `import spacy.cli` gets the real command line. Should a
spaCy release need more of its command line during the import, the placeholder is dropped
and spaCy imported as it is.
"""
from __future__ import annotations

import sys
import types
from importlib import import_module

def import_spacy() -> types.ModuleType:
    """The spaCy package, imported without its command line where that is possible."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    placeholders = _placeholders()
    sys.modules.update(placeholders)
    try:
        return import_module("spacy")
    except ImportError:  # this release imports more of spacy.cli: import it as it is
        for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
            del sys.modules[name]
        return import_module("spacy")
    finally:
        _withdraw(placeholders)


def _placeholders() -> dict[str, types.ModuleType]:
    package = types.ModuleType("spacy.cli")
    package.__path__ = []  # a package, so that `spacy.cli.info` is looked up in sys.modules
    info = types.ModuleType("spacy.cli.info")
    info.info = _info
    package.info = info
    return {"spacy.cli": package, "spacy.cli.info": info}


def _withdraw(placeholders: dict[str, types.ModuleType]) -> None:
    for name, module in placeholders.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]
    spacy = sys.modules.get("spacy")
    if spacy is not None and getattr(spacy, "cli", None) is placeholders["spacy.cli"]:
        delattr(spacy, "cli")


def _info(*args, **kwargs):
    """spacy.info, loading spaCy's command line on first use."""
    return import_module("spacy.cli.info").info(*args, **kwargs)
