"""Canonical indicator names: the framework's wording without one province's place names.

A plan restating the framework writes its own places into indicator names ("Báo và Phát
thanh, Truyền hình <tỉnh X> có chuyên mục riêng ..."); the definition is the same for every
province. `generic_name` puts the level's generic word (tỉnh / huyện / xã) in place of each
place the administrative gazetteer finds; the printed wordings are kept as aliases.
"""
from __future__ import annotations

import re

from catalog.model import Framework
from normalize.admin import mentions
from normalize.text import fold, nfc


def generic_name(name: str) -> str:
    """'Truyền hình <Province> có ...' -> 'Truyền hình tỉnh có ...'; '<unit word> <Name>' -> the level word."""
    text = nfc(name)
    parts, last = [], 0
    for found in mentions(text):
        parts += [text[last:found.start], found.units[0].level]
        last = found.end
    parts.append(text[last:])
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def settle_names(fw: Framework) -> None:
    """Each indicator's name made generic; every printed wording that differs kept as an alias."""
    for ind in fw.indicators:
        wordings = [c.value for c in ind.evidence.get("name", [])]
        if ind.name is None and wordings:
            ind.name = wordings[0]
            ind.source["name"] = ind.evidence["name"][0].sources[0]
        if ind.name is None:
            continue
        printed = [ind.name, *ind.aliases, *wordings]
        ind.name = generic_name(ind.name)
        seen = {fold(ind.name)}
        ind.aliases = []
        for wording in printed:
            if fold(wording) not in seen:
                seen.add(fold(wording))
                ind.aliases.append(wording)
