"""About a hundred bad inputs from scripts/fuzz.py through `dtiplan run`: every file accounted
for in the summary, one error line per failed file, no traceback, no file stopped by the time
limit, exit status 1. (`python scripts/fuzz.py` runs the full 1,040.)"""
from collections import Counter
from pathlib import Path

from tests.fuzz_inputs import load_fuzz


def test_the_generator_is_deterministic_and_covers_every_kind():
    fuzz = load_fuzz()
    first, second = fuzz.bad_inputs(100, seed=3, quick=True), fuzz.bad_inputs(100, seed=3, quick=True)
    assert [(i.name, i.data) for i in first] == [(i.name, i.data) for i in second]
    assert set(Counter(i.kind for i in first)) == {make.__name__ for make, _ in fuzz.KINDS} - fuzz.SLOW_KINDS


def test_a_run_over_bad_inputs_accounts_for_every_file(tmp_path):
    fuzz = load_fuzz()
    inputs = fuzz.bad_inputs(100, seed=7, quick=True)
    fuzz.write_inputs(inputs, tmp_path / "in")
    check = fuzz.run_dtiplan(tmp_path / "in", tmp_path / "out", jobs=2, timeout=120)
    assert check.problems() == [], check
    total, written, unchanged, failed = check.summary
    assert total == len(inputs) and failed > len(inputs) // 2 and check.exit_status == 1
    failed_names = {Path(name).name for name in check.error_lines}
    written_names = {p.name[:-len(".json")] for p in (tmp_path / "out").glob("*.json")}
    assert failed_names | written_names == {i.name for i in inputs} and not failed_names & written_names
