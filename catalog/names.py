"""Vietnamese-aware normalisation of indicator names, and their likeness scored in batches.

Plans word the same indicator differently: abbreviations (DVCTT, CCVC, KH&CN),
recurring typos ("chuyên đổi số"), old/new tone placement ("uỷ"/"ủy"), lost
diacritics (scraped or typed without Telex), lost spaces ("Nhậnthứcsố"), a decision
number inside the name, numbers and units written another way ("1.000 dân",
"1Gbps"), reordered phrases, and a count ("Số lượng X") where the framework names
the rate ("Tỷ lệ X"). The vocabularies live in `data/abbreviations.json`; this module
only applies them, the same way to a catalog name and to a row's name.

A name is prepared once (`prepare`) into the forms the scorers compare; a framework's
names are prepared once per process into a `PreparedSet`, and `similarity_matrix` scores
a document's names against the whole set with rapidfuzz's batch scorer (`process.cdist`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

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
# A legal document cited inside a name ("theo Thông tư số 12/2022/TT-BTTTT ngày 24/4/2017"):
# offices cite the version they work under, so the number and date say nothing of the measure.
_DECISION_NUMBER = re.compile(
    r"(?:\bsố\s+)?\b\d{1,5}\s*/\s*(?:\d{4}\s*/\s*)?[a-zđ]{1,6}(?:\s*-\s*[a-zđ0-9]{1,10})+"
    r"(?:\s*,?\s*ngày\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})?")
# Thousands written with a dot or a space ("1.000 dân", "10 000"): one number.
_THOUSANDS = re.compile(r"(?<=\d)[. ](?=\d{3}(?!\d))")
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
    """'1.000 dân' -> '1000 dân', '1gbps' -> '1 gb/s': numbers and units spelt one way."""
    text = _NUMBER_UNIT.sub(" ", _THOUSANDS.sub("", text))
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
    text = _PUNCT.sub(" ", text).replace("/", " / ")
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


# ---------------------------------------------------------------- prepared forms

_SYLLABLE_CODES: dict[str, str] = {}
_FIRST_CODE = 0xF0000  # a private-use plane: one code point per syllable, never a real letter


def _syllable_string(text: str) -> str:
    """'tỷ lệ hộ' -> three code points: a syllable-level comparison done by a string scorer."""
    out = []
    for syllable in text.split():
        code = _SYLLABLE_CODES.get(syllable)
        if code is None:
            code = _SYLLABLE_CODES[syllable] = chr(_FIRST_CODE + len(_SYLLABLE_CODES))
        out.append(code)
    return "".join(out)


@dataclass(frozen=True)
class Form:
    """One reading of a name: its text, and its syllables as written and sorted."""
    text: str
    syllables: str
    sorted_syllables: str


def _form(text: str) -> Form:
    syllables = _syllable_string(text)
    return Form(text, syllables, "".join(sorted(syllables)))


@dataclass(frozen=True)
class PreparedName:
    """A name in every form the scorers compare (see `similarities`)."""
    normalised: str
    written: Form  # diacritics kept
    folded: Form  # diacritics folded (đ -> d)
    headless: Form  # folded, without the leading measure word
    compact: str  # folded, no spaces at all: text whose spaces were lost still compares
    content: frozenset[str]  # folded words without the qualifiers (tỉnh, địa phương, của, ...)
    concepts: frozenset[str]  # the domain terms it names (folded expansions of abbreviations)


@lru_cache(maxsize=8192)
def prepare(name: str) -> PreparedName:
    """A raw name -> its normalised forms (cached: plans repeat names across tables)."""
    normalised = normalise(name)
    folded = fold(normalised)
    content = frozenset(fold(_qualifiers().sub(" ", normalised)).split())
    return PreparedName(normalised, _form(normalised), _form(folded),
                        _form(fold(without_measure_head(normalised))), folded.replace(" ", ""), content,
                        frozenset(t for t in _domain_terms() if _says(folded, t)))


def _says(folded: str, phrase: str) -> bool:
    return f" {phrase} " in f" {folded} "


# A domain term has three syllables or more ("chuyển đổi số", "an toàn thông tin mạng"):
# shorter expansions ("doanh nghiệp", "cơ quan") are everyday words, not a measure's subject.
_TERM_SYLLABLES = 3


@lru_cache(maxsize=1)
def _domain_terms() -> frozenset[str]:
    """The expansions of the abbreviation table, folded: the subjects indicators are about."""
    terms = (fold(_PUNCT.sub(" ", v.casefold())) for v in vocabulary()["abbreviations"].values())
    return frozenset(" ".join(t.split()) for t in terms if len(t.split()) >= _TERM_SYLLABLES)


def swaps_term(row: PreparedName, candidate: PreparedName) -> bool:
    """Does the row name a domain term the candidate lacks while lacking one the candidate
    names ("an toàn thông tin mạng" where it says "chuyển đổi số")? Then it is about
    something else, however alike the rest of the wording."""
    row_text, candidate_text = row.folded.text, candidate.folded.text
    return (any(not _says(candidate_text, t) for t in row.concepts)
            and any(not _says(row_text, t) for t in candidate.concepts))


@lru_cache(maxsize=1)
def _qualifiers() -> re.Pattern:
    words = sorted((w.casefold() for w in vocabulary()["qualifiers"]), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


@dataclass(frozen=True)
class PreparedSet:
    """Many prepared names as columns ("written.text" -> one string per name), the shape the
    batch scorers take; built once per framework and process."""
    names: tuple[PreparedName, ...]
    columns: dict[str, list[str]]
    words: frozenset[str]  # every folded word of the names
    vocabulary: dict[str, int]  # folded word -> column of `weights`
    weights: np.ndarray  # names x vocabulary: a word's weight (its rarity) where the name has it
    rarest: float  # the weight of a word no name has


def prepare_set(names: list[str]) -> PreparedSet:
    """Raw names -> their prepared forms, column by column."""
    prepared = tuple(prepare(n) for n in names)
    columns = {f"{form}.{part}": [getattr(getattr(n, form), part) for n in prepared]
               for form in ("written", "folded", "headless") for part in ("text", "syllables", "sorted_syllables")}
    columns["compact"] = [n.compact for n in prepared]
    vocabulary, weights, rarest = _word_weights([set(n.content) for n in prepared])
    words = frozenset(w for n in prepared for w in n.folded.text.split())
    return PreparedSet(prepared, columns, words, vocabulary, weights, rarest)


def _word_weights(word_sets: list[set[str]]) -> tuple[dict[str, int], np.ndarray, float]:
    """Inverse document frequency of each word over the names, as a names x words matrix."""
    vocabulary = {w: i for i, w in enumerate(sorted(set().union(*word_sets)))}
    present = np.zeros((len(word_sets), len(vocabulary)))
    for row, words in enumerate(word_sets):
        present[row, [vocabulary[w] for w in words]] = 1.0
    rarest = float(np.log(1 + len(word_sets)))
    idf = np.log((1 + len(word_sets)) / (1 + present.sum(axis=0))) + 1.0 if len(vocabulary) else np.zeros(0)
    return vocabulary, present * idf, rarest + 1.0


def word_coverage(queries: list[PreparedName], choices: PreparedSet) -> tuple[np.ndarray, np.ndarray]:
    """How much of each name's rare content words the other has (queries x choices, both ways, 0..1).

    Names that differ in one common word ("của tỉnh") stay alike; names that differ in a rare
    one ("hóa đơn" for "hợp đồng") do not, however close their letters are.
    """
    idf = choices.weights.max(axis=0) if choices.weights.size else np.zeros(0)
    in_query = np.zeros((len(queries), len(choices.vocabulary)))
    query_total = np.zeros(len(queries))
    for row, q in enumerate(queries):
        for word in q.content:
            column = choices.vocabulary.get(word)
            if column is None:
                query_total[row] += choices.rarest
            else:
                in_query[row, column] = 1.0
                query_total[row] += idf[column]
    shared = in_query @ choices.weights.T
    choice_total = choices.weights.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        of_query = np.nan_to_num(shared / query_total[:, None])
        of_choice = np.nan_to_num(shared / choice_total[None, :])
    return of_query, of_choice


# A Vietnamese syllable has at most seven letters (nghiêng); a longer word that no catalog
# name has is syllables whose spaces were lost.
_LONGEST_SYLLABLE = 7


def lost_spaces(query: PreparedName, choices: PreparedSet) -> bool:
    """Does a name hold words glued together ('nhanthucso')?"""
    return any(len(w) > _LONGEST_SYLLABLE and w not in choices.words for w in query.folded.text.split())


# Penalties keep an exact reading ahead of a looser one that happens to score the same.
FOLDED_PENALTY = 0.98
HEADLESS_PENALTY = 0.96
COMPACT_PENALTY = 0.95


def _batch(scorer, queries: list[str], choices: list[str]) -> np.ndarray:
    return process.cdist(queries, choices, scorer=scorer, dtype=np.float64) / 100.0


def _form_scores(queries: list[PreparedName], choices: PreparedSet, form: str) -> np.ndarray:
    """Mean of a character-level and a syllable-level likeness (each order-insensitive).

    Characters forgive small misspellings; syllables keep one changed word from looking
    alike ("hóa đơn điện tử" is not "hợp đồng điện tử", though their letters nearly are).
    """
    def column(part: str) -> list[str]:
        return [getattr(getattr(q, form), part) for q in queries]
    texts, choice_texts = column("text"), choices.columns[f"{form}.text"]
    chars = np.maximum(_batch(fuzz.ratio, texts, choice_texts), _batch(fuzz.token_sort_ratio, texts, choice_texts))
    syllables = np.maximum(
        _batch(fuzz.ratio, column("syllables"), choices.columns[f"{form}.syllables"]),
        _batch(fuzz.ratio, column("sorted_syllables"), choices.columns[f"{form}.sorted_syllables"]))
    return (chars + syllables) / 2


def similarity_matrix(queries: list[PreparedName], choices: PreparedSet) -> np.ndarray:
    """0..1 likeness of each name to each of many (queries x choices): the best of as written,
    without diacritics, without the measure word, and (for a name whose spaces were lost)
    without spaces; each reading but the first slightly discounted."""
    if not queries or not choices.names:
        return np.zeros((len(queries), len(choices.names)))
    best = np.maximum.reduce([_form_scores(queries, choices, "written"),
                              FOLDED_PENALTY * _form_scores(queries, choices, "folded"),
                              HEADLESS_PENALTY * _form_scores(queries, choices, "headless")])
    # Without spaces the syllables cannot keep "hóa đơn" from "hợp đồng": only where they were lost.
    glued = [i for i, q in enumerate(queries) if lost_spaces(q, choices)]
    if glued:
        compact = COMPACT_PENALTY * _batch(fuzz.ratio, [queries[i].compact for i in glued], choices.columns["compact"])
        best[glued] = np.maximum(best[glued], compact)
    best[[i for i, q in enumerate(queries) if not q.normalised]] = 0.0
    return best


def similarity(a: str, b: str) -> float:
    """0..1 likeness of two names (one pair; the matcher scores in batches)."""
    return float(similarity_matrix([prepare(a)], prepare_set([b]))[0, 0])
