"""normalize.text: markup stripped (plain text passed through as it is), one-line forms remembered."""
import html
import os
from pathlib import Path

from normalize import text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _every_step(value: str) -> str:
    """strip_markup without its shortcut for text with no markup sign: every step applied."""
    value = text._BLOCK_TAG.sub("\n", value)
    value = text._ANY_TAG.sub("", value)
    value = html.unescape(value)
    value = text._LATEX_TEXT.sub(r"\1", value)
    value = text._LATEX_FRAC.sub(r"\1/\2", value)
    for latex, plain in text._LATEX_IN_ORDER:
        value = value.replace(latex, plain)
    return text._MARKDOWN_EMPHASIS.sub("", value.replace("$", ""))


def test_each_kind_of_markup_is_stripped():
    assert text.strip_markup("<p>Sở Nội vụ</p><br>UBND &amp; <i>các</i> xã") == "\nSở Nội vụ\n\nUBND & các xã"
    assert text.strip_markup(r"$\geq 80\%$ và $\frac{a}{b}$, $\text{Điểm tối đa}$") == "≥ 80% và a/b, Điểm tối đa"
    assert text.strip_markup("**Chỉ số** __1.1__") == "Chỉ số 1.1"
    assert text.strip_markup("Tỷ lệ<95%") == "Tỷ lệ<95%"


def test_plain_text_is_what_every_step_gives():
    lines = [line for path in sorted(CORPUS.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]
    lines += ["a < b", "A&B", "x_y", "5 * 3", r"\ge", "$", "Sở Tài chính"]
    assert len(lines) > 1000
    for line in lines:
        assert text.strip_markup(line) == _every_step(line), line


def test_one_line_remembers_cells_up_to_its_long_memo_length():
    cell = "Tỷ lệ hồ sơ\n được xử lý  trực tuyến; " * 12
    huge = cell * 10
    assert text._MEMO_LENGTH < len(cell) <= text._MEMO_LENGTH_LONG < len(huge)
    held = text._one_line_long.cache_info().currsize
    assert text.one_line(cell) == " ".join(text.clean_lines(cell))
    assert text._one_line_long.cache_info().currsize == held + 1
    assert text.one_line(huge) == " ".join(text.clean_lines(huge))
    assert text._one_line_long.cache_info().currsize == held + 1  # never held


def test_storable_turns_a_file_names_undecodable_bytes_into_replacement_characters():
    """A name in a legacy code page reaches Python as lone surrogates (os.fsdecode), which UTF-8
    cannot store: those bytes become U+FFFD, the rest of the name stays as it is."""
    from normalize.text import storable

    name = os.fsdecode("Kế hoạch ".encode() + b"\xe0\xe8.txt")
    assert storable(name) == "Kế hoạch \ufffd\ufffd.txt"
    assert storable("Kế hoạch số 18.txt") == "Kế hoạch số 18.txt"
    assert storable("\ud800x") == "?x"  # a surrogate no name decodes to
