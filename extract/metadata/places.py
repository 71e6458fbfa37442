"""Issuing bodies and units as the header block prints them ('ỦY BAN NHÂN DÂN' / 'TỈNH X'),
and the province a text names most often."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extract.metadata.lines import Found, Joined
from extract.metadata.vocab import place_key, vocabulary
from normalize.admin import Unit, mentions
from normalize.text import fold

# Unit lines ('TỈNH X', 'XÃ Y') follow the agency line within a few lines (motto cells between).
HEADER_UNIT_REACH = 5
# Place names are short: 'Bà Rịa - Vũng Tàu' is the longest province name.
MAX_PLACE_WORDS = 5


@dataclass(frozen=True)
class NamedUnit:
    word: str          # unit word as written in an issuer: "tỉnh", "xã", "thành phố"
    name: str | None   # "Sơn La", "Tân Lập"; None when only the unit word is printed
    level: str         # "tỉnh" | "huyện" | "xã"
    line: int | None


def _place_name(text: str, province_level: bool) -> str | None:
    """The capitalised words that name the place ('Bình Định' of 'Bình Định về việc ...')."""
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
    known = _province_unit(name) if province_level else None
    if known:
        return known.name
    return name.title() if name.isupper() else name


def _province_unit(name: str) -> Unit | None:
    """The gazetteer's province-level unit a whole name is ('HCM', 'Đắc Lắc'), else None."""
    found = mentions(name)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(name):
        return next((u for u in found[0].units if u.level == "tỉnh"), None)
    return None


# 'TP. HỒ CHÍ MINH', 'TP.HCM', 'TX Sa Pa': a unit word abbreviated before the name.
_ABBREVIATED = re.compile(r"^(?P<abbr>[^\W\d_]{2})\.?\s*(?=[^\W\d_])")


def _expand_abbreviation(text: str) -> str:
    """'TP. HỒ CHÍ MINH' -> 'thành phố HỒ CHÍ MINH' (data/metadata.json unit_abbreviations)."""
    match = _ABBREVIATED.match(text)
    full = vocabulary().unit_abbreviations.get(fold(match["abbr"])) if match else None
    return f"{full} {text[match.end():]}" if full else text


def cut_motto(text: str) -> str:
    """Header cells scraped side by side: 'TỈNH BÌNH ĐỊNH CỘNG HÒA XÃ HỘI ...' -> 'TỈNH BÌNH ĐỊNH'."""
    words = text.replace("|", " ").split()
    folded = [fold(w) for w in words]
    for k in range(len(words)):
        tail = " ".join(folded[k:])
        if any(tail.startswith(m) for m in vocabulary().motto_starts):
            return " ".join(words[:k])
    return " ".join(words)


def parse_unit(text: str, line: int | None) -> NamedUnit | None:
    """'TỈNH BÌNH ĐỊNH' / 'xã Tân Lập' / 'TP. Cần Thơ' / 'tỉnh' -> unit word, name and level."""
    words = _expand_abbreviation(cut_motto(text).strip()).split()
    folded = " ".join(fold(w) for w in words)
    for word, level in vocabulary().unit_words:
        key = fold(word)
        if folded == key or folded.startswith(key + " "):
            rest = " ".join(words[len(word.split()):])
            name = _place_name(rest, province_level=word in ("tỉnh", "thành phố"))
            if word == "thành phố" and name and place_key(name) in vocabulary().cities:
                level = "tỉnh"  # Hà Nội, Hồ Chí Minh ... are province-level cities; a
                # provincial capital ('thành phố Bắc Ninh') shares its province's name
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
    organ: str | None = None   # 'Ban Chỉ đạo chuyển đổi số': the organ that issues under a UBND


def _is_motto(text: str) -> bool:
    folded = fold(text)
    return not folded.strip("-_ ") or any(folded.startswith(m) for m in vocabulary().motto_starts)


