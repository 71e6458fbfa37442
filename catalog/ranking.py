"""Candidates of a framework and their ranking against one row.

A row is compared with every indicator's name (and the aliases the catalog lists) and,
where the catalog knows the indicator's formula, with its variables: a reporting form
asks for the inputs of a rate, and a row that is the numerator of a simple a/b rate is
that indicator ("its main count"), while a denominator or one term of a compound
numerator is only an input (no indicator). A framework's candidates are prepared once per
process (`index_of`) and a document's row names scored against them in one batch
(`score_names`); `rank` orders the candidates for one row.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from catalog.likeness import PreparedSet, prepare, prepare_set, similarity_matrix
from catalog.model import Catalog, Framework
from catalog.names import normalise

DATA = Path(__file__).parent / "data"
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
    position: int  # the candidate's place in its framework's index (the first, where the catalog repeats one)

    def describe(self) -> dict:
        c = self.candidate
        return {"framework": c.framework, "code": c.code, "role": c.role,
                "name": c.text, "score": round(self.score, 3)}


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
    first_place: tuple[int, ...]  # each candidate's place, or that of the first equal one before it
    agreeing: dict[str, np.ndarray]  # a row code -> the places of the candidates it agrees with
    scores: dict[str, np.ndarray] = field(default_factory=dict)  # row name -> likeness to each candidate
    allowed: dict[tuple[bool, bool, bool], "Allowed"] = field(default_factory=dict)  # see `_allowed`


def _first_places(candidates: list[Candidate]) -> tuple[int, ...]:
    """Each candidate's place in the list, a repeated one's that of its first copy."""
    first: dict[Candidate, int] = {}
    return tuple(first.setdefault(c, i) for i, c in enumerate(candidates))


def _agreeing(candidates: list[Candidate]) -> dict[str, np.ndarray]:
    """The row code that agrees with each candidate (an indicator's name: its code; a lettered
    input row: its own code; a variable: none) -> the places of the candidates it agrees with."""
    places: dict[str, list[int]] = {}
    for i, c in enumerate(candidates):
        code = c.component_code or (c.code if c.role == "name" else None)
        if code:
            places.setdefault(code, []).append(i)
    return {code: np.array(at, dtype=np.intp) for code, at in places.items()}


def _index_of(candidates: list[Candidate]) -> FrameworkIndex:
    return FrameworkIndex(
        tuple(candidates), prepare_set([c.compared for c in candidates]),
        np.array([c.is_pillar for c in candidates], dtype=bool),
        np.array([c.role == "name" for c in candidates], dtype=bool),
        np.array([c.component_code is not None for c in candidates], dtype=bool),
        np.array([c.id for c in candidates], dtype=object), _first_places(candidates), _agreeing(candidates))


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


def rank(name: str | None, code: str | None, framework: str, catalog: Catalog,
         use_codes: bool, names_only: bool = False, keep: int = _KEEP) -> list[Scored]:
    """A row's name and code -> the best `keep` candidates of a framework, best first."""
    cfg = settings()
    index = index_of(catalog, framework)
    if not index.candidates:
        return []
    row_code = norm_code(code)
    sims = _name_scores(index, name) if name else np.zeros(len(index.candidates))
    allowed = _allowed(index, bool(_PILLAR_CODE.match(row_code)), use_codes, names_only)
    agreeing = index.agreeing.get(row_code) if use_codes else None
    if agreeing is None:  # no candidate's code agrees: likeness alone orders them
        return _best(index, allowed.places, sims, None, keep)
    agrees = np.zeros(len(index.candidates), dtype=bool)
    agrees[agreeing] = True
    # a pillar whose code agrees is allowed (its kind must be allowed all the same)
    with_agreeing = allowed.mask | (agrees & allowed.kinds)
    code_score = (0.5 + 0.5 * sims) if name else np.full(len(sims), cfg["code_only_score"])
    return _best(index, np.flatnonzero(with_agreeing), np.where(agrees, code_score, sims), agrees, keep)


@dataclass(frozen=True)
class Allowed:
    """The candidates a ranking may return without a code that agrees (mask and places), and
    the kinds it may return at all (mask)."""
    mask: np.ndarray
    places: np.ndarray
    kinds: np.ndarray


def _allowed(index: FrameworkIndex, pillar_numbered: bool, use_codes: bool, names_only: bool) -> Allowed:
    """The candidates a row may be, kept per index and way of ranking.

    A reporting form's or commune plan's headings (I, II, ...) are its own grouping, not the
    framework's pillars: a pillar is matched through its code, or as a row numbered like a
    pillar (a bare 1, 2, ...) by name: a list that inserts a pillar renumbers the rest.
    A table numbered with the framework's codes lists indicators; the variables of
    formulas only describe rows of forms and target lists that number their own way."""
    key = (pillar_numbered, use_codes, names_only)
    if key not in index.allowed:
        kinds = np.ones(len(index.candidates), dtype=bool)
        if use_codes:
            kinds &= index.is_name | index.is_component
        if names_only:
            kinds &= index.is_name
        mask = (~index.is_pillar | pillar_numbered) & kinds
        index.allowed[key] = Allowed(mask, np.flatnonzero(mask), kinds)
    return index.allowed[key]


def _best(index: FrameworkIndex, kept: np.ndarray, scores: np.ndarray, agrees: np.ndarray | None,
          keep: int) -> list[Scored]:
    """The best `keep` of the kept candidates (places, ascending): best score first; on a tie,
    an indicator's name before a variable, a code agreement first (no key where none agrees:
    it would be the same for all), then the catalog's order."""
    kept = _contenders(kept, scores, keep)
    keys = (~index.is_name[kept], -scores[kept])
    order = kept[np.lexsort(keys if agrees is None else (~agrees[kept], *keys))][:keep]
    agreed = agrees[order].tolist() if agrees is not None else [False] * len(order)
    return [Scored(index.candidates[i], score, agree, index.first_place[i])
            for i, score, agree in zip(order.tolist(), scores[order].tolist(), agreed)]


def _contenders(kept: np.ndarray, scores: np.ndarray, keep: int) -> np.ndarray:
    """The candidates (places, ascending) that can be among the best `keep`: those scoring at
    least the keep-th best score, ties included; sorting only these puts the best `keep` first
    in the same order as sorting them all (likeness is never NaN)."""
    if len(kept) <= keep:
        return kept
    bar = np.partition(scores[kept], len(kept) - keep)[len(kept) - keep]
    return kept[scores[kept] >= bar]


def nearest(ranked: list[Scored], count: int) -> list[dict]:
    seen, out = set(), []
    for scored in ranked:
        if scored.candidate.id in seen:
            continue
        seen.add(scored.candidate.id)
        out.append(scored.describe())
        if len(out) == count:
            break
    return out
