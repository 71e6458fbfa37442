"""normalize.text.strip_markup: inline HTML, LaTeX and emphasis out; plain text passed through."""
import html
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