def _organ(text: str) -> tuple[str, str] | None:
    """'BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ TỈNH BẮC KẠN' -> ('Ban Chỉ đạo chuyển đổi số', 'TỈNH BẮC KẠN'):
    an organ's name, its specialty in lower case, and the unit that follows, if the
    gazetteer knows it (a specialty such as 'AN SINH XÃ HỘI' names no unit)."""
    words, folded = text.split(), fold(text)
    for name, forms in vocabulary().organs:
        form = next((f for f in forms if folded == f or folded.startswith(f + " ")), None)
        if form is None:
            continue
        rest = words[len(form.split()):]
        k = next((k for k in range(len(rest)) if any(m.start == 0 for m in mentions(" ".join(rest[k:])))),
                 len(rest))
        return " ".join([name, *(w.lower() for w in rest[:k])]), " ".join(rest[k:])
    return None


def _header_line(text: str, line: int) -> tuple[str | None, str | None, NamedUnit | None]:
    """One header line -> (body, organ, unit): 'ỦY BAN NHÂN DÂN TỈNH X', 'BAN CHỈ ĐẠO …', 'TỈNH X'."""
    organ = _organ(text)
    if organ:
        return None, organ[0], parse_unit(organ[1], line) if organ[1] else None
    body, rest = split_body(text) if starts_with_body(text) else (None, text)
    return body, None, parse_unit(rest, line) if rest else None


def read_header(cleaned: list[str], indices: list[int]) -> _HeaderBlock:
    """'ỦY BAN NHÂN DÂN' followed by unit lines ('TỈNH BẮC KẠN', 'HUYỆN CHỢ ĐỒN', 'XÃ ...'), or
    an organ's line ('BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ') before or after them.

    The unit lines follow the agency line, possibly after motto cells of the other column
    (CỘNG HÒA XÃ HỘI ...); they end at the 'Số:' line. A page that prints the document twice
    (a cut first layout, then the full one) may name the unit only in a later block.
    """
    first_body, organ, units = None, None, []
    for pos, i in enumerate(indices):
        # the header prints the agency in capitals; body sentences ('Ủy ban nhân dân tỉnh
        # ban hành ...') also start with the agency's name but are not the header
        if not (cleaned[i].isupper() and (starts_with_body(cleaned[i]) or _organ(cleaned[i]))):
            continue
        body, organ_here, unit = _header_line(cleaned[i], i + 1)
        first_body, organ = first_body or body, organ or organ_here
        units += [unit] if unit else []
        for j in indices[pos + 1:pos + 1 + HEADER_UNIT_REACH]:
            text = cleaned[j]
            if re.match(r"Số\s*:", text):
                break
            if _is_motto(text):
                continue
            _, organ_here, unit = _header_line(text, j + 1)
            if unit is None and not (organ_here and text.isupper()):
                break
            organ = organ or organ_here
            units += [unit] if unit else []
        if any(u.name for u in units):
            break
    return _HeaderBlock(first_body, units, organ)


def starts_with_body(text: str) -> bool:
    folded = fold(text)
    return any(folded == form or folded.startswith(form + " ")
               for _, forms, _ in vocabulary().bodies for form in forms)


def infer_province(text: Joined, preferred: str | None = None) -> Found | None:
    """The province a commune/district document belongs to: `preferred` (the one the
    gazetteer places its unit in) when the text names it as 'tỉnh <Name>', else the one most
    often named so (căn cứ on provincial decisions, provincial campaigns); ties go to the first."""
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
    named = {place_key(name): name for name in counts}
    best = named.get(place_key(preferred or "")) or max(counts, key=lambda name: (counts[name], -first[name]))
    return Found(best, text.line_at(first[best]))


def site_table_unit(site: dict[str, str]) -> tuple[str | None, NamedUnit | None]:
    value = site.get("issuer")
    if not value:
        return None, None
    body, rest = split_body(value)
    return body, parse_unit(rest, None)
