"""Likeness of indicator names, scored in batches.

A name is prepared once (`prepare`) into the forms the scorers compare: as normalised
(names.normalise), without diacritics, without its measure word, without spaces, its
syllables, its rare content words and the domain terms it names. A framework's names are
prepared once per process into a `PreparedSet`, and `similarity_matrix` scores a
document's names against the whole set with rapidfuzz's batch scorer (`process.cdist`):
each distinct pair of forms once, their letters and syllables in narrow codes (renamed
characters compare as the originals do, only faster).
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from catalog.names import PUNCT, normalise, vocabulary, without_measure_head
from normalize.text import fold

_SYLLABLE_CODES: dict[str, str] = {}
# Each syllable gets its own code point, in the order first seen (a syllable string is only
# compared with syllable strings, so any code will do; the first 65,534 fit in two bytes,
# which rapidfuzz compares much faster than the four of a higher plane); past them (a long
# batch run over noisy text) a new syllable shares a code above them by checksum: the
# catalog's syllables have their own codes by then, so a shared code can only make two
# words alike that no catalog name has. Codes rise in the order first seen either way, which
# is the order sorted syllables follow.
_FIRST_CODE, _PLANE = 0, 0xFFFE
_OVERFLOW_CODE = 0x100000


def _syllable_code(syllable: str) -> str:
    code = _SYLLABLE_CODES.get(syllable)
    if code is None:
        if len(_SYLLABLE_CODES) < _PLANE:
            code = _SYLLABLE_CODES[syllable] = chr(_FIRST_CODE + len(_SYLLABLE_CODES))
        else:
            code = chr(_OVERFLOW_CODE + zlib.crc32(syllable.encode()) % _PLANE)
    return code


def _syllable_string(text: str) -> str:
    """'tỷ lệ hộ' -> three code points: a syllable-level comparison done by a string scorer."""
    return "".join(_syllable_code(s) for s in text.split())


class _LetterCodes(dict):
    """Code point -> its own new character, first seen first served (str.translate's table).

    The scorers only ask which characters are equal, so renaming every character the same
    way leaves every score as it was; Vietnamese letters (ệ, ở, ...) are wide characters,
    which rapidfuzz compares several times slower than the one-byte codes the first 256
    distinct characters of a run get (a run that meets more goes on past them, as slowly)."""

    def __missing__(self, point: int) -> str:
        code = self[point] = chr(len(self))
        return code


_LETTER_CODES = _LetterCodes()


def _letter_codes(text: str) -> str:
    """A text with every character renamed by the run's `_LetterCodes` (a scorer's view of it)."""
    return text.translate(_LETTER_CODES)


@dataclass(frozen=True)
class Form:
    """One reading of a name: its text, and the strings the scorers compare: its letters
    and its syllables, each as written and sorted."""
    text: str
    letters: str  # the text in the run's letter codes
    sorted_letters: str  # ... its words sorted first (what fuzz.token_sort_ratio compares), once per form
    syllables: str
    sorted_syllables: str


# The parts of a form the scorers compare, each with its like (see `_distinct_scores`).
FORM_PARTS = ("letters", "sorted_letters", "syllables", "sorted_syllables")


def _form(text: str) -> Form:
    syllables = _syllable_string(text)
    return Form(text, _letter_codes(text), _letter_codes(" ".join(sorted(text.split()))),
                syllables, "".join(sorted(syllables)))


@dataclass(frozen=True)
class PreparedName:
    """A name in every form the scorers compare (see `similarities`)."""
    normalised: str
    written: Form  # diacritics kept
    folded: Form  # diacritics folded (đ -> d)
    headless: Form  # folded, without the leading measure word
    compact: str  # folded, no spaces at all: text whose spaces were lost still compares
    content: frozenset[str]  # words without the qualifiers (tỉnh, địa phương, của, ...), diacritics kept
    folded_content: frozenset[str]  # the same, folded
    plain: bool  # typed without diacritics (its abbreviations' expansions have them all the same)
    concepts: frozenset[str]  # the domain terms it names (folded expansions of abbreviations)


@lru_cache(maxsize=8192)
def prepare(name: str) -> PreparedName:
    """A raw name -> its normalised forms (cached: plans repeat names across tables)."""
    normalised = normalise(name)
    folded = fold(normalised)
    content = _qualifiers().sub(" ", normalised)
    return PreparedName(normalised, _form(normalised), _form(folded),
                        _form(fold(without_measure_head(normalised))), folded.replace(" ", ""),
                        frozenset(content.split()), frozenset(fold(content).split()), _plain(name),
                        frozenset(t for t in _domain_terms() if _says(folded, t)))


def _plain(name: str) -> bool:
    """Was a name typed without diacritics ('Ty le ho gia dinh')?"""
    text = " ".join(name.casefold().split())
    return fold(text) == text


def _says(folded: str, phrase: str) -> bool:
    return f" {phrase} " in f" {folded} "


# A domain term has three syllables or more ("chuyển đổi số", "an toàn thông tin mạng"):
# shorter expansions ("doanh nghiệp", "cơ quan") are everyday words, not a measure's subject.
_TERM_SYLLABLES = 3


@lru_cache(maxsize=1)
def _domain_terms() -> frozenset[str]:
    """The expansions of the abbreviation table, folded: the subjects indicators are about."""
    terms = (fold(PUNCT.sub(" ", v.casefold())) for v in vocabulary()["abbreviations"].values())
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
class WordWeights:
    """Each content word's rarity over a set of names (inverse document frequency)."""
    vocabulary: dict[str, int]  # word -> column of `weights`
    weights: np.ndarray  # names x vocabulary: the word's weight where the name has it, else 0
    rarest: float  # the weight of a word no name has
    idf: np.ndarray  # each word's weight (the most any name gives it)
    totals: np.ndarray  # each name's words' weights summed


