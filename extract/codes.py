"""Row codes (the STT column): what looks like one, and what may follow another.

Indicator tables number rows hierarchically: pillars `1`, indicators `1.1`, sub-indicators
`5.12.1`, `8.8.1.1`; lettered components `a`, `b`; reporting forms number sections with
roman numerals `I`, `II` and rows `1`, `2`. Readers of scraped text use these shapes to
find where a row starts when the text does not mark it.
"""
from __future__ import annotations

import re

DOTTED = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,4}\.?$")
ROMAN = re.compile(r"^(?=[IVXL])M{0,2}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\.?$")
LETTER = re.compile(r"^[a-zđ][).]?$")


def clean_code(text: str) -> str:
    return re.sub(r"\s+", "", text or "").rstrip(".")


def is_dotted(text: str) -> bool:
    return bool(DOTTED.match(clean_code(text)))


def is_roman(text: str) -> bool:
    code = clean_code(text)
    return bool(code) and bool(ROMAN.match(code))


def is_letter(text: str) -> bool:
    return bool(LETTER.match((text or "").strip()))


def is_code(text: str) -> bool:
    """A whole cell that is a row code: dotted number, roman numeral or a single letter."""
    text = (text or "").strip()
    return bool(text) and (is_dotted(text) or is_roman(text) or is_letter(text))


def parts(code: str) -> tuple[int, ...] | None:
    code = clean_code(code)
    if not DOTTED.match(code):
        return None
    return tuple(int(p) for p in code.split("."))


def follows(previous: str, candidate: str) -> bool:
    """Whether `candidate` can be the code of the row after the row coded `previous`.

    Tables skip codes (appraisal tables list only the indicators that lost points) but
    never go backwards: the next code is a first child (`4.6` -> `4.6.1`), a later sibling
    (`4.5` -> `4.7`), or the next sibling of an ancestor (`4.11` -> `5`, `5.12.6` -> `5.13`).
    A bare number far from the row's own code (`10` after `1.3`) is a value, not a code.
    """
    prev, cand = parts(previous), parts(candidate)
    if prev is None or cand is None:
        return False
    if cand == prev + (1,):
        return True
    depth = len(cand)
    if depth > len(prev) or cand[:-1] != prev[: depth - 1]:
        return False
    step = cand[-1] - prev[depth - 1]
    # a sibling may skip a few codes; an ancestor's sibling is the very next one
    return 0 < step <= (9 if depth == len(prev) else 1)
