"""Vietnamese-aware normalisation of indicator names.

Plans word the same indicator differently: abbreviations (DVCTT, CCVC, KH&CN),
recurring typos ("chuyên đổi số"), old/new tone placement ("uỷ"/"ủy"), lost
diacritics (scraped or typed without Telex), lost spaces ("Nhậnthứcsố"), a decision
number inside the name, numbers and units written another way ("1.000 dân",
"1Gbps"), reordered phrases, and a count ("Số lượng X") where the framework names
the rate ("Tỷ lệ X"). The vocabularies live in `data/abbreviations.json`; this module
only applies them, the same way to a catalog name and to a row's name; how alike two
names are is catalog/likeness.py's.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from normalize.text import fold, nfc, strip_markup

DATA = Path(__file__).parent / "data"
PUNCT = re.compile(r"[^\w%&./]+")
_SPACES = re.compile(r"\s+")
# Reporting forms date what they ask for ("Giá trị tăng thêm của kinh tế số năm 2022");
# the year of the data is not part of the measure's name.
_DATA_YEAR = re.compile(r"\b(?:năm|trong năm)\s+(?:19|20)\d\d\b")
# Units in parentheses after an input ("(tỷ đồng)") are not part of its name either.
_UNIT = re.compile(r"\((?:tỷ đồng|triệu đồng|đồng|người|hộ|%)\)")
# A leading measure word ("Tỷ lệ", "Số lượng", "Tỷ trọng", "Số") names how a quantity is
# reported, not what it is: reporting forms ask for the count of what the framework rates.
_MEASURE_HEAD = re.compile(r"^(?:tỷ lệ|tỷ trọng|số lượng|số)\s+")
# A legal document cited inside a name ("theo Thông tư số 12/2022/TT-BTTTT ngày 24/4/2017"):
# offices cite the version they work under, so the number and date say nothing of the measure.
_DECISION_NUMBER = re.compile(
    r"(?:\bsố\s+)?\b\d{1,5}\s*/\s*(?:\d{4}\s*/\s*)?[a-zđ]{1,6}(?:\s*-\s*[a-zđ0-9]{1,10})+"
    r"(?:\s*,?\s*ngày\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})?")
# Thousands written with a dot or a space ("1.000 dân", "10 000"): one number.
_THOUSANDS = re.compile(r"(?<=\d)[. ](?=\d{3}(?!\d))")
# A number written with leading zeros ("05 năm", "Kế hoạch 01"): the same number.
_LEADING_ZEROS = re.compile(r"(?<![\d.,/])0+(?=\d)")
# A number glued to its unit ("1Gb/s", "100dân"): two tokens, as the frameworks print them.
_NUMBER_UNIT = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return json.loads((DATA / "abbreviations.json").read_text(encoding="utf-8"))


def _whole_words(table: dict[str, str]) -> tuple[re.Pattern, dict[str, str]]:
    """One alternation over a phrase table, longest first, never inside a longer word."""
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")
    return pattern, table


@lru_cache(maxsize=None)
def _phrase_table(section: str) -> tuple[re.Pattern, dict[str, str]]:
    """A vocabulary section as one pattern; abbreviations also in their diacritic-less spelling
    (CĐS typed as CDS), since offices type them either way."""
    table = {key.casefold(): value.casefold() for key, value in vocabulary()[section].items()}
    if section == "abbreviations":
        table = {**{fold(k): v for k, v in table.items()}, **table}
    return _whole_words(table)


def _apply(section: str, text: str) -> str:
    pattern, table = _phrase_table(section)
    return pattern.sub(lambda m: table[m.group(1)], text)


_GLOSS = re.compile(r"\s*\(([^()]*)\)")


def _drop_repeated_gloss(text: str) -> str:
    """'dịch vụ công trực tuyến (dịch vụ công trực tuyến)' -> without the gloss: once an
    abbreviation in parentheses is expanded it repeats the words before it."""
    def keep(m: re.Match) -> str:
        inner = m.group(1).strip()
        return "" if inner and text[:m.start()].rstrip().endswith(inner) else m.group(0)
    return _GLOSS.sub(keep, text)


def _numbers_and_units(text: str) -> str:
    """'1.000 dân' -> '1000 dân', '05 năm' -> '5 năm', '1gbps' -> '1 gb/s': numbers and units spelt one way."""
    text = _NUMBER_UNIT.sub(" ", _LEADING_ZEROS.sub("", _THOUSANDS.sub("", text)))
    return _apply("units", text)


@lru_cache(maxsize=8192)
def normalise(name: str) -> str:
    """Lower-case NFC name with abbreviations expanded, typos fixed, decision numbers,
    numbers and units neutralised, punctuation dropped."""
    text = nfc(strip_markup(name or "")).casefold()
    text = _DECISION_NUMBER.sub(" ", _apply("typos", text))
    text = _drop_repeated_gloss(_apply("abbreviations", text))
    text = _numbers_and_units(_apply("equivalents", text))
    text = _UNIT.sub(" ", _DATA_YEAR.sub(" ", text))
    text = PUNCT.sub(" ", text).replace("/", " / ")
    return _SPACES.sub(" ", text).strip(" .")


def without_measure_head(normalised: str) -> str:
    return _MEASURE_HEAD.sub("", normalised)


_RATE_HEAD = re.compile(r"^(?:tỷ lệ|tỷ trọng)\b")
_COUNT_HEAD = re.compile(r"^(?:số lượng|tổng số|số)\b")


def measure_kind(normalised: str) -> str:
    """'rate', 'count' or 'other' (a task, a checklist item), read from the leading words."""
    if _RATE_HEAD.match(normalised):
        return "rate"
    return "count" if _COUNT_HEAD.match(normalised) else "other"
