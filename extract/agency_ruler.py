"""The agency ruler: spaCy's EntityRuler over the gazetteer's names, which also finds a name
printed with a province's name in place of its "tỉnh".

Plans print "Báo và Phát thanh, Truyền hình Khánh Hòa" or "... tỉnh Khánh Hòa" where the
gazetteer says "Báo và Phát thanh, Truyền hình tỉnh". Written out as phrase patterns, the
province variants are 42 names x 71 provinces x 2 = 5,964 of the ruler's 6,108 patterns, and
turning them into Docs was most of the pipeline's start-up. Here each such name is kept once,
as its words before and after "tỉnh"; a small matcher finds province names in the text and a
name's variant is matched where its words stand round one. The variant matches join the
ruler's own before it picks the longest, so the entities are those the written-out patterns
gave.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from extract.spacy_import import import_spacy

import_spacy()  # before any spacy.* import below: spaCy without its command line
from spacy.language import Language  # noqa: E402
from spacy.matcher import PhraseMatcher  # noqa: E402
from spacy.pipeline import EntityRuler  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

LABEL = "AGENCY"
PROVINCE_WORD = "tỉnh"  # the word a province's name stands for (or follows) in a printed name


@dataclass(frozen=True)
class SlottedName:
    """A name with one "tỉnh", as the NORMs of its words before and after it."""
    before: tuple[str, ...]
    after: tuple[str, ...]
    key: int                 # the ruler's match id of the name's canonical form


class AgencyRuler(EntityRuler):
    """An EntityRuler whose matches also hold the province variants of its slotted names."""

    slotted: list[SlottedName]
    province_matcher: PhraseMatcher | None = None
    province_norm: str = ""
    reach: int = 1  # tokens to read round a province name: a slotted name's longest side, and "tỉnh"

    def add_province_variants(self, names: dict[str, list[str]], provinces: Iterable[str]) -> None:
        """Every name or alias (canonical -> aliases) that prints "tỉnh" once also matches with
        one of `provinces` in its place or after it."""
        provinces = [p for p in provinces if p]
        self.slotted = []
        if not provinces:
            return
        self.province_matcher = PhraseMatcher(self.nlp.vocab, attr="NORM")
        self.province_matcher.add("PROVINCE", [self.nlp.make_doc(p) for p in provinces])
        self.province_norm = self.nlp.make_doc(PROVINCE_WORD)[0].norm_
        for canonical, aliases in names.items():
            for name in sorted({canonical, *aliases}):
                slotted = self._slotted(name, canonical)
                if slotted is not None:
                    self.slotted.append(slotted)
        self.reach = 1 + max((max(len(n.before), len(n.after)) for n in self.slotted), default=0)

    def _slotted(self, name: str, canonical: str) -> SlottedName | None:
        words = self.nlp.make_doc(name)
        slots = [t.i for t in words if t.text == PROVINCE_WORD]
        if len(slots) != 1:  # names print "tỉnh" once; a name with two keeps its written form only
            return None
        key = self.nlp.vocab.strings.add(self._create_label(LABEL, canonical))
        self._ent_ids[key] = (LABEL, canonical)  # what add_patterns records for the canonical's id
        norms = [t.norm_ for t in words]
        return SlottedName(tuple(norms[:slots[0]]), tuple(norms[slots[0] + 1:]), key)

    def match(self, doc: Doc):
        found = super().match(doc)
        variants = self._variant_matches(doc) if self.province_matcher is not None else set()
        if not variants:
            return found
        return sorted(set(found) | variants, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)

    def _variant_matches(self, doc: Doc) -> set[tuple[int, int, int]]:
        """(key, start, end) of each slotted name round a province name: "<before> <province>
        <after>" or "<before> tỉnh <province> <after>"."""
        out: set[tuple[int, int, int]] = set()
        reach = self.reach
        for _, start, end in self.province_matcher(doc):
            first = max(0, start - reach)
            window = tuple(doc[i].norm_ for i in range(first, min(len(doc), end + reach)))
            left, right = start - first, end - first  # the province's place in the window
            for name in self.slotted:
                if window[right:right + len(name.after)] != name.after:
                    continue
                begin = left - len(name.before)
                if begin >= 0 and window[begin:left] == name.before:
                    out.add((name.key, first + begin, end + len(name.after)))
                if begin >= 1 and window[left - 1] == self.province_norm and window[begin - 1:left - 1] == name.before:
                    out.add((name.key, first + begin - 1, end + len(name.after)))
        return out


@Language.factory("agency_ruler", default_config={"phrase_matcher_attr": "NORM", "validate": True})
def make_agency_ruler(nlp: Language, name: str, phrase_matcher_attr: str, validate: bool) -> AgencyRuler:
    return AgencyRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr, validate=validate)
