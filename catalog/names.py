"""Vietnamese-aware normalisation and similarity of indicator names.

Plans word the same indicator differently: abbreviations (DVCTT, CCVC, KH&CN),
recurring typos ("chuyên đổi số"), old/new tone placement ("uỷ"/"ủy"), lost
diacritics (scraped or typed without Telex), reordered phrases, and a count
("Số lượng X") where the framework names the rate ("Tỷ lệ X"). The vocabularies
live in `data/abbreviations.json`; this module only applies them.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from normalize.text import fold, nfc, strip_markup

DATA = Path(__file__).parent / "data"
_PUNCT = re.compile(r"[^\w%&./]+")
_SPACES = re.compile(r"\s+")
# Reporting forms date what they ask for ("Giá trị tăng thêm của kinh tế số năm 2022");
# the year of the data is not part of the measure's name.
_DATA_YEAR = re.compile(r"\b(?:năm|trong năm)\s+(?:19|20)\d\d\b")
# Units in parentheses after an input ("(tỷ đồng)") are not part of its name either.
_UNIT = re.compile(r"\((?:tỷ đồng|triệu đồng|đồng|người|hộ|%)\)")
# A leading measure word ("Tỷ lệ", "Số lượng", "Tỷ trọng", "Số") names how a quantity is
# reported, not what it is: reporting forms ask for the count of what the framework rates.
_MEASURE_HEAD = re.compile(r"^(?:tỷ lệ|tỷ trọng|số lượng|số)\s+")


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return json.loads((DATA / "abbreviations.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _abbreviation_pattern() -> tuple[re.Pattern, dict[str, str]]:
    table = {key.casefold(): value for key, value in vocabulary()["abbreviations"].items()}
    keys = sorted(table, key=len, reverse=True)
    # whole words only: an abbreviation is never part of a longer word
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")
    return pattern, table


def _replace_phrases(text: str, table: dict[str, str]) -> str:
    for wrong, right in sorted(table.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(r"(?<!\w)" + re.escape(wrong.casefold()) + r"(?!\w)", right, text)
    return text


@lru_cache(maxsize=4096)
def normalise(name: str) -> str:
    """Lower-case NFC name with abbreviations expanded, typos fixed, punctuation dropped."""
    text = nfc(strip_markup(name or "")).casefold()
    vocab = vocabulary()
    text = _replace_phrases(text, vocab["typos"])
    pattern, table = _abbreviation_pattern()
    text = pattern.sub(lambda m: table[m.group(1)], text)
    text = _replace_phrases(text, vocab["equivalents"])
    text = _UNIT.sub(" ", _DATA_YEAR.sub(" ", text))
    text = _PUNCT.sub(" ", text).replace("/", " / ")
    return _SPACES.sub(" ", text).strip(" .")


def without_measure_head(normalised: str) -> str:
    return _MEASURE_HEAD.sub("", normalised)


def _pair_score(a: str, b: str) -> float:
    """Mean of a character-level and a syllable-level likeness (each order-insensitive).

    Characters forgive small misspellings; syllables keep one changed word from looking
    alike ("hóa đơn điện tử" is not "hợp đồng điện tử", though their letters nearly are).
    """
    if not a or not b:
        return 0.0
    chars = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)) / 100.0
    ta, tb = a.split(), b.split()
    syllables = max(fuzz.ratio(ta, tb), fuzz.ratio(sorted(ta), sorted(tb))) / 100.0
    return (chars + syllables) / 2


# Penalties keep an exact reading ahead of a looser one that happens to score the same.
FOLDED_PENALTY = 0.98
HEADLESS_PENALTY = 0.96


def similarity(a: str, b: str) -> float:
    """0..1 likeness of two normalised names: as written, without diacritics, without measure word."""
    best = _pair_score(a, b)
    if best < 1.0:
        best = max(best, FOLDED_PENALTY * _pair_score(fold(a), fold(b)))
    head_a, head_b = without_measure_head(a), without_measure_head(b)
    if (head_a, head_b) != (a, b):
        best = max(best, HEADLESS_PENALTY * _pair_score(fold(head_a), fold(head_b)))
    return best
