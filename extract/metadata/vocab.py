"""The vocabularies of data/metadata.json (provinces, unit words, bodies, document types,
signature words, site labels, DTI framework decisions), loaded once."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from normalize.text import fold

_DATA = Path(__file__).parents[1] / "data" / "metadata.json"


def place_key(text: str) -> str:
    """Look-up key for a place name: folded, hyphens and dots as spaces ('Bà Rịa-Vũng Tàu')."""
    return " ".join(re.sub(r"[-.]", " ", fold(text)).split())


def number_key(number: str) -> str:
    return fold(re.sub(r"\s+", "", number))


@dataclass(frozen=True)
class _Vocab:
    provinces: dict[str, str]          # place key -> canonical province name
    cities: frozenset[str]             # place keys of centrally governed cities
    unit_words: tuple[tuple[str, str], ...]  # (printed unit word, level), longest first
    bodies: tuple[tuple[str, tuple[str, ...], str], ...]  # (name, folded forms, number code)
    types: dict[str, str]              # folded type name -> name
    type_codes: dict[str, str]         # folded number code (KH) -> type name
    motto_starts: tuple[str, ...]
    frameworks: dict[str, str]         # number key -> number
    framework_phrases: tuple[str, ...]
    signature_prefixes: tuple[str, ...]
    authority_titles: tuple[str, ...]
    enacting_bodies: tuple[str, ...]
    unit_abbreviations: dict[str, str]  # folded 'tp' -> 'thành phố'
    site_stop_labels: tuple[str, ...]  # site labels whose value no field takes
    ministries: dict[str, str]         # folded name -> 'Bộ Thông tin và Truyền thông'
    organs: tuple[tuple[str, tuple[str, ...]], ...]  # (name, folded forms): 'Ban Chỉ đạo' under a UBND
    type_names: tuple[str, ...]        # as printed: 'Kế hoạch'
    basis_verbs: tuple[str, ...]       # 'Căn cứ <verb> <type>' headings
    signature_titles: frozenset[str]
    signature_notes: frozenset[str]
    site_labels: dict[str, str]        # folded label -> field


@cache
def vocabulary() -> _Vocab:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    provinces: dict[str, str] = {}
    for name in data["provinces_pre_2025"] + data["provinces_post_2025"]:
        provinces[place_key(name)] = name
    for name, variants in data["province_spelling_variants"].items():
        for variant in variants:
            provinces[place_key(variant)] = name
    units = sorted(data["unit_levels"].items(), key=lambda kv: -len(kv[0]))
    bodies = tuple((b["name"], tuple(fold(f) for f in b["forms"]), b["code"])
                   for b in data["issuing_bodies"])
    return _Vocab(
        provinces=provinces,
        cities=frozenset(place_key(c) for c in data["centrally_governed_cities"]),
        unit_words=tuple(units),
        bodies=bodies,
        types={fold(t["name"]): t["name"] for t in data["document_types"]},
        type_codes={fold(t["code"]): t["name"] for t in data["document_types"] if t["code"]},
        motto_starts=tuple(fold(m) for m in data["header_motto_starts"]),
        frameworks={number_key(f["number"]): f["number"] for f in data["dti_frameworks"]},
        framework_phrases=tuple(fold(p) for p in data["framework_title_phrases"]),
        signature_prefixes=tuple(fold(p) for p in data["signature_prefixes"]),
        authority_titles=tuple(data["authority_titles"]),
        enacting_bodies=tuple(data["enacting_bodies"]),
        unit_abbreviations=dict(data["unit_abbreviations"]),
        site_stop_labels=tuple(data["site_stop_labels"]),
        ministries={fold(m): m for m in data["ministries"]},
        organs=tuple((o["name"], tuple(fold(f) for f in o["forms"])) for o in data["header_organs"]),
        type_names=tuple(t["name"] for t in data["document_types"]),
        basis_verbs=tuple(data["basis_heading_verbs"]),
        signature_titles=frozenset(fold(t) for t in data["signature_titles"]),
        signature_notes=frozenset(fold(n) for n in data["signature_notes"]),
        site_labels={fold(label): field for field, labels in data["site_labels"].items()
                     for label in labels},
    )