@dataclass(frozen=True)
class FormColumns:
    """One reading of many names as the batch scorers take it: the distinct forms, part by
    part ("letters" -> one string per distinct form), and each name's position among them
    (names that read alike, such as an indicator's name and its main count, are scored once)."""
    columns: dict[str, list[str]]
    of_name: np.ndarray


def _form_columns(forms: list[Form]) -> FormColumns:
    """Forms, one per name -> the distinct ones as columns and where each name's is."""
    position: dict[Form, int] = {}
    of_name = np.array([position.setdefault(f, len(position)) for f in forms], dtype=np.intp)
    return FormColumns({part: [getattr(f, part) for f in position] for part in FORM_PARTS}, of_name)


@dataclass(frozen=True)
class PreparedSet:
    """Many prepared names, each reading as columns (`FormColumns`), the shape the batch
    scorers take; built once per framework and process."""
    names: tuple[PreparedName, ...]
    readings: dict[str, FormColumns]  # "written" | "folded" | "headless" -> its columns
    compact: list[str]  # each name without spaces
    words: frozenset[str]  # every folded word of the names
    written_words: WordWeights  # content words as written ("có" and "cố" are two words) ...
    folded_words: WordWeights  # ... and folded, for a row typed without diacritics


READINGS = ("written", "folded", "headless")


def prepare_set(names: list[str]) -> PreparedSet:
    """Raw names -> their prepared forms, reading by reading."""
    prepared = tuple(prepare(n) for n in names)
    readings = {form: _form_columns([getattr(n, form) for n in prepared]) for form in READINGS}
    words = frozenset(w for n in prepared for w in n.folded.text.split())
    return PreparedSet(prepared, readings, [n.compact for n in prepared], words,
                       _word_weights([n.content for n in prepared]), _word_weights([n.folded_content for n in prepared]))


def _word_weights(word_sets: list[frozenset[str]]) -> WordWeights:
    """Inverse document frequency of each word over the names, as a names x words matrix."""
    vocabulary = {w: i for i, w in enumerate(sorted(set().union(*word_sets)))}
    present = np.zeros((len(word_sets), len(vocabulary)))
    for row, words in enumerate(word_sets):
        present[row, [vocabulary[w] for w in words]] = 1.0
    idf = np.log((1 + len(word_sets)) / (1 + present.sum(axis=0))) + 1.0
    weights = present * idf
    return WordWeights(vocabulary, weights, float(np.log(1 + len(word_sets))) + 1.0,
                       weights.max(axis=0) if weights.size else np.zeros(0), weights.sum(axis=1))


def pair_coverage(query: PreparedName, choices: PreparedSet, position: int) -> tuple[float, float]:
    """How much of one name's rare content words the other has: (of the query, of the choice at
    `position`), 0..1. A name typed without diacritics is compared folded.

    Names that differ in one common word ("của tỉnh") stay alike; names that differ in a rare
    one ("hóa đơn" for "hợp đồng") do not, however close their letters are.
    """
    table = choices.folded_words if query.plain else choices.written_words
    shared, query_total = _shared_words(query.folded_content if query.plain else query.content, table)
    part = float(shared[position])
    return _share(part, query_total), _share(part, float(table.totals[position]))


def _share(part: float, whole: float) -> float:
    """part / whole; a name without content words (whole 0, and then part 0: every word
    weighs at least 1) shares nothing."""
    return part / whole if whole else 0.0


def _shared_words(words: frozenset[str], table: WordWeights) -> tuple[np.ndarray, float]:
    """A name's content words -> the weight of those it shares with each name of the table,
    and its own words' total weight (a word no name has weighs the most)."""
    in_query = np.zeros((1, len(table.vocabulary)))
    total = 0.0
    for word in words:
        column = table.vocabulary.get(word)
        if column is None:
            total += table.rarest
        else:
            in_query[0, column] = 1.0
            total += table.idf[column]
    # the one-row product the batch of one query was: the same sums, bit for bit (a dot
    # product with the one column read may add them in another order)
    return (in_query @ table.weights.T)[0], float(total)


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
    """One reading's likeness of each query to each choice (queries x choices), each distinct
    pair of forms scored once."""
    rows, columns = _form_columns([getattr(q, form) for q in queries]), choices.readings[form]
    return _distinct_scores(rows, columns)[np.ix_(rows.of_name, columns.of_name)]


def _distinct_scores(rows: FormColumns, columns: FormColumns) -> np.ndarray:
    """Mean of a character-level and a syllable-level likeness (each order-insensitive).

    Characters forgive small misspellings; syllables keep one changed word from looking
    alike ("hóa đơn điện tử" is not "hợp đồng điện tử", though their letters nearly are).
    The words sorted once per form and compared by `fuzz.ratio` score what
    `fuzz.token_sort_ratio` scores, without sorting them again for every pair.
    """
    def likeness(part: str) -> np.ndarray:
        return _batch(fuzz.ratio, rows.columns[part], columns.columns[part])
    chars = np.maximum(likeness("letters"), likeness("sorted_letters"))
    syllables = np.maximum(likeness("syllables"), likeness("sorted_syllables"))
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
        compact = COMPACT_PENALTY * _batch(fuzz.ratio, [queries[i].compact for i in glued], choices.compact)
        best[glued] = np.maximum(best[glued], compact)
    best[[i for i, q in enumerate(queries) if not q.normalised]] = 0.0
    return best


def similarity(a: str, b: str) -> float:
    """0..1 likeness of two names (one pair; the matcher scores in batches)."""
    return float(similarity_matrix([prepare(a)], prepare_set([b]))[0, 0])
