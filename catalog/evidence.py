"""Facts about framework indicators gathered from per-document JSONs, merged with provenance.

A plan that restates a framework's table (its own assignment annex, an appraisal, a scores
table) states facts about the framework's indicators: name, max points, scoring formula,
unit, pillar. `facts_of_document` turns one per-document JSON (OUTPUT.md) into such facts,
each tied to an indicator through the row's `canonical` (the matcher's decision, made with
the row's code) and to the document line it came from. `merge` files them as claims on the
indicators; `settle` fills a fact nobody had chosen from the claim most documents make. A
chosen value is never overwritten: a different value stays beside it as a conflict.

The JSONs may come from anyone, so every fact is data checked for shape here: numbers must
be numbers within the framework's total, a formula is re-read from its text by our parser
(or, without text, must use known rules and plain arithmetic); anything else is reported
and skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.crosswalk import measure_of, members_of
from catalog.model import Catalog, Claim, FormulaDef, Framework, Indicator, Source
from normalize.text import fold

FACTS = ("name", "max_points", "formula", "unit", "pillar")
# Tables whose rows restate a framework's indicators (reporting forms name inputs, not definitions).
KINDS = ("assignment", "scores", "appraisal", "targets")
_DTI_CODE = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}$")
_FORMULA_KEYS = ("rule", "ratio", "threshold")
# A table follows the framework's numbering when this share of its mapped rows (at least
# this many) prints the indicator's own code.
_NUMBERED_SHARE, _MIN_NUMBERED_ROWS = 0.8, 3


@dataclass(frozen=True)
class Fact:
    framework: str
    code: str
    fact: str  # one of FACTS
    value: object
    source: Source


def year_of(doc: dict) -> int | None:
    found = re.match(r"(\d{4})", str((doc.get("document") or {}).get("date") or ""))
    return int(found.group(1)) if found else None


def _where(doc: dict, row: dict, path: str) -> Source:
    line = (row.get("provenance") or {}).get("line")
    return Source(path, line if isinstance(line, int) and line > 0 else None)


def _number(value, total: float | None) -> float | None:
    """A max points value as data: a real number from 0 to the framework's total."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    if value < 0 or (total is not None and value > total):
        return None
    return int(value) if float(value).is_integer() else float(value)


def _arithmetic(ratio) -> str | None:
    """A stated ratio in the catalog's spelling ('(a+b)/c'); None unless it is plain arithmetic
    over numbers and single-letter variables."""
    from normalize.formulas import ExpressionError, expression_text
    try:
        return expression_text(ratio) if isinstance(ratio, str) else None
    except ExpressionError:
        return None


def formula_fact(data, year: int | None) -> dict | None:
    """A row's `formula` as a catalog formula, or None when it is malformed.

    With a text, the text is read again by our parser (the file's own rule is not trusted);
    without one, the rule must be known and the ratio plain arithmetic."""
    from normalize.formulas import RULES, parse_formula
    if not isinstance(data, dict):
        return None
    text = data.get("text")
    if isinstance(text, str) and text.strip():
        parsed = parse_formula(text, year)
        if parsed is None:
            return None
        return FormulaDef(parsed.text, parsed.rule, parsed.ratio, parsed.threshold,
                          list(parsed.period_thresholds), dict(parsed.variables)).to_json()
    rule, ratio, threshold = data.get("rule"), data.get("ratio"), data.get("threshold")
    variables = data.get("variables") or {}
    if rule not in RULES or (threshold is not None and _number(threshold, 100) is None):
        return None
    if not isinstance(variables, dict) or not all(
            isinstance(k, str) and re.fullmatch(r"[a-z]", k) and isinstance(v, str) for k, v in variables.items()):
        return None
    if ratio is not None:
        ratio = _arithmetic(ratio)
        if ratio is None:
            return None
    return FormulaDef(None, rule, ratio, threshold, [], dict(variables)).to_json()


def _previous(catalog: Catalog, framework: str) -> str | None:
    order = catalog.with_lists()
    index = order.index(framework) if framework in order else 0
    return order[index - 1] if index > 0 else None


def _linked_one(framework: str, code: str, other: str) -> str | None:
    """The single indicator of `other` the crosswalk ties to framework:code (None if 0 or several)."""
    linked = [k.split(":", 1)[1] for k in members_of(measure_of(framework, code)) if k.startswith(other + ":")]
    return linked[0] if len(linked) == 1 else None


def _printed_code(row: dict) -> str:
    return re.sub(r"\s+", "", str(row.get("code") or "")).rstrip(".")


def numbered_by_framework(rows: list[dict]) -> bool:
    """Does a table print the framework's own codes? An annex copying the framework does (most
    mapped rows carry their indicator's code); a commune's target list numbers its own way,
    so its numbers say nothing about pillars."""
    mapped = [r for r in rows if isinstance(r, dict) and isinstance(r.get("canonical"), dict)]
    same = sum(1 for r in mapped if _printed_code(r) == str(r["canonical"].get("code")))
    return len(mapped) >= _MIN_NUMBERED_ROWS and same >= _NUMBERED_SHARE * len(mapped)


