"""Map extracted rows to canonical DTI indicators.

Two decisions: which framework a document follows (`detect_framework`), then which
indicator of it each row is (`match_row`). A row is compared with every indicator's
name and, where the catalog knows the indicator's formula, with its variables: a
reporting form asks for the inputs of a rate, and a row that is the numerator of a
simple a/b rate is that indicator ("its main count"), while a denominator or one term
of a compound numerator is only an input (no indicator). Below the acceptance bar the
matcher abstains and names its nearest candidates: a wrong match is worse than none.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np

from catalog.crosswalk import members_of, measure_of
from catalog.model import Catalog, Framework
from catalog.likeness import (PreparedSet, lost_spaces, prepare, prepare_set, similarity_matrix, swaps_term,
                              word_coverage)
from catalog.names import measure_kind, normalise
from catalog.store import default_catalog

DATA = Path(__file__).parent / "data"
# An indicator code as the frameworks print it: 1, 3.4, 5.12.1, 8.8.1.1.
_DTI_CODE = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}$")
_PILLAR_CODE = re.compile(r"^\d{1,2}$")
# A ratio of one variable over another: its numerator is the indicator's main count.
_SIMPLE_RATIO = re.compile(r"^([a-z])/([a-z])$")
_VARIABLE_UNIT = re.compile(r"\s*\((?:tỷ đồng|triệu đồng|đồng)\)\s*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def settings() -> dict:
    return json.loads((DATA / "matcher.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Candidate:
    """One thing a row may be: an indicator's name, its main count, or an input of it."""
    framework: str
    code: str  # the indicator's code (for an input: the indicator it feeds)
    role: str  # name | count | input
    text: str  # as the catalog prints it
    compared: str  # the wording compared with rows (the name, an alias, a variant or a variable)
    is_pillar: bool = False
    component_code: str | None = None  # a lettered input row (6.22/a) of the framework's list

    @property
    def id(self) -> str:
        return f"{self.framework}:{self.code}"


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    score: float
    code_agrees: bool

    def describe(self) -> dict:
        c = self.candidate
        return {"framework": c.framework, "code": c.code, "role": c.role,
                "name": c.text, "score": round(self.score, 3)}


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


def _variable_text(text: str) -> str:
    return _VARIABLE_UNIT.sub("", text).strip(" ;.:")


_PARENTHESIS = re.compile(r"\s*\([^()]*\)")
_CONJUNCT = re.compile(r"(?<!\S)((?:\S+ ){0,1}\S+) và ((?:\S+ ){0,1}\S+)$")


def _name_variants(name: str) -> list[str]:
    """A name as written and without its parenthetical gloss ("(tương đương mức độ 4)")."""
    bare = _PARENTHESIS.sub("", name).strip()
    return [name] if bare == name or not bare else [name, bare]


def _conjunct_parts(normalised: str) -> list[str]:
    """A name ending in "X và Y" (Vỏ sò và Postmart) also names two parts: a row that
    names only one of them counts one input of the indicator, not the indicator."""
    found = _CONJUNCT.search(normalised)
    if not found:
        return []
    head = normalised[:found.start()]
    return [head + found.group(1), head + found.group(2)]


def _indicator_names(ind) -> list[str]:
    """An indicator's name and the aliases the catalog lists for it (wordings of other offices)."""
    return [n for n in [ind.name, *(getattr(ind, "aliases", None) or [])] if n]


def _framework_candidates(framework: Framework) -> list[Candidate]:
    out: list[Candidate] = []
    for ind in framework.indicators:
        for wording in _indicator_names(ind):
            for variant in _name_variants(wording):
                out.append(Candidate(ind.framework, ind.code, "name", ind.name, variant, ind.is_pillar))
        if ind.name and not ind.is_pillar:
            for part in _conjunct_parts(normalise(ind.name)):
                out.append(Candidate(ind.framework, ind.code, "input", ind.name, part))
        formula = ind.formula
        if not formula or not formula.variables:
            continue
        simple = _SIMPLE_RATIO.match((formula.ratio or "").replace(" ", ""))
        numerator = simple.group(1) if simple else None
        for letter, text in formula.variables.items():
            text = _variable_text(text or "")
            if not text:
                continue
            role = "count" if letter == numerator else "input"
            out.append(Candidate(ind.framework, ind.code, role, text, text))
    for comp in framework.components:
        out.append(Candidate(comp.framework, comp.parent, "input", comp.name, comp.name, component_code=comp.code))
    return out


@dataclass(frozen=True, eq=False)
class FrameworkIndex:
    """A framework's candidates with their names prepared once, and the per-candidate facts the
    ranking filters on, as arrays."""
    candidates: tuple[Candidate, ...]
    prepared: PreparedSet
    is_pillar: np.ndarray
    is_name: np.ndarray
    is_component: np.ndarray
    ids: np.ndarray  # each candidate's indicator id
    agreeing_code: tuple[str | None, ...]  # the row code that counts as agreement
    scores: dict[str, np.ndarray] = field(default_factory=dict)  # row name -> likeness to each candidate


