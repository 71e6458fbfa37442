"""`dtiplan run` over many files: folders and files as inputs, unchanged inputs skipped, a
re-run byte-identical, an interrupted run resumed, any failure one line, a stuck file stopped."""
import gc
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dtiplan.batch import sweep_partial_files
from dtiplan.cli import LAZY_COMMANDS, main
from dtiplan.inputs import find_inputs
from dtiplan.pool import prepare_to_share, run_pool
from dtiplan.progress import Progress
from dtiplan.state import STATE_NAME, load_state
from dtiplan.views import close, finish, start_view_writer, view_problems
from extract.read import file_format

ROOT = Path(__file__).resolve().parent.parent
PLAN = """ỦY BAN NHÂN DÂN
XÃ TÂN HÒA
Số: {n}/KH-UBND
KẾ HOẠCH
Chuyển đổi số năm 2025
1. Văn phòng HĐND và UBND xã chủ trì, phối hợp với các đơn vị triển khai nhiệm vụ chuyển đổi số.
| STT | Tên chỉ số | Điểm tối đa |
| 1 | Tỷ lệ hồ sơ trực tuyến toàn trình | 10 |
| 2 | Tỷ lệ người dân có tài khoản định danh điện tử | 5 |
"""


def _plans(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"plan{n}.txt" for n in range(count)]
    for n, path in enumerate(paths, start=1):
        path.write_text(PLAN.format(n=n), encoding="utf-8")
    return paths


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["run", *args, "--jobs", "2"])
    return result.exit_code, result.output


def _jsons(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.json"))
            if "comparison" not in p.parts}


def test_folders_and_files_alike_with_the_output_layout(tmp_path):
    _plans(tmp_path / "a" / "sub", 2)
    (loose,) = _plans(tmp_path / "b", 1)
    named = loose.rename(tmp_path / "b" / "odd.name")  # named on its own: read whatever its suffix
    status, output = _run(str(tmp_path / "a"), str(named), "--out", str(tmp_path / "out"))
    assert status == 0, output
    assert sorted(_jsons(tmp_path / "out")) == ["odd.name.json", "sub/plan0.txt.json", "sub/plan1.txt.json"]
    assert "3 documents: 3 written, 0 unchanged, 0 failed" in output


