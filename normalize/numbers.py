"""Numbers in table cells as Vietnamese plans print them.

Conventions handled (GOLD.md: '15,75' is 15.75):
- a comma is the decimal separator ('15,75', '0,005');
- a dot is a thousands separator when every dot is followed by exactly three digits and
  the number does not start with '0.' ('1.000', '1.000.000', '1.234,5'); otherwise a dot
  is a decimal point, as appraisal tables print it ('6.36', '0.005'). So '6.360' reads
  6360: the three-digit rule wins;
- a comma followed by three digits is still a decimal comma ('1,000' is 1), except in a
  run of two or more such groups ('1,000,000'), which only a thousands reading explains.
A cell counts only when it *is* a number: optionally signed, optionally followed by '%'
and a few unit words ('0,5 tỷ', '20 điểm', '80 %'), which are ignored — the value is not
scaled by the unit ('0,5 tỷ' is 0.5). A number inside running text gives None.
Integral values come back as int ('200' -> 200, '15,0' -> 15).
"""
from __future__ import annotations

import re

from normalize.text import one_line

Number = int | float

_NUMBER = (
    r"(?:[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?"  # dot thousands, optional decimal comma
    r"|\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?"  # comma thousands: two or more groups
    r"|\d+(?:[.,]\d+)?)"  # plain, decimal comma or decimal dot
)
_SIGN = r"[-+−]?"
# Unit / qualifier words around a value: letters only ('tỷ đồng', 'điểm', 'trở lên').
_WORD = r"[^\W\d_]+(?:/[^\W\d_]+)?"
_UNIT = rf"(?:{_WORD}(?:\s+{_WORD}){{0,2}})?"
_NUMBER_CELL = re.compile(rf"^(?P<value>{_SIGN}{_NUMBER})\s*%?\s*{_UNIT}$")
_POINTS_CELL = re.compile(rf"^(?P<value>{_SIGN}{_NUMBER})\s*/\s*(?P<of>{_NUMBER})\s*{_UNIT}$")
# A target: optional leading qualifier words ('Tối thiểu', 'Đạt', 'Từ'), optional
# comparison sign, a number or 'x/y', optional '%' and trailing words ('trở lên').
_TARGET_CELL = re.compile(
    rf"^(?:{_WORD}\s+){{0,3}}?(?P<op>>=|=>|≥|⩾|<=|=<|≤|⩽|>|<|=)?\s*"
    rf"(?P<value>{_SIGN}{_NUMBER})(?:\s*/\s*{_NUMBER})?\s*%?\s*{_UNIT}$"
)
_AT_LEAST = {">=", "=>", "≥", "⩾"}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _cell(text: str | None) -> str:
    if text is None:
        return ""
    return one_line(str(text)).strip().rstrip(".;,").strip()


def _value(printed: str) -> Number:
    """One matched number (see module docstring for the separator rules)."""
    printed = printed.replace("−", "-")
    if re.fullmatch(r"[-+]?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?", printed):
        printed = printed.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[-+]?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?", printed):
        printed = printed.replace(",", "")
    else:
        printed = printed.replace(",", ".")
    value = float(printed)
    return int(value) if value.is_integer() else value


def parse_number(text: str | None) -> Number | None:
    """The number a cell prints ('15,75' -> 15.75, '1.000' -> 1000, '-6' -> -6, '80%' -> 80,
    '0,5 tỷ' -> 0.5); None for a blank, '-', text, or a number inside running text."""
    match = _NUMBER_CELL.match(_cell(text))
    return _value(match.group("value")) if match else None


def parse_points(text: str | None) -> tuple[Number | None, Number | None]:
    """Points printed 'x/y' -> (x, y); a single number -> (x, None); else (None, None)."""
    cell = _cell(text)
    match = _POINTS_CELL.match(cell)
    if match:
        return _value(match.group("value")), _value(match.group("of"))
    return parse_number(cell), None


def parse_target(text: str | None) -> tuple[Number | None, str | None]:
    """A target cell -> (value, op).

    '>=80%' / '≥ 80%' -> (80, '>='); '90%' -> (90, None); '16/20' -> (16, None): the
    points reached, not the maximum. Leading qualifier words and trailing words are
    allowed ('Tối thiểu 80%', 'Trên 80%', 'Từ 80% trở lên' -> (80, None)). Per GOLD.md
    `target_op` is '>=' only where the cell prints ≥ or >=, so words ('tối thiểu',
    'trên') and other signs ('>', '≤', '<') give op None — the value is still read.
    """
    match = _TARGET_CELL.match(_cell(text))
    if not match:
        return None, None
    op = ">=" if match.group("op") in _AT_LEAST else None
    return _value(match.group("value")), op


def parse_year(text: str | None) -> int | None:
    """The first four-digit year (1900-2099) in a header: 'Điểm năm 2024' -> 2024; None if none.
    A range ('2025-2027') gives its first year."""
    match = _YEAR.search(_cell(text))
    return int(match.group(1)) if match else None
