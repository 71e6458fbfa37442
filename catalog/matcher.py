"""Map extracted rows to canonical DTI indicators.

Two decisions: which framework a document follows (`detect_framework`), then which
indicator of it each row is (`decide`): the ranking (catalog/ranking.py) read as
evidence (`weigh`: likeness, margin over the next indicator, shared rare words, swapped
domain terms, the kind of quantity, a code that agrees) and the evidence judged by a
calibrated rule (`rule`, parameters in data/matcher.json chosen by
scripts/tune_matcher.py): accepted, review (near, not clearly one indicator: no match, a
person decides), or none. A wrong match is worse than none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from catalog.crosswalk import members_of, measure_of
from catalog.likeness import lost_spaces, pair_coverage, prepare, swaps_term
from catalog.model import Catalog
from catalog.names import measure_kind, normalise
from catalog.ranking import Scored, index_of, nearest, norm_code, rank, settings
from catalog.store import default_catalog

# An indicator code as the frameworks print it: 1, 3.4, 5.12.1, 8.8.1.1.
_DTI_CODE = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}$")


@dataclass
class Match:
    framework: str
    code: str
    score: float
    method: str  # exact | fuzzy | crosswalk
    nearest: list[dict] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.framework}:{self.code}"

    def canonical(self) -> dict:
        return {"framework": self.framework, "code": self.code, "id": self.id,
                "score": round(self.score, 3), "method": self.method}


@dataclass
class Decision:
    """What the matcher decided for one row: a match, or why not and the nearest candidates."""
    match: Match | None
    reason: str | None  # None when matched; "review" | "input" | "below-threshold" | "no-name"
    nearest: list[dict]


@dataclass(frozen=True)
class Evidence:
    """What the ranking says about one row, before any threshold: the best candidates, the
    margin of the best over the next indicator, and how the row's words compare with the best's."""
    ranked: list[Scored]
    margin: float  # best score minus the best other indicator's (1.0 with no other)
    coverage: float  # the share of rare words the best and the row share, the better way round (0..1)
    least_coverage: float  # ... the worse way round
    same_measure: bool  # the row and the best name the same kind of quantity (rate, count, other)
    swaps_term: bool  # the row names another domain term in place of one the best names

    @property
    def best(self) -> Scored | None:
        return self.ranked[0] if self.ranked else None


def _margin(ranked: list[Scored]) -> float:
    """Best score minus the first candidate of another indicator: a near tie is no decision."""
    best = ranked[0]
    runner_up = next((s for s in ranked[1:] if s.candidate.id != best.candidate.id), None)
    return best.score - runner_up.score if runner_up else 1.0


def weigh(name: str | None, code: str | None, framework: str, catalog: Catalog | None = None,
          use_codes: bool = True) -> Evidence:
    """A row's name and code -> the evidence the decision rule reads."""
    catalog = catalog or default_catalog()
    ranked = rank(name, code, framework, catalog, use_codes)
    if not ranked:
        return Evidence(ranked, 0.0, 0.0, 0.0, False, False)
    best = ranked[0]
    same = measure_kind(normalise(name or "")) == measure_kind(normalise(best.candidate.compared))
    swapped = bool(name) and swaps_term(prepare(name), prepare(best.candidate.compared))
    return Evidence(ranked, _margin(ranked), *_coverage(best, name, framework, catalog), same, swapped)


def _coverage(best: Scored, name: str | None, framework: str, catalog: Catalog) -> tuple[float, float]:
    """Words, weighted by rarity, that the row and its best candidate share, as shares of the
    row's and of the candidate's words: (higher, lower). A qualifier dropped or added costs
    little, a rare word changed costs much. A row whose spaces were lost has no words to
    count: its likeness without spaces stands in."""
    if not name:
        return 0.0, 0.0
    index = index_of(catalog, framework)
    query = prepare(name)
    if lost_spaces(query, index.prepared):
        return best.score, best.score
    of_row, of_candidate = pair_coverage(query, index.prepared, best.position)
    return max(of_row, of_candidate), min(of_row, of_candidate)


# A coverage this high is one name's content words all in the other.
SUBSET = 0.95