def facts_of_row(row: dict, doc: dict, path: str, catalog: Catalog, problems: list[str],
                 numbered: bool = False) -> list[Fact]:
    """The facts one row states about its canonical indicator (and, through the crosswalk,
    the previous framework's max points a 'previous' column prints); the pillar its printed
    code puts it in when the table is `numbered` by the framework."""
    canonical = row.get("canonical")
    if not isinstance(canonical, dict):
        return []
    fid, code = canonical.get("framework"), str(canonical.get("code") or "")
    fw = catalog.frameworks.get(fid) if isinstance(fid, str) else None
    where = _where(doc, row, path)
    if fw is None or code not in fw.by_code():
        problems.append(f"{path}:{where.line}: row maps to {fid}:{code}, which the catalog does not have; skipped")
        return []
    out: list[Fact] = []
    name = row.get("name")
    if isinstance(name, str) and name.strip():
        out.append(Fact(fid, code, "name", " ".join(name.split()), where))
    for column, target_fw in (("max_points", fid), ("max_points_previous", _previous(catalog, fid))):
        value = row.get(column)
        if value is None or target_fw is None:
            continue
        target = code if target_fw == fid else _linked_one(fid, code, target_fw)
        number = _number(value, catalog.frameworks[target_fw].total_points)
        if number is None:
            problems.append(f"{path}:{where.line}: {column} {value!r} of {fid}:{code} is not a number of "
                            f"points; skipped")
        elif target is not None:
            out.append(Fact(target_fw, target, "max_points", number, where))
    if row.get("formula") is not None:
        formula = formula_fact(row["formula"], year_of(doc))
        if formula is None:
            problems.append(f"{path}:{where.line}: formula of {fid}:{code} is malformed or states no rule; skipped")
        else:
            out.append(Fact(fid, code, "formula", formula, where))
    unit = row.get("unit")
    if isinstance(unit, str) and unit.strip():
        out.append(Fact(fid, code, "unit", unit.strip(), where))
    printed = _printed_code(row)
    if numbered and _DTI_CODE.match(printed):
        out.append(Fact(fid, code, "pillar", printed.split(".")[0], where))
    return out


def facts_of_document(doc: dict, path: str, catalog: Catalog, problems: list[str]) -> list[Fact]:
    """Every fact a per-document JSON states about framework indicators."""
    out: list[Fact] = []
    for table in doc.get("tables") or []:
        if not isinstance(table, dict) or table.get("kind") not in KINDS:
            continue
        rows = table.get("rows") if isinstance(table.get("rows"), list) else []
        numbered = numbered_by_framework(rows)
        for row in rows:
            if isinstance(row, dict):
                out += facts_of_row(row, doc, path, catalog, problems, numbered)
    return out


def claim_key(fact: str, value) -> object:
    """What two claims must share to agree: the rule (not the wording) of a formula, the
    folded text of a name or unit, the number of points."""
    if fact == "formula":
        return tuple(value.get(k) for k in _FORMULA_KEYS)
    if isinstance(value, str):
        return " ".join(fold(value).split())
    return value


def add_claim(ind: Indicator, fact: str, value, source: Source) -> None:
    """File a value with its source; the same source is never counted twice."""
    claims = ind.evidence.setdefault(fact, [])
    key = claim_key(fact, value)
    claim = next((c for c in claims if claim_key(fact, c.value) == key), None)
    if claim is None:
        claims.append(Claim(value, [source]))
    elif source not in claim.sources:
        claim.sources.append(source)


def merge(catalog: Catalog, facts: list[Fact]) -> None:
    for fact in facts:
        ind = catalog.get(fact.framework, fact.code)
        if ind is not None:
            add_claim(ind, fact.fact, fact.value, fact.source)


def _current(ind: Indicator, fact: str):
    if fact == "formula":
        return ind.formula.to_json() if ind.formula else None
    return getattr(ind, fact)


def _set(ind: Indicator, fact: str, claim: Claim) -> None:
    if fact == "formula":
        ind.formula = FormulaDef.from_json(claim.value)
    else:
        setattr(ind, fact, claim.value)
    ind.source[fact] = claim.sources[0]


def settle(fw: Framework) -> None:
    """Fill each fact no source had chosen from the claim most documents make (ties: the
    first stated). Names are settled by the wording module; chosen values stay."""
    for ind in fw.indicators:
        for fact, claims in ind.evidence.items():
            if fact == "name" or not claims or _current(ind, fact) is not None:
                continue
            best = max(claims, key=lambda c: c.documents)
            _set(ind, fact, best)


def record_chosen(fw: Framework) -> None:
    """File each fact a framework's list states as a claim of its own source."""
    for ind in fw.indicators:
        for fact in ("name", "max_points", "formula", "unit"):
            value, where = _current(ind, fact), ind.source.get(fact)
            if value is not None and where is not None:
                add_claim(ind, fact, value, where)