def _index_of(candidates: list[Candidate]) -> FrameworkIndex:
    return FrameworkIndex(
        tuple(candidates), prepare_set([c.compared for c in candidates]),
        np.array([c.is_pillar for c in candidates], dtype=bool),
        np.array([c.role == "name" for c in candidates], dtype=bool),
        np.array([c.component_code is not None for c in candidates], dtype=bool),
        np.array([c.id for c in candidates], dtype=object),
        tuple(c.component_code or (c.code if c.role == "name" else None) for c in candidates))


# (id of the catalog, framework) -> (the catalog, kept so that its id is never reused; its index)
_INDEX_CACHE: dict[tuple[int, str], tuple[Catalog, FrameworkIndex]] = {}


def index_of(catalog: Catalog, framework: str) -> FrameworkIndex:
    """The framework's index, built on first use and kept for the process."""
    key = (id(catalog), framework)
    if key not in _INDEX_CACHE:
        fw = catalog.frameworks.get(framework)
        _INDEX_CACHE[key] = (catalog, _index_of(_framework_candidates(fw) if fw else []))
    return _INDEX_CACHE[key][1]


def score_names(catalog: Catalog, framework: str, names: list[str]) -> None:
    """Score a document's row names against a framework's candidates in one batch, kept for
    the rankings that follow (each row is ranked several times)."""
    _score_into(index_of(catalog, framework), names)


# Scored names kept per framework: a long batch run's memory stays flat.
_SCORES_KEPT = 20000


def _score_into(index: FrameworkIndex, names: list[str]) -> None:
    new = sorted({n for n in names if n and n not in index.scores})
    if not new or not index.candidates:
        return
    if len(index.scores) + len(new) > _SCORES_KEPT:
        index.scores.clear()
    for name, row in zip(new, similarity_matrix([prepare(n) for n in new], index.prepared)):
        index.scores[name] = row


def _name_scores(index: FrameworkIndex, name: str) -> np.ndarray:
    """A row name's likeness to every candidate of an index."""
    _score_into(index, [name])
    return index.scores[name]


def norm_code(code) -> str:
    return re.sub(r"\s+", "", str(code or "")).rstrip(".")


# How many of the best candidates a ranking keeps: enough for the nearest three distinct
# indicators and a runner-up.
_KEEP = 16


def _rank(name: str | None, code: str | None, framework: str, catalog: Catalog,
          use_codes: bool, names_only: bool = False) -> list[Scored]:
    cfg = settings()
    index = index_of(catalog, framework)
    if not index.candidates:
        return []
    row_code = norm_code(code)
    sims = _name_scores(index, name) if name else np.zeros(len(index.candidates))
    agrees = np.array([use_codes and bool(row_code) and row_code == c for c in index.agreeing_code], dtype=bool)
    # A reporting form's or commune plan's headings (I, II, ...) are its own grouping, not the
    # framework's pillars: a pillar is matched through its code, or as a row numbered like a
    # pillar (a bare 1, 2, ...) by name: a list that inserts a pillar renumbers the rest.
    allowed = ~index.is_pillar | agrees | bool(_PILLAR_CODE.match(row_code))
    # A table numbered with the framework's codes lists indicators; the variables of
    # formulas only describe rows of forms and target lists that number their own way.
    if use_codes:
        allowed &= index.is_name | index.is_component
    if names_only:
        allowed &= index.is_name
    code_score = (0.5 + 0.5 * sims) if name else np.full(len(sims), cfg["code_only_score"])
    scores = np.where(agrees, code_score, sims)
    kept = np.flatnonzero(allowed)
    # best score first; on a tie, an indicator's name before a variable, a code agreement first
    order = kept[np.lexsort((~agrees[kept], ~index.is_name[kept], -scores[kept]))][:_KEEP]
    return [Scored(index.candidates[i], float(scores[i]), bool(agrees[i])) for i in order]


def _nearest(ranked: list[Scored], count: int) -> list[dict]:
    seen, out = set(), []
    for scored in ranked:
        if scored.candidate.id in seen:
            continue
        seen.add(scored.candidate.id)
        out.append(scored.describe())
        if len(out) == count:
            break
    return out


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
    ranked = _rank(name, code, framework, catalog, use_codes)
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
    position = index.candidates.index(best.candidate)
    of_row, of_candidate = (float(c[0, position]) for c in word_coverage([query], index.prepared))
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
    nearest = _nearest(ranked, cfg["nearest"])
    best = evidence.best
    if best is None:
        return Decision(None, "no-name" if not name else "below-threshold", nearest)
    if best.candidate.role == "input" and not best.code_agrees or best.candidate.component_code:
        if best.score >= cfg["accept_other_measure"] or best.code_agrees:
            return Decision(None, "input", nearest)
    if not may_match(evidence):
        return Decision(None, "below-threshold", nearest)
    if not accepts(evidence, cfg):
        return Decision(None, "review" if best.score >= cfg["review_floor"] else "below-threshold", nearest)
    c = best.candidate
    exact = best.score >= cfg["exact_name"] or (best.code_agrees and best.score >= 0.5 + 0.5 * cfg["exact_name"])
    method = "exact" if exact and c.role == "name" else "fuzzy"
    return Decision(Match(c.framework, c.code, min(best.score, 1.0), method, nearest), None, nearest)


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
        ranked = _rank(name, code, framework, catalog, use_codes=False, names_only=True)
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
            ranked = _rank(name, code if _DTI_CODE.match(code) else None, fid, catalog, use_codes=True,
                           names_only=True)
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