def may_match(evidence: Evidence) -> bool:
    """Is the best candidate one a row can be (an indicator's name or main count, not an input)?"""
    best = evidence.best
    return best is not None and best.candidate.role != "input" and not best.candidate.component_code


def accepts(evidence: Evidence, cfg: dict) -> bool:
    """The calibrated acceptance rule (parameters chosen by scripts/tune_matcher.py), for
    evidence whose best candidate `may_match`."""
    best = evidence.best
    if best.code_agrees:
        return best.score >= cfg["accept_with_code"]
    # a pillar's name is short and generic: by name alone only as printed
    if best.candidate.is_pillar:
        return best.score >= cfg["exact_name"]
    if evidence.swaps_term:
        return False
    # a count where the framework rates (or a task where it counts) is another quantity, and
    # a form asks for the terms of a formula's count as well as the count: either is the
    # indicator only where the names agree closely
    close_only = not evidence.same_measure or best.candidate.role == "count"
    bar = max(cfg["accept_name"], cfg["accept_other_measure"]) if close_only else cfg["accept_name"]
    # near twins (5.3 máy chủ, 5.4 máy trạm) are told apart by the rare words a row has all of;
    # otherwise a near tie with another indicator is no decision
    clear = evidence.margin >= cfg["accept_margin"] or evidence.least_coverage >= cfg["twin_coverage"]
    # a row that has all of the best's content words, or whose words the best all has, drops
    # or adds a qualifier; one that lacks some and adds others swaps words: it must keep most
    # of both sides
    kept = evidence.coverage >= SUBSET or evidence.least_coverage >= cfg["accept_least_coverage"]
    return best.score >= bar and clear and evidence.coverage >= cfg["accept_coverage"] and kept


def rule(evidence: Evidence, name: str | None, cfg: dict) -> Decision:
    """Evidence -> accepted (a match), review (near enough to show a person, no match), or none."""
    ranked = evidence.ranked
    near = nearest(ranked, cfg["nearest"])
    best = evidence.best
    if best is None:
        return Decision(None, "no-name" if not name else "below-threshold", near)
    if best.candidate.role == "input" and not best.code_agrees or best.candidate.component_code:
        if best.score >= cfg["accept_other_measure"] or best.code_agrees:
            return Decision(None, "input", near)
    if not may_match(evidence):
        return Decision(None, "below-threshold", near)
    if not accepts(evidence, cfg):
        return Decision(None, "review" if best.score >= cfg["review_floor"] else "below-threshold", near)
    c = best.candidate
    exact = best.score >= cfg["exact_name"] or (best.code_agrees and best.score >= 0.5 + 0.5 * cfg["exact_name"])
    method = "exact" if exact and c.role == "name" else "fuzzy"
    return Decision(Match(c.framework, c.code, min(best.score, 1.0), method, near), None, near)


def decide(name: str | None, code: str | None, framework: str, catalog: Catalog | None = None,
           use_codes: bool = True) -> Decision:
    """The full decision for one row (match, review or abstention, with nearest candidates)."""
    return rule(weigh(name, code, framework, catalog, use_codes), name, settings())


def match_row(name: str | None, code: str | None, framework: str, catalog: Catalog | None = None,
              use_codes: bool = True) -> Match | None:
    """The canonical indicator of one row of a document following `framework`, or None."""
    return decide(name, code, framework, catalog, use_codes).match


def match_via_crosswalk(name: str | None, framework: str, catalog: Catalog | None = None) -> Match | None:
    """A row named as another version names it, carried over to `framework` by the crosswalk."""
    catalog = catalog or default_catalog()
    cfg = settings()
    for other in catalog.with_lists():
        if other == framework:
            continue
        found = match_row(name, None, other, catalog, use_codes=False)
        if not found or found.score < cfg["exact_name"]:
            continue
        for key in members_of(measure_of(found.framework, found.code)):
            fw, code = key.split(":", 1)
            if fw == framework and catalog.get(fw, code):
                return Match(fw, code, found.score * cfg["crosswalk_penalty"], "crosswalk", found.nearest)
    return None


