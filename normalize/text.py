"""Text clean-up shared by every stage: Unicode form, inline markup, whitespace."""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

# Cells converted from PDF to markdown carry inline HTML (<p>, <ul><li>, <i>, <br>).
# Block-level tags become line breaks so that bullet items stay apart; inline tags go.
_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|br|div|tr)\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")  # a tag starts with a name: "Tỷ lệ<95%" is text
# ... and LaTeX from the same converter: "$\geq 80\%$", "$1/2 * \text{Điểm tối đa}$".
_LATEX_SYMBOLS = {
    r"\geq": "≥", r"\ge": "≥", r"\leq": "≤", r"\le": "≤", r"\times": "*", r"\cdot": "*",
    r"\%": "%", r"\neq": "≠", r"\lt": "<", r"\gt": ">",
}
# Longest first: \geq is replaced before \ge could take its start.
_LATEX_IN_ORDER = tuple(sorted(_LATEX_SYMBOLS.items(), key=lambda kv: -len(kv[0])))
_LATEX_TEXT = re.compile(r"\\(?:text|mathrm|textbf|mathbf)\{([^{}]*)\}")
_LATEX_FRAC = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}")
_MARKDOWN_EMPHASIS = re.compile(r"\*\*|__")
# Every step of strip_markup needs one of these to change anything (a tag '<', an entity '&',
# LaTeX '\\' or '$', emphasis '*' or '_'); most lines of a plan have none of them.
_MARKUP_SIGNS = "<&\\$*_"
_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200b\u3000]+")
# Short strings (words, names, cells) recur thousands of times per document: their folds and
# one-line forms are remembered; long texts are computed each time and never held.
_MEMO_LENGTH = 200
# Longer cells and paragraphs recur as well (classification, rows and the catalog each read a
# cell's one-line form) but are fewer and larger: a smaller memo holds those up to this length.
_MEMO_LENGTH_LONG = 2000


def storable(text: str) -> str:
    """Text as UTF-8 can store it. Python carries the bytes of a file name that are not UTF-8
    (a name copied from an older system in a legacy code page) as lone surrogates, which no
    UTF-8 file can hold: those bytes become U+FFFD."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate no file name decodes to
        return text.encode("utf-8", "replace").decode("utf-8")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def strip_markup(text: str) -> str:
    """Inline HTML, LaTeX and markdown emphasis to plain text, keeping line breaks."""
    if not any(sign in text for sign in _MARKUP_SIGNS):
        return text
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = html.unescape(text)
    text = _LATEX_TEXT.sub(r"\1", text)
    text = _LATEX_FRAC.sub(r"\1/\2", text)
    for latex, plain in _LATEX_IN_ORDER:
        text = text.replace(latex, plain)
    text = text.replace("$", "")
    return _MARKDOWN_EMPHASIS.sub("", text)


def clean_lines(text: str) -> list[str]:
    """Non-empty lines, each with its inner whitespace collapsed."""
    out = []
    for line in nfc(strip_markup(text)).split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line:
            out.append(line)
    return out


def one_line(text: str) -> str:
    """A cell's text as one line: breaks joined by single spaces (GOLD: 'line breaks joined')."""
    if len(text) <= _MEMO_LENGTH:
        return _one_line_short(text)
    return _one_line_long(text) if len(text) <= _MEMO_LENGTH_LONG else _one_line(text)


@lru_cache(maxsize=1 << 16)
def _one_line_short(text: str) -> str:
    return _one_line(text)


@lru_cache(maxsize=1 << 10)
def _one_line_long(text: str) -> str:
    return _one_line(text)


def _one_line(text: str) -> str:
    return " ".join(clean_lines(text))


def as_printed(text: str) -> str | None:
    """A name/reason/note as printed: one line, no trailing punctuation; None when blank."""
    value = one_line(text).rstrip(" .;:,")
    return value or None


def fold(text: str) -> str:
    """Case- and diacritic-insensitive key for vocabulary look-ups (đ folds to d)."""
    return _fold_short(text) if len(text) <= _MEMO_LENGTH else _fold(text)


@lru_cache(maxsize=1 << 16)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    text = nfc(text).casefold().replace("đ", "d")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text).strip()
