"""Issuing bodies and units as the header block prints them ('ỦY BAN NHÂN DÂN' / 'TỈNH X'),
and the province a text names most often."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extract.metadata.lines import Found, Joined
from extract.metadata.vocab import place_key, vocabulary
from normalize.text import fold

# Unit lines ('TỈNH X', 'XÃ Y') follow the agency line within a few lines (motto cells between).
HEADER_UNIT_REACH = 5
# Place names are short: 'Bà Rịa - Vũng Tàu' is the longest province name.
MAX_PLACE_WORDS = 5


@dataclass(frozen=True)
class NamedUnit:
    word: str          # unit word as written in an issuer: "tỉnh", "xã", "thành phố"
    name: str | None   # "Gia Lai", "Đồng Lạc"; None when only the unit word is printed
    level: str         # "tỉnh" | "huyện" | "xã"
    line: int | None


def _place_name(text: str, province_level: bool) -> str | None:
    """The capitalised words that name the place ('Đắk Nông' of 'Đắk Nông về việc ...')."""
    words = []
    for word in text.strip(" -.,;:()|").split()[:MAX_PLACE_WORDS]:
        if not (word[0].isupper() or word.isdigit()):
            break
        words.append(word)
    name = " ".join(words).strip(" -.,;:()|")
    if not name:
        return None
    if province_level and place_key(name) in vocabulary().provinces:
        return vocabulary().provinces[place_key(name)]
    return name.title() if name.isupper() else name


def _cut_motto(text: str) -> str:
    """Header cells scraped side by side: 'TỈNH QUẢNG NAM CỘNG HÒA XÃ HỘI ...' -> 'TỈNH QUẢNG NAM'."""
    words = text.replace("|", " ").split()
    folded = [fold(w) for w in words]
    for k in range(len(words)):
        tail = " ".join(folded[k:])
        if any(tail.startswith(m) for m in vocabulary().motto_starts):
            return " ".join(words[:k])
    return " ".join(words)


def parse_unit(text: str, line: int | None) -> NamedUnit | None:
    """'TỈNH QUẢNG NAM' / 'xã Đồng Lạc' / 'tỉnh' -> unit word, name and level."""
    words = _cut_motto(text).split()
    folded = " ".join(fold(w) for w in words)
    for word, level in vocabulary().unit_words:
        key = fold(word)
        if folded == key or folded.startswith(key + " "):
            rest = " ".join(words[len(word.split()):])
            name = _place_name(rest, province_level=word in ("tỉnh", "thành phố"))
            if word == "thành phố" and name and place_key(name) in vocabulary().cities:
                level = "tỉnh"  # Hà Nội, Hồ Chí Minh ... are province-level cities
            return NamedUnit(word, name, level, line)
    return None


def split_body(text: str) -> tuple[str | None, str]:
    """A leading issuing body ('UBND', 'Ủy ban nhân dân') and what follows it."""
    words = text.split()
    folded = [fold(w) for w in words]
    for name, forms, _code in vocabulary().bodies:
        for form in forms:
            size = len(form.split())
            for k in range(len(words) - size + 1):
                if " ".join(folded[k:k + size]) == form:
                    return name, " ".join(words[k + size:])
    return None, text


LEVEL_RANK = {"tỉnh": 0, "huyện": 1, "xã": 2}


# ---------------------------------------------------------------- header block

@dataclass(frozen=True)
class _HeaderBlock:
    body: str | None
    units: list[NamedUnit]


def _is_motto(text: str) -> bool:
    folded = fold(text)
    return not folded.strip("-_ ") or any(folded.startswith(m) for m in vocabulary().motto_starts)


def read_header(cleaned: list[str], indices: list[int]) -> _HeaderBlock:
    """'ỦY BAN NHÂN DÂN' followed by unit lines ('TỈNH BẮC KẠN', 'HUYỆN CHỢ ĐỒN', 'XÃ ...').

    The unit lines follow the agency line, possibly after motto cells of the other column
    (CỘNG HÒA XÃ HỘI ...); they end at the 'Số:' line. A page that prints the document twice
    (a cut first layout, then the full one) may name the unit only in a later block.
    """
    first_body, body, units = None, None, []
    for pos, i in enumerate(indices):
        # the header prints the agency in capitals; body sentences ('Ủy ban nhân dân tỉnh
        # ban hành ...') also start with the agency's name but are not the header
        if not (cleaned[i].isupper() and starts_with_body(cleaned[i])):
            continue
        body, rest = split_body(cleaned[i])
        first_body = first_body or body
        unit = parse_unit(rest, i + 1) if rest else None
        units += [unit] if unit else []
        for j in indices[pos + 1:pos + 1 + HEADER_UNIT_REACH]:
            text = cleaned[j]
            if re.match(r"Số\s*:", text):
                break
            if _is_motto(text):
                continue
            _, rest = split_body(text) if starts_with_body(text) else (None, text)
            unit = parse_unit(rest, j + 1)
            if unit is None:
                break
            units.append(unit)
        if any(u.name for u in units):
            break
    return _HeaderBlock(first_body, units)


def starts_with_body(text: str) -> bool:
    folded = fold(text)
    return any(folded == form or folded.startswith(form + " ")
               for _, forms, _ in vocabulary().bodies for form in forms)


def infer_province(text: Joined) -> Found | None:
    """The province a commune/district document belongs to: the one most often named as
    'tỉnh <Name>' (căn cứ on provincial decisions, provincial campaigns); ties go to the first."""
    vocab = vocabulary()
    names = sorted(vocab.provinces, key=len, reverse=True)
    pattern = re.compile(r"\b(?:tinh|thanh pho) (" + "|".join(re.escape(n) for n in names) + r")\b")
    folded = re.sub(r"[-.]", " ", fold(text.text))
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for match in pattern.finditer(folded):
        name = vocab.provinces[match.group(1)]
        counts[name] += 1
        first.setdefault(name, match.start())
    if not counts:
        return None
    best = max(counts, key=lambda name: (counts[name], -first[name]))
    return Found(best, text.line_at(first[best]))


def site_table_unit(site: dict[str, str]) -> tuple[str | None, NamedUnit | None]:
    value = site.get("issuer")
    if not value:
        return None, None
    body, rest = split_body(value)
    return body, parse_unit(rest, None)
