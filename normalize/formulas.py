"""Scoring guidelines of DTI indicators ("Cách tính điểm", "Hướng dẫn") as structured rules.

A guideline cell defines variables (a = ..., b = ...), a rate ("Tỷ lệ = a/b") and how points
follow from it. `parse_formula` reads the cell into a `Formula` (rule taxonomy: see
/work/shared/spec/GOLD.md, section `formula`); `evaluate` computes points from inputs.

Matching works on a folded copy of the text (case and diacritics removed, same length as
the original, so positions found there cut the original text too). Words come from
data/formula_vocab.json; comparators, numbers and arithmetic are handled here.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from normalize.text import clean_lines, fold

RULES = (
    "proportional", "threshold", "all_or_nothing", "binary", "tiers",
    "checklist", "min_max", "per_item", "sum_of_parts",
)


@dataclass
class Formula:
    text: str
    variables: dict[str, str] = field(default_factory=dict)
    ratio: str | None = None
    rule: str | None = None
    threshold: float | int | None = None
    period_thresholds: list[dict] = field(default_factory=list)
    # checklist: the items ({text, share[, ratio, rule]}); tiers: the levels
    # ({text, share[, min, below, unit]}); per_item: [{text, points}]. Shares are fractions of max.
    parts: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "text": self.text, "variables": dict(self.variables), "ratio": self.ratio,
            "rule": self.rule, "threshold": self.threshold,
            "period_thresholds": [dict(p) for p in self.period_thresholds],
            "parts": [dict(p) for p in self.parts],
        }


# ---------------------------------------------------------------- vocabulary -> patterns

_NUM = r"\d+(?:[.,]\d+)?"
_MUL = r"(?:[*×]|\bx\b)"
_GE_SIGNS = ["≥", ">=", "=>", "≧", ">"]
_LT_SIGNS = ["≤", "<=", "=<", "<"]


def _alt(phrases: list[str]) -> str:
    """Folded phrases as one regex alternation, longest first (so 'tu' never eats 'tu ... tro len')."""
    folded = sorted({fold(p) for p in phrases}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s*") for p in folded) + ")"


@dataclass(frozen=True)
class _Patterns:
    vocab: dict
    rate: str
    max: str
    share_fraction: re.Pattern
    share_fraction_after: re.Pattern
    share_percent: re.Pattern
    share_full: re.Pattern
    share_zero: re.Pattern
    upper: re.Pattern
    lower: re.Pattern
    divisor: re.Pattern
    scaled: re.Pattern
    ratio_start: re.Pattern
    sum_of_parts: re.Pattern
    min_max: re.Pattern
    per_item: re.Pattern
    item_sum: re.Pattern
    period: re.Pattern
    level_bound: re.Pattern
    level_below: re.Pattern
    explanation: re.Pattern


@cache
def _patterns() -> _Patterns:
    path = Path(__file__).parent / "data" / "formula_vocab.json"
    vocab = json.loads(path.read_text(encoding="utf-8"))
    rate, mx = _alt(vocab["rate_words"]), _alt(vocab["max_points_words"])
    point = _alt([vocab["points_word"]])
    ge = "(?:" + "|".join(re.escape(s) for s in _GE_SIGNS) + "|" + _alt(vocab["ge_words"]) + r"\b)"
    eq = r"(?:=(?!>)|" + _alt(vocab["eq_words"]) + r"\b)"
    lt = "(?:" + "|".join(re.escape(s) for s in _LT_SIGNS) + "|" + _alt(vocab["lt_words"]) + r"\b)"
    cond = _alt(vocab["condition_words"])
    cond_end = _alt(vocab["condition_end_words"])
    # A branch opens after a bullet, a colon, '=', '(' or 'thì': "- Đã có: Điểm tối đa".
    opener = rf"(?:^|[:(+;\-–=]|\b{_alt(vocab['branch_opener_words'])}\b)"
    joiner = _alt(vocab["amount_joiner_words"])
    period_start, period_range = _alt(vocab["period_start_words"]), _alt(vocab["period_range_words"])
    return _Patterns(
        vocab=vocab, rate=rate, max=mx,
        # "1/2*Điểm tối đa", "$1/2 \times$ Điểm tối đa", "1/2 điểm tối đa"
        share_fraction=re.compile(rf"(?<![\d/.,])(\d+)\s*/\s*(\d+)\s*{_MUL}?\s*{mx}"),
        # "Điểm tối đa * 1/2"
        share_fraction_after=re.compile(rf"{mx}\s*{_MUL}\s*(\d+)\s*/\s*(\d+)(?!\s*%)"),
        # "70% điểm", "100% điểm phần này", "(70% điểm)" -- not "Tỷ lệ/50%*Điểm tối đa"
        share_percent=re.compile(rf"(?<![\d.,/])(?<!/\s)({_NUM})\s*%\s*{_MUL}?\s*{point}"),
        # a branch whose points are the whole maximum: ": Điểm tối đa", "(điểm tối đa)"
        share_full=re.compile(rf"{opener}\s*{mx}(?!\s*(?:[*×/]|\bx\b))"),
        # "0 điểm", ": 0", "+ 0 nếu ..."
        share_zero=re.compile(rf"{opener}\s*0\s*(?:%\s*)?(?:{point}|{cond}\b|[;.)]|$)"),
        # a rate condition that opens a branch: "Tỷ lệ ≥ 80%:", "nếu tỷ lệ = 100%"
        upper=re.compile(
            rf"(?P<cond>{cond}\s+)?{rate}\s*(?P<op>{ge}|{eq})\s*(?P<num>{_NUM})\s*(?P<pct>%?)"
            rf"(?=\s*(?:{cond_end}\s*)?(?:[:),;+]|{cond_end}|$))"),
        lower=re.compile(rf"{rate}\s*{lt}\s*(?P<num>{_NUM})\s*(?P<pct>%?)"),
        # "Tỷ lệ/80%*Điểm tối đa", "Điểm tối đa/95% * tỷ lệ", "tỷ lệ*Điểm tối đa/80%"
        divisor=re.compile(rf"(?:{rate}|{mx})\s*/\s*(?P<num>{_NUM})\s*%"),
        scaled=re.compile(rf"{rate}\s*{_MUL}\s*{mx}|{mx}\s*{_MUL}\s*{rate}"),
        # "Tỷ lệ = a/b", "Tỷ lệ (%) = a/b x 100", and a rate written into the points:
        # "Điểm = a/b * Điểm tối đa"
        ratio_start=re.compile(rf"(?:{rate}\s*(?:\(\s*%\s*\))?|\b{point})\s*=\s*"),
        sum_of_parts=re.compile(_alt(vocab["sum_of_parts_phrases"])),
        min_max=re.compile(_alt(vocab["min_max_phrases"])),
        # "Mỗi hoạt động ... : 1 điểm", "Mỗi sản phẩm được 2 điểm"
        per_item=re.compile(
            rf"\b{_alt(vocab['per_item_words'])}\b[^;:]{{0,300}}?(?::|\b{joiner}\b|=)\s*(?P<num>{_NUM})\s*(?P<unit>{mx}|{point})"),
        # "Điểm = Mục 1 + Mục 2"
        item_sum=re.compile(rf"{_alt(vocab['item_sum_words'])}\s*\d+\s*\+\s*{_alt(vocab['item_sum_words'])}\s*\d+"),
        # "Giai đoạn 2025-2027:"
        period=re.compile(
            rf"{_alt(vocab['period_words'])}\s*(?:{period_start}\s*)*(?P<start>\d{{4}})\s*"
            rf"(?:-|–|{period_range})\s*(?:{period_start}\s*)?(?P<end>\d{{4}})"),
        # a level's lower bound: "Mức 1: ≥ 2 tỷ", "Từ 20 trở lên", "Mức 2 ≥ 7%"
        level_bound=re.compile(rf"(?:{ge})\s*(?P<num>{_NUM})\s*(?P<unit>%?)"),
        # ... or its upper bound: "Dưới 10", "Mức 4: < 0,5 tỷ"
        level_below=re.compile(rf"(?:{lt})\s*(?P<num>{_NUM})\s*(?P<unit>%?)"),
        explanation=re.compile(_alt(vocab["explanation_words"]) + r"\s*:"),
    )


# ---------------------------------------------------------------- small helpers

# strip_markup drops anything from '<' to the next '>' as a tag, which eats a comparator
# ("Tỷ lệ<95%: ... Tỷ lệ>=99%") in plain-text cells. A '<' that cannot open a tag is
# escaped first; strip_markup's html.unescape turns it back into '<'.
_NOT_A_TAG = re.compile(r"<(?![/!]?[a-zA-Z])")


# strip_markup writes "\frac{a+b}{c}" as "a+b/c"; parenthesise compound terms first.
_LATEX_FRAC = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}")


def _frac(m: re.Match) -> str:
    terms = [t if re.fullmatch(r"\s*\w+\s*", t) else f"({t})" for t in (m.group(1), m.group(2))]
    return "/".join(terms)


def _aligned_fold(text: str) -> str:
    """fold() character by character, so that index i of the result is index i of `text`."""
    out = []
    for ch in text:
        folded = fold(ch)
        out.append(folded[0] if folded else " ")
    return "".join(out)


def _number(text: str) -> float | int:
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value


def _percent(num: str, has_pct: bool) -> float | int:
    """A rate bound in percent. Printed without '%', a bound ≤ 1 is a fraction ("Tỷ lệ>=1"
    means 100%) and a bound above 1 is already a percentage ("Tỷ lệ <80" means 80%)."""
    value = _number(num)
    if has_pct or value > 1:
        return value
    return _number(str(round(value * 100, 6)))


def _read_ratio(text: str, start: int) -> str | None:
    """The rate expression at `start` ("(a+b)/(c+d)"): single letters, + / * and parentheses,
    as long as it stays well formed; None unless it divides."""
    out, depth, want_operand, last_good = "", 0, True, None
    i = start
    while i < len(text):
        ch = text[i]
        if ch.isspace() or ch == "$":
            i += 1
            continue
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if want_operand and ch == "(":
            depth += 1
        elif want_operand and ch.isascii() and ch.isalpha() and not nxt.isalpha():
            want_operand = False
        elif not want_operand and ch == ")" and depth > 0:
            depth -= 1
        elif not want_operand and ch in "+/*":
            want_operand = True
        else:
            break
        out += ch.lower()
        if not want_operand and depth == 0:
            last_good = out
        i += 1
    return last_good if last_good and "/" in last_good else None


def _ratios(text: str, folded: str) -> list[str]:
    found: list[str] = []
    for m in _patterns().ratio_start.finditer(folded):
        ratio = _read_ratio(text, m.end())
        if ratio and ratio not in found:
            found.append(ratio)
    return found


# "a = Số lượng ...;", "$a =$ Kinh phí ...", and the older "a. Tổng số ..." form.
_VAR_EQ = re.compile(r"(?:^|(?<=[\s;:(\-]))\$?([a-z])\s*\$?\s*=\s*\$?(?!\s*[a-z(]\s*[/+*)])")
_VAR_DOT = re.compile(r"(?:^|(?<=\s))([a-z])\.\s+(?=[^\W\d_])")


def _variables(text: str, folded: str) -> dict[str, str]:
    p = _patterns()
    marks = list(_VAR_EQ.finditer(text))
    if not marks:
        marks = [m for m in _VAR_DOT.finditer(text) if text[m.end()].isupper()]
    # A definition runs to the next variable, or to the rate / points / explanation line.
    stop = re.compile(rf"\s-\s*(?:{p.rate}|diem|tinh)|{p.rate}\s*[=$]|\bdiem\s*[=:]|{p.explanation.pattern}")
    out: dict[str, str] = {}
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        s = stop.search(folded, m.end(), end)
        if s:
            end = s.start()
        definition = text[m.end():end].strip(" ;,.-")
        if definition and m.group(1) not in out:
            out[m.group(1)] = definition
    return out


@dataclass
class _Share:
    start: int
    end: int
    share: float


def _shares(folded: str) -> list[_Share]:
    """Every printed amount of points as a fraction of max, in order."""
    p = _patterns()
    found: list[_Share] = []
    for m in [*p.share_fraction.finditer(folded), *p.share_fraction_after.finditer(folded)]:
        if int(m.group(2)):
            found.append(_Share(m.start(), m.end(), int(m.group(1)) / int(m.group(2))))
    for m in p.share_percent.finditer(folded):
        found.append(_Share(m.start(), m.end(), float(_number(m.group(1))) / 100))
    for m in p.share_full.finditer(folded):
        found.append(_Share(m.start(), m.end(), 1.0))
    for m in p.share_zero.finditer(folded):
        found.append(_Share(m.start(), m.end(), 0.0))
    found.sort(key=lambda s: s.start)
    # One amount per place: a fraction "1/2*Điểm tối đa" is not also a full max.
    out: list[_Share] = []
    for s in found:
        if out and s.start < out[-1].end:
            continue
        out.append(s)
    return out


# What trails an amount within its branch: "(70% điểm)", "100% điểm phần này;", "Điểm tối đa."
_AMOUNT_TAIL = re.compile(r"\s*\)|[^;:()+\-]{0,25}?[;.]")
# Where a branch's condition starts: a bullet or clause separator.
_BRANCH_SEP = re.compile(r";\s*|\s[-+–]\s+|^[-+–]\s*")


def _branches(text: str, folded: str) -> list[dict]:
    """The branches "condition: amount" a ladder or checklist prints, each with its share
    and, where the condition states one, the lower bound of the level ("Mức 2: ≥ 1 tỷ")."""
    p = _patterns()
    level = re.compile(_alt(p.vocab["tier_level_words"]) + r"\s*\d")
    parts, begin = [], 0
    for s in _shares(folded):
        start = begin
        levels = list(level.finditer(folded, begin, s.start))
        seps = list(_BRANCH_SEP.finditer(folded, begin, s.start))
        if levels:
            start = levels[-1].start()
        elif seps:
            start = seps[-1].end()
        tail = _AMOUNT_TAIL.match(folded, s.end)
        end = tail.end() if tail else s.end
        part: dict = {"text": text[start:end].strip(" -+;.,:\u2013"), "share": s.share}
        for key, pattern in (("min", p.level_bound), ("below", p.level_below)):
            bound = pattern.search(folded, start, s.start)
            if bound:
                part[key] = _number(bound.group("num"))
                part["unit"] = "%" if bound.group("unit") else None
        parts.append(part)
        begin = end
    return parts


# "1. Triển khai ...", "2. Kết nối ...": numbered items of a multi-part guideline.
_NUMBERED = re.compile(r"(?:^|(?<=\s))([1-9])\.\s+(?=\w)")


def _numbered_parts(text: str) -> list[str]:
    marks, expected = [], 1
    for m in _NUMBERED.finditer(text):
        if int(m.group(1)) == expected and text[m.end()].isupper():
            marks.append(m)
            expected += 1
    if len(marks) < 2:
        return []
    return [text[m.start():(marks[i + 1].start() if i + 1 < len(marks) else len(text))].strip()
            for i, m in enumerate(marks)]


def _rate_rule(folded: str) -> tuple[str, float | int | None] | None:
    """Rules stated on the rate itself: ("threshold", T) or ("all_or_nothing", None).

    "Tỷ lệ ≥ T%: Điểm tối đa; Tỷ lệ < T%: Tỷ lệ/T%*Điểm tối đa" and the short form
    "Điểm = Tỷ lệ/T%*Điểm tối đa" are thresholds; "Tỷ lệ = 100%: Điểm tối đa; Tỷ lệ < 100%:
    0 điểm" (max when the condition holds, else nothing) is all_or_nothing.
    """
    p = _patterns()
    uppers = list(p.upper.finditer(folded))
    divisors = list(p.divisor.finditer(folded))
    scaled = bool(divisors) or bool(p.scaled.search(folded))
    if uppers:
        if not scaled:
            return "all_or_nothing", None
        with_pct = [m for m in uppers if m.group("pct")]
        best = (with_pct or uppers)[0]
        if not best.group("pct") and divisors:
            return "threshold", _percent(divisors[0].group("num"), True)
        return "threshold", _percent(best.group("num"), bool(best.group("pct")))
    if divisors:
        return "threshold", _percent(divisors[0].group("num"), True)
    lowers = list(p.lower.finditer(folded))
    if lowers and scaled and p.share_full.search(folded):
        m = lowers[0]
        return "threshold", _percent(m.group("num"), bool(m.group("pct")))
    return None


def _periods(folded: str) -> list[dict]:
    """ "Giai đoạn 2025-2027: ... ≥95% ...; Giai đoạn 2028-2030: ... ≥99% ..." """
    marks = list(_patterns().period.finditer(folded))
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(folded)
        found = _rate_rule(folded[m.end():end])
        if found and found[0] == "threshold":
            out.append({"from": int(m.group("start")), "to": int(m.group("end")), "threshold": found[1]})
    return out


def _threshold_in_force(periods: list[dict], year: int | None) -> float | int:
    """The period containing `year`; before the first period or without a year, the first;
    after the last, the last."""
    if year is not None:
        for period in periods:
            if period["from"] <= year <= period["to"]:
                return period["threshold"]
        if year > periods[-1]["to"]:
            return periods[-1]["threshold"]
    return periods[0]["threshold"]


# ---------------------------------------------------------------- parse

def parse_formula(text: str, year: int | None = None) -> Formula | None:
    """A guideline cell as a Formula; None when blank or when it states no scoring at all."""
    lines = clean_lines(_LATEX_FRAC.sub(_frac, _NOT_A_TAG.sub("&lt;", text or "")))
    if not lines:
        return None
    one = " ".join(lines)
    folded = _aligned_fold(one)
    ratios = _ratios(one, folded)
    variables = _variables(one, folded)
    if not ratios and set(variables) == {"a", "b"} and re.search(_patterns().rate, folded):
        # "a = Số ...; b = Tổng số ...; - Tỷ lệ ≥ 80%: ..." uses the rate without printing
        # it; with exactly a numerator and a total defined, the rate is a/b.
        ratios = ["a/b"]
    reading = _classify(one, folded, ratios, year)
    if reading.rule is None:
        return None
    # Several rates (one per item of a checklist): the indicator itself has none.
    ratio = ratios[0] if len(ratios) == 1 else None
    return Formula(text=one, variables=variables, ratio=ratio, rule=reading.rule,
                   threshold=reading.threshold, period_thresholds=reading.periods,
                   parts=reading.parts)


@dataclass
class _Reading:
    rule: str | None
    threshold: float | int | None = None
    parts: list[dict] = field(default_factory=list)
    periods: list[dict] = field(default_factory=list)


def _classify(one: str, folded: str, ratios: list[str], year: int | None) -> _Reading:
    """The rule, tried from the most specific wording to the default."""
    p = _patterns()
    # Explanations ("Giải thích: ...") describe terms; they never score, so rules are read
    # from the text before them.
    expl = p.explanation.search(folded)
    scoring = folded[:expl.start()] if expl else folded
    text = one[:len(scoring)]

    if p.sum_of_parts.search(scoring):
        return _Reading("sum_of_parts")
    if p.min_max.search(scoring):
        return _Reading("min_max")
    per_item = p.per_item.search(scoring)
    # "N điểm" each (not "N điểm tối đa", a share of max)
    if per_item and not re.fullmatch(p.max, per_item.group("unit")) and _number(per_item.group("num")) > 0:
        return _Reading("per_item", parts=[{"text": text[per_item.start():per_item.end()],
                                            "points": _number(per_item.group("num"))}])
    periods = _periods(scoring)
    if periods:
        return _Reading("threshold", _threshold_in_force(periods, year), periods=periods)

    items = _numbered_parts(text)
    item_parts = [_item(part) for part in items]
    with_share = [part for part in item_parts if part.get("share")]
    if (p.item_sum.search(scoring) and with_share) or (
            len(with_share) >= 2 and all(part["share"] < 1 for part in with_share)):
        return _Reading("checklist", parts=item_parts)

    amounts = _shares(scoring)
    shares = [s.share for s in amounts]
    partial = [s for s in shares if 0 < s < 1]
    # A full maximum counts as a branch only after a condition: a bare label "Điểm tối
    # đa" (a column header, a sentence opening) scores nothing.
    full = any(s.share == 1 and scoring[:s.start].strip(" -+:;(") for s in amounts)
    scaled = p.scaled.search(scoring) or p.divisor.search(scoring)
    if partial and not scaled:
        branches = _branches(text, scoring)
        # Independent items add up to at most the maximum, and none gives it alone;
        # alternatives (a ladder) include the full maximum or add up to more than it.
        if not full and len(partial) >= 2 and sum(partial) <= 1 + 1e-9:
            return _Reading("checklist", parts=[b for b in branches if b["share"] > 0])
        return _Reading("tiers", parts=branches)

    on_rate = _rate_rule(scoring)
    if on_rate:
        return _Reading(*on_rate)
    if full and not scaled:
        return _Reading("binary")
    if scaled or ratios:
        # A rate with no other rule scores proportionally (the framework's default).
        return _Reading("proportional")
    return _Reading(None)


def _item(text: str) -> dict:
    """One numbered item of a checklist: its share of max, and its own rate if it has one."""
    folded = _aligned_fold(text)
    shares = [s.share for s in _shares(folded)]
    item: dict = {"text": text, "share": max(shares) if shares else None}
    ratios = _ratios(text, folded)
    if len(ratios) == 1:
        item["ratio"] = ratios[0]
        item["rule"] = "proportional"
    return item


# ---------------------------------------------------------------- arithmetic

# A rate is arithmetic over numbers and single-letter variables: "(a+b)/c", "a/b×100", "a − b".
# It may come from a JSON nobody here wrote, so it is parsed by this grammar and computed
# from the tree, never handed to Python: anything else ('9**9**9', names, calls) is refused.
_TOKENS = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([a-z])|([-−+*/×÷()]))")
_OPERATOR = {"×": "*", "÷": "/", "−": "-"}
_MAX_EXPRESSION = 200  # characters; printed rates are a few terms long
_MAX_DEPTH = 20  # nested parentheses


class ExpressionError(ValueError):
    """A rate that is not plain arithmetic over numbers and single-letter variables."""


def _tokens(text: str) -> list[str]:
    """'(a + b)/c' -> ['(', 'a', '+', 'b', ')', '/', 'c']; ExpressionError on anything else."""
    if len(text) > _MAX_EXPRESSION:
        raise ExpressionError(f"longer than {_MAX_EXPRESSION} characters")
    out, pos, text = [], 0, text.rstrip()
    while pos < len(text):
        m = _TOKENS.match(text, pos)
        if not m:
            raise ExpressionError(f"unexpected {text[pos:pos + 10].strip()!r}")
        out.append(next(g for g in m.groups() if g is not None))
        pos = m.end()
    return [_OPERATOR.get(t, t) for t in out]


def parse_expression(text: str):
    """A rate's text -> its tree: a number, a variable letter, or (operator, left, right);
    a leading "-" is ("-", 0, operand). ExpressionError when it is not such arithmetic."""
    tokens = _tokens(text)
    if not tokens:
        raise ExpressionError("empty")
    tree, pos = _sum(tokens, 0, 0)
    if pos != len(tokens):
        raise ExpressionError(f"unexpected {tokens[pos]!r}")
    return tree


def expression_text(text: str) -> str:
    """A rate written the one way the catalog stores it: '( a + b ) ÷ c' -> '(a+b)/c';
    ExpressionError when it is not such arithmetic."""
    parse_expression(text)
    return "".join(_tokens(text))


def _sum(tokens: list[str], pos: int, depth: int):
    return _chain(tokens, pos, depth, "+-", _product)


def _product(tokens: list[str], pos: int, depth: int):
    return _chain(tokens, pos, depth, "*/", _operand)


def _chain(tokens: list[str], pos: int, depth: int, operators: str, term):
    """term (op term)*, left to right: 'a - b - c' is ((a - b) - c)."""
    left, pos = term(tokens, pos, depth)
    while pos < len(tokens) and tokens[pos] in operators:
        right, after = term(tokens, pos + 1, depth)
        left, pos = (tokens[pos], left, right), after
    return left, pos


def _operand(tokens: list[str], pos: int, depth: int):
    if pos >= len(tokens):
        raise ExpressionError("ends with an operator")
    token = tokens[pos]
    if token == "(":
        if depth >= _MAX_DEPTH:
            raise ExpressionError("nested too deep")
        inner, pos = _sum(tokens, pos + 1, depth + 1)
        if pos >= len(tokens) or tokens[pos] != ")":
            raise ExpressionError("unbalanced parentheses")
        return inner, pos + 1
    if token == "-":
        operand, pos = _operand(tokens, pos + 1, depth + 1)
        return ("-", 0.0, operand), pos
    if token[0].isdigit():
        return float(token), pos + 1
    if token.isalpha():
        return token, pos + 1
    raise ExpressionError(f"unexpected {token!r}")


def compute(tree, values: dict[str, float]) -> float | None:
    """The value of a parsed rate; None when a variable has no value or a divisor is 0."""
    if isinstance(tree, float):
        return tree
    if isinstance(tree, str):
        return float(values[tree]) if values.get(tree) is not None else None
    op, left, right = tree
    a, b = compute(left, values), compute(right, values)
    if a is None or b is None or (op == "/" and b == 0):
        return None
    return a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else a / b


def variables_of(tree) -> set[str]:
    """The variable letters a parsed rate uses."""
    if isinstance(tree, str):
        return {tree}
    if isinstance(tree, tuple):
        return variables_of(tree[1]) | variables_of(tree[2])
    return set()


# ---------------------------------------------------------------- evaluate

def _rate(formula: Formula, values: dict[str, float]) -> float | None:
    """values["rate"] (a fraction: 0.8 is 80%), else the ratio computed from a, b, ..."""
    if values.get("rate") is not None:
        return float(values["rate"])
    if not formula.ratio:
        return None
    try:
        tree = parse_expression(formula.ratio)
    except ExpressionError:
        return None
    return compute(tree, values)


def evaluate(formula: Formula, values: dict[str, float], max_points: float,
             best: float | None = None, worst: float | None = None) -> float | None:
    """Points for an indicator, or None when the inputs the rule needs are missing.

    Inputs per rule (a rate is a fraction, 0.8 for 80%; given as values["rate"] or as the
    variables of the ratio, values["a"], values["b"], ...):
    - proportional: rate × max, kept within 0..max.
    - threshold: max when rate ≥ T%, else rate / T% × max.
    - all_or_nothing: values["met"] (true/false) if given, else rate ≥ 100%.
    - binary: values["met"] true -> max, false -> 0.
    - tiers: values["level"] (1-based, as printed) or values["share"] (fraction of max);
      else values["value"] (or the rate, for levels printed in %) against the levels' bounds
      (None when no printed bound matches).
    - checklist: values["items"], per item how much of it is met (true/false or 0..1, e.g.
      an item's own rate); points = Σ share × met × max, at most max.
    - min_max: values["value"] (or the rate) scaled between worst and best across provinces
      ((v - worst) / (best - worst) × max); without worst, v / best × max.
    - per_item: values["count"] × points per item, at most max.
    - sum_of_parts: values["parts"], the sub-indicators' points, added up (at most max).
    """
    rule = formula.rule
    if rule == "binary" or (rule == "all_or_nothing" and "met" in values):
        return max_points if values.get("met") else 0.0 if "met" in values else None
    if rule == "per_item":
        if values.get("count") is None:
            return None
        per = formula.parts[0].get("points", 1) if formula.parts else 1
        return min(float(values["count"]) * per, max_points)
    if rule == "sum_of_parts":
        if values.get("parts") is None:
            return None
        return min(float(sum(values["parts"])), max_points)
    if rule == "checklist":
        return _evaluate_checklist(formula, values, max_points)
    if rule == "tiers":
        return _evaluate_tiers(formula, values, max_points)
    if rule == "min_max":
        value = values.get("value")
        value = _rate(formula, values) if value is None else float(value)
        if value is None or best is None:
            return None
        low = 0.0 if worst is None else worst
        if best <= low:
            return max_points if value >= best else 0.0
        return max(0.0, min(1.0, (value - low) / (best - low))) * max_points

    rate = _rate(formula, values)
    if rate is None:
        return None
    if rule == "proportional":
        return max(0.0, min(rate, 1.0)) * max_points
    if rule == "threshold" and formula.threshold:
        t = float(formula.threshold) / 100
        return max_points if rate >= t else max(0.0, rate / t) * max_points
    if rule == "all_or_nothing":
        return max_points if rate >= 1 - 1e-9 else 0.0
    return None


def _evaluate_checklist(formula: Formula, values: dict, max_points: float) -> float | None:
    items = values.get("items")
    shares = [part.get("share") or 0 for part in formula.parts]
    if items is None or len(items) != len(shares):
        return None
    total = sum(share * max(0.0, min(float(met), 1.0)) for share, met in zip(shares, items))
    return min(total, 1.0) * max_points


def _evaluate_tiers(formula: Formula, values: dict, max_points: float) -> float | None:
    levels = formula.parts
    if values.get("share") is not None:
        return float(values["share"]) * max_points
    if values.get("level") is not None:
        index = int(values["level"]) - 1
        return levels[index]["share"] * max_points if 0 <= index < len(levels) else None
    # A level printed with bounds ("≥ 7%", "Dưới 10") is reached when the value lies
    # within them; levels stated in words only ("Chưa có chuyên mục") are not compared.
    bounded = [lv for lv in levels if "min" in lv or "below" in lv]
    rate = _rate(formula, values)
    reached = []
    for lv in bounded:
        v = rate * 100 if lv.get("unit") == "%" and rate is not None else values.get("value")
        if v is None:
            continue
        if float(v) >= lv.get("min", float("-inf")) and float(v) < lv.get("below", float("inf")):
            reached.append(lv["share"])
    return max(reached) * max_points if reached else None