def test_the_jsons_are_readable_as_plainly_created_files_are(tmp_path):
    """Written through a private temporary file, a JSON still gets the mode of any file the user
    creates (0o644 under the usual umask), not the temporary file's 0o600."""
    _plans(tmp_path / "in", 1)
    previous = os.umask(0o022)
    try:
        status, output = _run(str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    finally:
        os.umask(previous)
    assert status == 0, output
    assert (tmp_path / "out" / "plan0.txt.json").stat().st_mode & 0o777 == 0o644


def test_names_no_plan_was_tested_on_a_legacy_code_page_a_long_title_a_pipe(tmp_path):
    """A name that is not UTF-8 is read (source.path with U+FFFD, a warning), logged and skipped
    the next time as any other; a 240-byte name gets its JSON (the temporary file's name is
    kept short); a pipe named on the command line is one line, not a run that waits for ever."""
    folder = tmp_path / "in"
    folder.mkdir()
    legacy = folder / os.fsdecode(b"k\xe8 ho\xe0ch.txt")  # cp1258 bytes
    legacy.write_text(PLAN.format(n=1), encoding="utf-8")
    title = "Kế hoạch chuyển đổi số " + "x" * (236 - len("Kế hoạch chuyển đổi số ".encode()))
    (folder / f"{title}.txt").write_text(PLAN.format(n=2), encoding="utf-8")  # 240 bytes, 245 with .json
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    out = tmp_path / "out"
    status, output = _run(str(folder), str(pipe), "--out", str(out))
    assert status == 1 and "3 documents: 2 written, 0 unchanged, 1 failed" in output, output
    assert [line for line in output.splitlines() if line.startswith("error:")] == [
        f"error: {pipe}: not a regular file (a pipe, socket or device): nothing to read"]
    written = json.loads((out / f"{legacy.name}.json").read_bytes())
    assert written["source"]["path"].endswith("k\ufffd ho\ufffdch.txt")
    assert "source-path-not-utf8" in [w["code"] for w in written["warnings"]]
    status, output = _run(str(folder), "--out", str(out))
    assert status == 0 and "2 documents: 0 written, 2 unchanged, 0 failed" in output, output


def test_files_of_no_format_read_under_a_folder_are_said_in_one_line(tmp_path):
    """Plans published as .doc or .xls beside the others are left out, and the run says so
    (hidden files and the output folder's own files are not counted)."""
    folder = tmp_path / "in"
    _plans(folder, 1)
    for name in ("old.doc", "form.xls", "scan.DOC", ".DS_Store"):
        (folder / name).write_bytes(b"\xd0\xcf\x11\xe0")
    status, output = _run(str(folder), "--out", str(folder / "out"))
    assert status == 0 and "1 documents: 1 written" in output, output
    assert [line for line in output.splitlines() if line.startswith("note:")] == [
        "note: 3 files of no format dtiplan reads were left out (.doc 2, .xls 1)"]
    status, output = _run(str(folder / "plan0.txt"), "--out", str(tmp_path / "out2"))
    assert status == 0 and "note:" not in output


def test_two_inputs_for_one_json_name_are_one_error_not_an_overwrite(tmp_path):
    first, = _plans(tmp_path / "a", 1)
    second, = _plans(tmp_path / "b", 1)
    inputs, clashes = find_inputs([first, second], tmp_path / "out")
    assert [i.source for i in inputs] == [first]
    assert clashes[0][0] == second and "plan0.txt.json" in clashes[0][1]


def test_unchanged_inputs_are_skipped_and_a_forced_rerun_is_byte_identical(tmp_path):
    paths = _plans(tmp_path / "in", 3)
    out = tmp_path / "out"
    assert _run(str(tmp_path / "in"), "--out", str(out))[0] == 0
    first = _jsons(out)
    report = (out / "report.html").stat().st_mtime_ns
    status, output = _run(str(tmp_path / "in"), "--out", str(out))
    assert status == 0 and "3 documents: 0 written, 3 unchanged, 0 failed" in output
    assert (out / "report.html").stat().st_mtime_ns == report  # nothing changed: views not rewritten
    paths[1].write_text(PLAN.format(n=99), encoding="utf-8")
    status, output = _run(str(tmp_path / "in"), "--out", str(out))
    assert "3 documents: 1 written, 2 unchanged, 0 failed" in output
    assert b"99/KH-UBND" in _jsons(out)["plan1.txt.json"]
    before = _jsons(out)
    assert _run(str(tmp_path / "in"), "--out", str(out), "--force")[0] == 0
    assert _jsons(out) == before and first.keys() == before.keys()


def test_an_interrupted_run_leaves_no_partial_file_and_the_next_resumes(tmp_path):
    """A run killed after two of four files: its log names those two (a torn last line is
    ignored), a half-written temporary JSON is swept, and the next run does only the rest."""
    _plans(tmp_path / "in", 4)
    out = tmp_path / "out"
    first_two = [tmp_path / "in" / "plan0.txt", tmp_path / "in" / "plan1.txt"]
    assert _run(*map(str, first_two), "--out", str(out))[0] == 0
    with (out / STATE_NAME).open("a", encoding="utf-8") as log:
        log.write('{"target": "plan2.txt.json", "sou')  # the kill came in the middle of a line
    (out / ".plan2.txt.json.x1y2.tmp").write_text('{"schema_version": "1", "sou', encoding="utf-8")
    status, output = _run(str(tmp_path / "in"), "--out", str(out))
    assert status == 0 and "4 documents: 2 written, 2 unchanged, 0 failed" in output
    assert not list(out.glob(".*.tmp"))
    assert sorted(load_state(out)) == ["plan0.txt.json", "plan1.txt.json", "plan2.txt.json", "plan3.txt.json"]


def test_any_exception_in_one_file_is_one_line_and_the_batch_goes_on(tmp_path, monkeypatch):
    import dtiplan.pipeline

    real = dtiplan.pipeline.process

    def flaky(path):
        if Path(path).name == "plan1.txt":
            return {}["a bug in one file's path"]
        return real(path)

    monkeypatch.setattr(dtiplan.pipeline, "process", flaky)  # the forked workers inherit it
    _plans(tmp_path / "in", 3)
    status, output = _run(str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert status == 1
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {tmp_path / 'in' / 'plan1.txt'}: internal error (KeyError: \"a bug in one file's path\")"]
    assert "Traceback" not in output and "3 documents: 2 written, 0 unchanged, 1 failed" in output
    status, output = _run(str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--debug")
    assert status == 1 and "Traceback" in output and "1 failed" in output  # failures are retried


def _sleep_or_die(task: str) -> str:
    if task == "stuck":
        time.sleep(60)
    if task == "crash":
        os._exit(3)
    return f"done {task}"


def test_a_stuck_file_is_stopped_and_a_dead_worker_replaced():
    started = time.monotonic()
    results = list(run_pool(["a", "stuck", "crash", "b", "c"], _sleep_or_die, jobs=2, timeout=2.0,
                            lost=lambda task, why: f"{task}: {why}"))
    assert time.monotonic() - started < 30
    assert sorted(results) == ["crash: the worker process died (exit status 3)", "done a", "done b", "done c",
                               "stuck: stopped after the 2 s time limit"]


def test_the_view_writer_forked_early_writes_what_the_parent_would(tmp_path):
    """The views written by the process forked before the pipeline (dtiplan.views) are the ones
    the parent writes itself; an unused writer leaves when closed."""
    _plans(tmp_path / "in", 2)
    out = tmp_path / "out"
    assert _run(str(tmp_path / "in"), "--out", str(out))[0] == 0
    views = {p.name: p.read_bytes() for p in (out / "comparison").glob("*.csv")}
    for path in (out / "comparison").glob("*.csv"):
        path.unlink()
    assert finish(None, out, 2) == []
    assert {p.name: p.read_bytes() for p in (out / "comparison").glob("*.csv")} == views and "matrix.csv" in views
    unused = start_view_writer()
    close(unused)
    assert not unused.process.is_alive()


def test_a_view_writer_that_cannot_load_the_views_says_so_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "dtiplan.report", None)  # the forked writer's import fails
    writer = start_view_writer()
    problems = finish(writer, tmp_path, 1)
    close(writer)
    assert len(problems) == 1 and "dtiplan.report" in problems[0] and "\n" not in problems[0]


def _workbook_cells(path: Path) -> dict[str, list[tuple]]:
    import openpyxl
    book = openpyxl.load_workbook(path, read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_the_workbook_written_beside_the_other_views_is_the_one_written_after_them(tmp_path):
    """The view writer forks a process for the workbook and writes the rest meanwhile: the
    same sheets and cells as the views written one after the other in one process."""
    _plans(tmp_path / "in", 2)
    out = tmp_path / "out"
    assert _run(str(tmp_path / "in"), "--out", str(out))[0] == 0
    beside = _workbook_cells(out / "comparison" / "comparison.xlsx")
    assert view_problems(out, 1) == []
    assert _workbook_cells(out / "comparison" / "comparison.xlsx") == beside and len(beside["rows"]) == 5
    assert not list(out.rglob("*.tmp"))


def test_a_workbook_writer_that_dies_is_one_line_and_the_other_views_are_written(tmp_path, monkeypatch):
    import dtiplan.views
    monkeypatch.setattr(dtiplan.views, "_serve_workbook", lambda conn, out_dir, folder: os._exit(3))
    _plans(tmp_path / "in", 1)
    out = tmp_path / "out"
    status, output = _run(str(tmp_path / "in"), "--out", str(out))
    assert status == 1 and "1 written" in output
    assert [line for line in output.splitlines() if line.startswith("error:")] == [
        f"error: {out / 'comparison'}: the workbook writer died (exit status 3)"], output
    assert (out / "comparison" / "matrix.csv").is_file() and (out / "report.html").is_file()
    assert not (out / "comparison" / "comparison.xlsx").exists()


def test_past_a_few_documents_the_workbook_is_written_after_the_other_views(tmp_path, monkeypatch):
    """Many documents: no second comparison (its memory grows with them), the workbook is
    written by the view writer itself (a forked workbook writer would die here)."""
    import dtiplan.views
    monkeypatch.setattr(dtiplan.views, "_serve_workbook", lambda conn, out_dir, folder: os._exit(3))
    monkeypatch.setattr(dtiplan.views, "WORKBOOK_BESIDE_UP_TO", 1)
    _plans(tmp_path / "in", 2)
    out = tmp_path / "out"
    status, output = _run(str(tmp_path / "in"), "--out", str(out))
    assert status == 0, output
    assert len(_workbook_cells(out / "comparison" / "comparison.xlsx")["rows"]) == 5


def test_a_view_that_cannot_be_written_is_one_line_and_the_exit_status(tmp_path):
    """The workbook cannot be written: one line, the exit status, and the other views still written."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plan.txt").write_text(PLAN.format(n=8), encoding="utf-8")
    out = tmp_path / "out"
    (out / "comparison").mkdir(parents=True)
    (out / "comparison" / "comparison.xlsx").mkdir()  # a folder where the workbook goes
    status, output = _run(str(folder), "--out", str(out))
    assert status == 1 and "1 written" in output
    assert [line for line in output.splitlines() if line.startswith("error:")] == [
        f"error: {out / 'comparison'}: Is a directory"], output
    assert (out / "comparison" / "matrix.csv").is_file() and (out / "report.html").is_file()


def test_progress_line_on_a_terminal_only():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    progress = Progress(4, stream=screen)
    progress.advance(failed=False)
    progress.print("error: x.pdf: damaged PDF")
    progress.advance(failed=True)
    assert "error: x.pdf: damaged PDF\n" in screen.getvalue()
    assert progress.line().startswith("[2/4]  1 failed") and "files/s" in progress.line() and "left" in progress.line()
    piped = io.StringIO()
    quiet = Progress(4, stream=piped)
    quiet.advance(failed=False)
    quiet.close()
    assert piped.getvalue() == ""


def test_a_stop_as_the_temporary_json_is_created_leaves_no_file(tmp_path, monkeypatch):
    """A worker's SIGTERM (its time limit, or Ctrl-C) is handled the moment the open that
    creates the temporary JSON returns: the file exists and the writer has no handle on it yet.
    Its name was known before, so it is removed all the same."""
    import dtiplan.pipeline as pipeline

    def created_then_stopped(path, *args, **kwargs):
        open(path, *args, **kwargs).close()
        raise SystemExit(143)

    monkeypatch.setattr(pipeline, "open", created_then_stopped, raising=False)
    with pytest.raises(SystemExit):
        pipeline.write_json({"rows": []}, tmp_path / "plan.json")
    assert list(tmp_path.iterdir()) == []


def test_sweep_removes_only_temporary_files(tmp_path):
    """What a killed process left: a JSON's or a view's temporary file, named as this version
    names them (`.NAME.PID.tmp`) or as earlier ones did (mkstemp's random part)."""
    (tmp_path / "comparison").mkdir()
    for left in (".a.pdf.json.k3j.tmp", ".a.pdf.json.4711.tmp", "comparison/.comparison.xlsx.4711.tmp"):
        (tmp_path / left).write_text("{", encoding="utf-8")
    for kept in ("a.pdf.json", ".dtiplan-state.jsonl", "comparison/rows.csv", "notes.tmp"):
        (tmp_path / kept).write_text("{}", encoding="utf-8")
    sweep_partial_files(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        ".dtiplan-state.jsonl", "a.pdf.json", "comparison/rows.csv", "notes.tmp"]


def test_help_loads_neither_spacy_nor_pandas():
    code = ("import sys; from click.testing import CliRunner; from dtiplan.cli import main; "
            "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0, r.output; "
            "print(sorted(m for m in ('spacy', 'pandas', 'duckdb', 'pdfplumber', 'docx', 'fastjsonschema') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "[]", done.stderr


@pytest.mark.parametrize("command", sorted(LAZY_COMMANDS))
def test_lazy_commands_answer_help_and_are_listed_with_their_own_help_line(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    loaded = main.get_command(None, command)
    assert loaded.help.strip().splitlines()[0] == LAZY_COMMANDS[command][1]


def test_ctrl_c_stops_the_run_cleanly_and_the_next_run_resumes(tmp_path):
    """Ctrl-C after the first JSON (a whole seed plan, the largest file, is read first), while
    the small plans are being read (forty of them: a second or more of work left, so that the
    signal lands among them however fast they are read): exit 130, no partial file, and the
    next run does only what was left."""
    import shutil
    import signal
    small = len(_plans(tmp_path / "in", 40))
    shutil.copyfile(ROOT / "corpus" / "004_5925669e95529bd1.txt", tmp_path / "in" / "plan1b.txt")
    out = tmp_path / "out"
    command = [sys.executable, "-c", "from dtiplan.cli import main; main()", "run", str(tmp_path / "in"),
               "--out", str(out), "--jobs", "1"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    state = out / STATE_NAME
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (state.is_file() and state.read_text(encoding="utf-8").count("\n") >= 1):
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    stderr = process.communicate(timeout=60)[1]
    assert process.returncode == 130 and "interrupted after" in stderr and "Traceback" not in stderr, stderr
    assert not list(out.rglob("*.tmp"))
    logged = list(load_state(out))
    assert "plan1b.txt.json" in logged and len(logged) < small + 1
    done = [target for target in logged if target != "plan1b.txt.json"]
    status, output = _run(str(tmp_path / "in"), "--out", str(out))  # the seed plan is not read again
    assert status == 0, output
    assert f"{small + 1} documents: {small - len(done)} written, {1 + len(done)} unchanged, 0 failed" in output


def test_a_control_character_in_a_documents_text_does_not_stop_the_workbook(tmp_path):
    """A NUL past the text reader's first 4 KB check reaches the JSON (legal there); the XLSX
    writer would refuse the cell, so the workbook drops it and the views are written."""
    folder = tmp_path / "in"
    folder.mkdir()
    filler = "Căn cứ Kế hoạch chuyển đổi số của tỉnh.\n" * 120
    task = "Sở Tài chính chủ trì, phối hợp với Sở Nội vụ triển\x00khai nền tảng số dùng chung cho toàn tỉnh.\n"
    (folder / "plan.txt").write_text(PLAN.format(n=7) + filler + task, encoding="utf-8")
    status, output = _run(str(folder), "--out", str(tmp_path / "out"))
    assert status == 0, output
    assert "\\u0000" in (tmp_path / "out" / "plan.txt.json").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "comparison" / "comparison.xlsx").is_file()


def test_a_batch_of_text_plans_never_loads_the_pdf_reader(tmp_path):
    """The parent warms up only the readers of the formats its inputs have."""
    (tmp_path / "plan.txt").write_text(PLAN.format(n=8), encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    assert file_format(tmp_path / "plan.txt") == "text" and file_format(tmp_path / "scan.pdf") == "pdf"
    assert file_format(tmp_path / "missing.txt") is None
    loaded = subprocess.run([sys.executable, "-c", "import sys; from dtiplan.pipeline import warm_up; "
                             "warm_up({'text'}); print('pdfplumber' in sys.modules, 'docx' in sys.modules)"],
                            capture_output=True, text=True, check=True)
    assert loaded.stdout.split() == ["False", "False"]


def test_a_rerun_with_nothing_new_loads_neither_the_pipeline_nor_the_views(tmp_path):
    """Resuming a finished run costs its start only: no spaCy, no pandas or DuckDB."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plan.txt").write_text(PLAN.format(n=8), encoding="utf-8")
    assert CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--jobs", "1"]).exit_code == 0
    code = ("import sys; from dtiplan.batch import run_batch, BatchOptions; from pathlib import Path; "
            f"s = run_batch([Path({str(tmp_path / 'in')!r})], Path({str(tmp_path / 'out')!r}), BatchOptions()); "
            "print(s.unchanged, sorted(m for m in ('spacy', 'pandas', 'duckdb') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "1 []", done.stderr


def test_tasks_run_largest_file_first_so_the_workers_finish_together(tmp_path):
    from dtiplan.batch import Task, largest_first

    sizes = {"small.txt": 10, "big.txt": 1000, "mid.txt": 100}
    for name, size in sizes.items():
        (tmp_path / name).write_text("x" * size, encoding="utf-8")
    tasks = [Task(tmp_path / name, tmp_path / f"{name}.json", f"{name}.json", "") for name in [*sizes, "gone.txt"]]
    assert [t.source.name for t in largest_first(tasks)] == ["big.txt", "mid.txt", "small.txt", "gone.txt"]


def test_the_command_line_keeps_numpy_to_one_blas_thread_unless_told_otherwise():
    code = "import os, dtiplan.cli; print(os.environ['OPENBLAS_NUM_THREADS'])"
    default = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                             env={k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"})
    chosen = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "OPENBLAS_NUM_THREADS": "4"})
    assert (default.stdout.strip(), chosen.stdout.strip()) == ("1", "4")


def test_the_pipeline_loaded_before_forking_is_frozen_out_of_the_collector():
    seen = []
    try:
        prepare_to_share(lambda: seen.append((gc.isenabled(), [object()])))
        assert seen[0][0] is False and gc.isenabled()
        assert gc.get_freeze_count() > 0  # what it loaded is out of the collector's generations
    finally:
        gc.unfreeze()