def codes_follow_framework(rows: list[dict], framework: str, catalog: Catalog | None = None) -> bool:
    """Does a table number its rows with the framework's own codes?

    A plan's annex that copies the framework prints its codes (STT 3.4 is indicator 3.4);
    a commune's target list or a reporting form numbers rows its own way. Judged from
    the rows whose name alone matches an indicator well: most of them must agree on code.
    """
    catalog = catalog or default_catalog()
    cfg = settings()
    confident = agree = 0
    for row in rows:
        code, name = norm_code(row.get("code")), row.get("name")
        if not name or not _DTI_CODE.match(code):
            continue
        ranked = rank(name, code, framework, catalog, use_codes=False, names_only=True, keep=3)
        if not ranked or ranked[0].score < cfg["codes_follow_name"]:
            continue
        confident += 1
        agree += any(s.candidate.code == code for s in ranked[:3] if s.score >= ranked[0].score - 0.02)
    return agree >= cfg["codes_follow_min_rows"] and agree >= cfg["codes_follow_share"] * confident


def decision_key(number: str) -> str:
    """'922/QĐ-BTTTT', '922/QD-BTTTT ', '922 / QĐ - BTTTT' all give one key."""
    text = re.sub(r"\s+", "", str(number or "")).upper().replace("QD", "QĐ")
    return text


def frameworks_cited(document: dict, catalog: Catalog) -> list[str]:
    """Framework ids of the decisions a document cites, in citation order."""
    by_number = {decision_key(d.number): fw.id for fw in catalog.frameworks.values()
                 for d in fw.decisions if d.number}
    out: list[str] = []
    for number in document.get("frameworks_cited") or []:
        found = by_number.get(decision_key(number))
        if found and found not in out:
            out.append(found)
    return out


def framework_in_force(issued: str | None, catalog: Catalog) -> str | None:
    """The latest framework whose effective date is on or before the date of issue."""
    try:
        day = date.fromisoformat(str(issued))
    except ValueError:
        return None
    in_force = None
    for fw in sorted(catalog.frameworks.values(), key=lambda f: f.effective_from or ""):
        if fw.effective_from and date.fromisoformat(fw.effective_from) <= day:
            in_force = fw.id
    return in_force


def row_evidence(rows: list[dict], catalog: Catalog) -> dict[str, float]:
    """How strongly a document's rows look like each framework's list.

    A row counts 1 when its code and name both agree with an indicator (an annex that
    copies the list), 0.5 when only its name matches one closely.
    """
    cfg = settings()
    evidence: dict[str, float] = {}
    for fid in catalog.with_lists():
        total = 0.0
        for row in rows:
            name, code = row.get("name"), norm_code(row.get("code"))
            if not name:
                continue
            ranked = rank(name, code if _DTI_CODE.match(code) else None, fid, catalog, use_codes=True,
                           names_only=True, keep=1)
            if not ranked:
                continue
            best = ranked[0]
            if best.code_agrees and best.score >= 0.5 + 0.5 * cfg["codes_follow_name"]:
                total += 1.0
            elif not best.code_agrees and best.score >= cfg["codes_follow_name"]:
                total += 0.5
        evidence[fid] = total
    return evidence


def detect_framework(document: dict, rows: list[dict], catalog: Catalog | None = None) -> str | None:
    """The framework a document's indicator list follows.

    Its rows decide when they clearly resemble one list (a plan issued after the 2025
    draft may cite 405/QĐ-BKHCN yet list the draft's indicators); otherwise what it
    cites (the newest cited framework with a list); otherwise the framework in force on
    its date of issue (commune plans and reporting forms rarely cite one).
    """
    catalog = catalog or default_catalog()
    evidence = row_evidence(rows, catalog)
    ranked = sorted(evidence.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= 3:
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if ranked[0][1] >= 1.5 * runner_up:
            return ranked[0][0]
    cited = [fid for fid in frameworks_cited(document, catalog)]
    if cited:
        order = list(catalog.frameworks)
        newest = max(cited, key=order.index)
        return newest if newest in catalog.with_lists() else None
    found = framework_in_force(document.get("date"), catalog)
    if found and catalog.frameworks[found].indicators:
        return found
    return None
