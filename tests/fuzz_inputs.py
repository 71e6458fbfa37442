"""scripts/fuzz.py loaded as a module, for the tests that use its bad-input builders."""
import importlib.util
import sys
from functools import cache
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "fuzz.py"


@cache
def load_fuzz():
    spec = importlib.util.spec_from_file_location("dtiplan_fuzz", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module
