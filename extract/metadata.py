"""Document metadata: number, type, date, issuer, province, level, signer, DTI frameworks cited.

A careful reader looks, in this order, at: the header block (ỦY BAN NHÂN DÂN / TỈNH X), the
"Số:" line, the place-and-date line, the document-type heading (KẾ HOẠCH), the signature
block, the annex line "(Kèm theo Kế hoạch số ... ngày ... của ...)" and, for scraped pages,
the legal-document site's metadata table. Each field takes the first source that has it;
later sources that disagree raise a "metadata-conflict" warning. Vocabularies (provinces,
unit words, document types, framework decisions) live in data/metadata.json.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from extract.meta_issuer import Enacting, authority_rest, banner_mention, enacting_sentences
from extract.meta_site import read_label_cells
from normalize.admin import is_admin_name, mentions, name_key, province_of
from normalize.text import fold, nfc, one_line

Warning = tuple[str, str, int | None]

_DATA = Path(__file__).parent / "data" / "metadata.json"
# The header block (agency, Số line, place and date, type heading) sits in the first lines of
# the document proper; a generous window still keeps body text with dates and "Số" out.
HEADER_LINES = 60
# A site's metadata table is preceded at most by the page title.
SITE_TABLE_LEAD = 3
# A citation's own words ("... phê duyệt Đề án Xác định Bộ chỉ số ...") follow its number
# within this many characters, before the next ';' or the next decision number.
CITATION_REACH = 300
# Between a signature title and the signer's name there may be a "Nơi nhận" list.
SIGNATURE_REACH = 20
# Unit lines ('TỈNH X', 'XÃ Y') follow the agency line within a few lines (motto cells between).
HEADER_UNIT_REACH = 5
# A typing slip in a header's unit name: a letter doubled, dropped or changed, twice at most.
MAX_NAME_SLIP = 2
# Place names are short: 'Bà Rịa - Vũng Tàu' is the longest province name.
MAX_PLACE_WORDS = 5


# ---------------------------------------------------------------- vocabulary

def _place_key(text: str) -> str:
    """Look-up key for a place name: folded, hyphens and dots as spaces ('Bà Rịa-Vũng Tàu')."""
    return " ".join(re.sub(r"[-.]", " ", fold(text)).split())


def _number_key(number: str) -> str:
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
    type_names: tuple[str, ...]        # as printed: 'Kế hoạch'
    basis_verbs: tuple[str, ...]       # 'Căn cứ <verb> <type>' headings
    signature_titles: frozenset[str]
    signature_notes: frozenset[str]
    site_labels: dict[str, str]        # folded label -> field


@cache
def _vocab() -> _Vocab:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    provinces: dict[str, str] = {}
    for name in data["provinces_pre_2025"] + data["provinces_post_2025"]:
        provinces[_place_key(name)] = name
    for name, variants in data["province_spelling_variants"].items():
        for variant in variants:
            provinces[_place_key(variant)] = name
    units = sorted(data["unit_levels"].items(), key=lambda kv: -len(kv[0]))
    bodies = tuple((b["name"], tuple(fold(f) for f in b["forms"]), b["code"])
                   for b in data["issuing_bodies"])
    return _Vocab(
        provinces=provinces,
        cities=frozenset(_place_key(c) for c in data["centrally_governed_cities"]),
        unit_words=tuple(units),
        bodies=bodies,
        types={fold(t["name"]): t["name"] for t in data["document_types"]},
        type_codes={fold(t["code"]): t["name"] for t in data["document_types"] if t["code"]},
        motto_starts=tuple(fold(m) for m in data["header_motto_starts"]),
        frameworks={_number_key(f["number"]): f["number"] for f in data["dti_frameworks"]},
        framework_phrases=tuple(fold(p) for p in data["framework_title_phrases"]),
        signature_prefixes=tuple(fold(p) for p in data["signature_prefixes"]),
        authority_titles=tuple(data["authority_titles"]),
        enacting_bodies=tuple(data["enacting_bodies"]),
        type_names=tuple(t["name"] for t in data["document_types"]),
        basis_verbs=tuple(data["basis_heading_verbs"]),
        signature_titles=frozenset(fold(t) for t in data["signature_titles"]),
        signature_notes=frozenset(fold(n) for n in data["signature_notes"]),
        site_labels={fold(label): field for field, labels in data["site_labels"].items()
                     for label in labels},
    )


# ---------------------------------------------------------------- text access

def _clean(line: str) -> str:
    """One line as plain text: markup gone, spaces collapsed, table-cell pipes trimmed.

    'Ð' (U+00D0, Icelandic eth) is a common stand-in for 'Đ' in converted files (QÐ-UBND).
    """
    text = one_line(line.replace("Ð", "Đ").replace("ð", "đ"))
    return text.strip("| ").strip()


@dataclass
class _Joined:
    """Lines joined by spaces, so that wrapped phrases ('Quảng Nam, ngày' / '03 tháng 11
    năm 2023') read as one; `line_at` maps an offset back to its 1-based line."""

    text: str
    starts: list[int]
    line_nos: list[int]

    def line_at(self, offset: int) -> int | None:
        if not self.starts:
            return None
        return self.line_nos[max(0, bisect_right(self.starts, offset) - 1)]


def _join(cleaned: list[str], indices: list[int]) -> _Joined:
    parts, starts, line_nos, pos = [], [], [], 0
    for i in indices:
        if cleaned[i]:
            parts.append(cleaned[i])
            starts.append(pos)
            line_nos.append(i + 1)
            pos += len(cleaned[i]) + 1
    return _Joined(" ".join(parts), starts, line_nos)


# ---------------------------------------------------------------- site table

_SITE_ROW = re.compile(r"^\s*\|\s*([^|]+?)\s*\|\s*([^|]*?)\s*\|\s*$")


def _site_table(lines: list[str]) -> tuple[dict[str, str], int]:
    """The label/value rows at the top of a scraped page, and the index after the last row."""
    table: dict[str, str] = {}
    end, lead = 0, 0
    for i, line in enumerate(lines):
        match = _SITE_ROW.match(nfc(line))
        if match:
            table[match.group(1)] = match.group(2)
            end = i + 1
        elif table or (line.strip() and (lead := lead + 1) > SITE_TABLE_LEAD):
            break
    return table, end


def read_site_metadata(lines: list[str]) -> dict[str, str]:
    """A legal-document site's metadata table ('| Số hiệu | 18/KH-UBND |'), label -> value;
    else its label/value cells elsewhere on the page (extract.meta_site)."""
    return _site_table(lines)[0] or read_label_cells(lines)


def site_metadata_from_rows(tables: list[list[list[str]]], lines: list[str]) -> dict[str, str]:
    """The site's metadata table in a rendering of the saved page (DOCX, PDF): a table of
    label/value rows with at least three labels the sites print, or, where a PDF printed
    it without rules, label and value as consecutive lines at the top of the text."""
    known = _vocab().site_labels
    for rows in tables:
        pairs = {row[0].rstrip(": "): row[1] for row in rows if len(row) == 2 and row[1].strip()}
        found = {label: value for label, value in pairs.items() if fold(label) in known}
        if len(found) >= 3:
            return found
    top = lines[:SITE_TABLE_LEAD + 2 * len(known)]
    found = {label: value for label, value in zip(top, top[1:])
             if fold(label.rstrip(": ")) in known and fold(value.rstrip(": ")) not in known and value.strip()}
    return found if len(found) >= 3 else {}


def _site_fields(site_metadata: dict[str, str]) -> dict[str, str]:
    labels = _vocab().site_labels
    fields: dict[str, str] = {}
    for label, value in site_metadata.items():
        field = labels.get(fold(label))
        value = _clean(value)
        if field and value and field not in fields:
            fields[field] = value
    return fields


# ---------------------------------------------------------------- places and bodies

@dataclass(frozen=True)
class _Unit:
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
    if province_level and _place_key(name) in _vocab().provinces:
        return _vocab().provinces[_place_key(name)]
    return name.title() if name.isupper() else name


def _cut_motto(text: str) -> str:
    """Header cells scraped side by side: 'TỈNH QUẢNG NAM CỘNG HÒA XÃ HỘI ...' -> 'TỈNH QUẢNG NAM'."""
    words = text.replace("|", " ").split()
    folded = [fold(w) for w in words]
    for k in range(len(words)):
        tail = " ".join(folded[k:])
        if any(tail.startswith(m) for m in _vocab().motto_starts):
            return " ".join(words[:k])
    return " ".join(words)


def _parse_unit(text: str, line: int | None) -> _Unit | None:
    """'TỈNH QUẢNG NAM' / 'xã Đồng Lạc' / 'tỉnh' -> unit word, name and level."""
    words = _cut_motto(text).split()
    folded = " ".join(fold(w) for w in words)
    for word, level in _vocab().unit_words:
        key = fold(word)
        if folded == key or folded.startswith(key + " "):
            rest = " ".join(words[len(word.split()):])
            name = _place_name(rest, province_level=word in ("tỉnh", "thành phố"))
            if word == "thành phố" and name and _place_key(name) in _vocab().cities:
                level = "tỉnh"  # Hà Nội, Hồ Chí Minh ... are province-level cities
            return _Unit(word, name, level, line)
    return None


def _split_body(text: str) -> tuple[str | None, str]:
    """A leading issuing body ('UBND', 'Ủy ban nhân dân') and what follows it."""
    words = text.split()
    folded = [fold(w) for w in words]
    for name, forms, _code in _vocab().bodies:
        for form in forms:
            size = len(form.split())
            for k in range(len(words) - size + 1):
                if " ".join(folded[k:k + size]) == form:
                    return name, " ".join(words[k + size:])
    return None, text


_LEVEL_RANK = {"tỉnh": 0, "huyện": 1, "xã": 2}


# ---------------------------------------------------------------- header block

@dataclass(frozen=True)
class _Header:
    body: str | None
    units: list[_Unit]


def _is_motto(text: str) -> bool:
    folded = fold(text)
    return not folded.strip("-_ ") or any(folded.startswith(m) for m in _vocab().motto_starts)


def _read_header(cleaned: list[str], indices: list[int]) -> _Header:
    """'ỦY BAN NHÂN DÂN' followed by unit lines ('TỈNH BẮC KẠN', 'HUYỆN CHỢ ĐỒN', 'XÃ ...').

    The unit lines follow the agency line, possibly after motto cells of the other column
    (CỘNG HÒA XÃ HỘI ...); they end at the 'Số:' line. A page that prints the document twice
    (a cut first layout, then the full one) may name the unit only in a later block.
    """
    first_body, body, units = None, None, []
    for pos, i in enumerate(indices):
        # the header prints the agency in capitals; body sentences ('Ủy ban nhân dân tỉnh
        # ban hành ...') also start with the agency's name but are not the header
        if not (cleaned[i].isupper() and _starts_with_body(cleaned[i])):
            continue
        body, rest = _split_body(cleaned[i])
        first_body = first_body or body
        unit = _parse_unit(rest, i + 1) if rest else None
        units += [unit] if unit else []
        for j in indices[pos + 1:pos + 1 + HEADER_UNIT_REACH]:
            text = cleaned[j]
            if re.match(r"Số\s*:", text):
                break
            if _is_motto(text):
                continue
            _, rest = _split_body(text) if _starts_with_body(text) else (None, text)
            unit = _parse_unit(rest, j + 1)
            if unit is None:
                break
            units.append(unit)
        if any(u.name for u in units):
            break
    return _Header(first_body, units)


def _starts_with_body(text: str) -> bool:
    folded = fold(text)
    return any(folded == form or folded.startswith(form + " ")
               for _, forms, _ in _vocab().bodies for form in forms)


# The "Số:" line: '18/KH-UBND', blank '/KH-UBND', '123/2024/QĐ-UBND'; 'KH- UBND' spacing tolerated.
_CODE = r"(?:\d{4}\s*/\s*)?[^\W\d_][\w&]*(?:\s*-\s*[\w&]+)*"
_SO_LINE = re.compile(rf"(?<!\w)Số\s*:\s*(?P<num>\d[\w.]*)?\s*/\s*(?P<code>{_CODE})")


def _number_text(num: str | None, code: str) -> str | None:
    return re.sub(r"\s+", "", f"{num}/{code}") if num else None


# Dates: '19 tháng 01 năm 2026' or '29 / 9/2022'; a blank day or month leaves digits out.
_LONG_DATE = r"(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})"
_SHORT_DATE = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
_PLACE_DATE = [re.compile(rf",\s*ngày\s*{pattern}") for pattern in (_LONG_DATE, _SHORT_DATE)]


def _iso(day: str | None, month: str | None, year: str | None) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _parse_date(text: str) -> str | None:
    for pattern in (_LONG_DATE, _SHORT_DATE):
        match = re.search(pattern, text)
        if match:
            return _iso(match["d"], match["m"], match["y"])
    return None


def _place_before(text: str) -> str | None:
    """The place of 'Gia Lai, ngày ...': the title-case words right before the comma."""
    words = []
    for word in reversed(text.split()[-4:]):
        if not (word.isalpha() and word[0].isupper() and word[1:] == word[1:].lower()):
            break
        words.insert(0, word)
    return " ".join(words) or None


@dataclass(frozen=True)
class _Found:
    value: str | None
    line: int | None


def _place_date(header: _Joined) -> tuple[_Found, str | None] | None:
    """('2026-01-19' or None when the day is left blank, line), place; None without such a line."""
    matches = [m for pattern in _PLACE_DATE for m in pattern.finditer(header.text)]
    for match in sorted(matches, key=lambda m: m.start()):
        place = _place_before(header.text[:match.start()])
        if place:
            found = _Found(_iso(match["d"], match["m"], match["y"]), header.line_at(match.start()))
            return found, place
    return None


def _type_prefix_line(cleaned: list[str], indices: list[int]) -> _Found | None:
    """A title line that opens with the type in capitals: 'BÁO CÁO KẾT QUẢ TỰ ĐÁNH GIÁ ...',
    'BÁO CÁO XẾP HẠNG Đánh giá ...' (pages that print type and title as one line)."""
    for i in indices:
        words = cleaned[i].split()
        for size in (1, 2, 3):
            head = " ".join(words[:size])
            if len(words) > size and head.isupper() and fold(head) in _vocab().types:
                return _Found(_vocab().types[fold(head)], i + 1)
    return None


def _basis_heading_type(text: _Joined) -> _Found | None:
    """'I. CĂN CỨ LẬP KẾ HOẠCH': a section on the grounds for drawing up the document names its type."""
    vocab = _vocab()
    verbs = "|".join(re.escape(fold(v)) for v in vocab.basis_verbs)
    types = "|".join(re.escape(t) for t in sorted(vocab.types, key=len, reverse=True))
    match = re.search(rf"\bcan cu (?:{verbs}) ({types})\b", fold(text.text))
    return _Found(vocab.types[match.group(1)], text.line_at(match.start())) if match else None


def _type_line(cleaned: list[str], indices: list[int]) -> _Found | None:
    """The type heading printed alone in capitals: 'KẾ HOẠCH', 'QUYẾT ĐỊNH'."""
    for i in indices:
        text = cleaned[i]
        if text.isupper() and fold(text) in _vocab().types:
            return _Found(_vocab().types[fold(text)], i + 1)
    return None


# ---------------------------------------------------------------- annex line

_ANNEX = re.compile(
    rf"kèm\s+theo\s+(?P<kind>\w+(?:\s\w+)?)\s+số\s*:?\s*(?P<num>\d[\w.]*)?\s*/\s*(?P<code>{_CODE})"
    rf"\s+ngày\s*(?P<date>(?:\d{{1,2}})?\s*tháng\s*(?:\d{{1,2}})?\s*năm\s*\d{{4}}|[\d\s/.-]*\d{{4}})"
    r"\s*(?:của\s+(?P<by>[^()]{0,160}?))?\s*\)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Annex:
    kind: str | None
    number: str | None
    date: str | None
    body: str | None
    unit: _Unit | None
    line: int | None


def _annex_lines(text: _Joined) -> list[_Annex]:
    """'(Kèm theo Kế hoạch số 561/KH-UBND ngày 29/9/2022 của Chủ tịch UBND tỉnh Đắk Nông)'."""
    found = []
    for match in _ANNEX.finditer(text.text):
        line = text.line_at(match.start())
        body, rest = _split_body(match["by"] or "")
        unit = _parse_unit(rest, line) if body else None
        found.append(_Annex(_vocab().types.get(fold(match["kind"])),
                            _number_text(match["num"], match["code"]),
                            _parse_date(match["date"]), body, unit, line))
    return found


# ---------------------------------------------------------------- the document a page reproduces

# 'được thực hiện theo phụ lục 1 ban hành kèm theo Quyết định 922/QĐ-BTTTT ngày 20/5/2022 của
# Bộ trưởng Bộ Thông tin và Truyền thông.': a page with no header of its own reproduces a part
# of the document it names so.
_ATTACHED = re.compile(
    rf"kèm\s+theo\s+(?P<kind>\w+(?:\s\w+)?)\s+(?:số\s*:?\s*)?(?P<num>\d[\w.]*)\s*/\s*(?P<code>{_CODE})"
    r"\s+ngày\s*(?P<date>[\d\s/.-]*\d{4}|\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4})"
    r"\s*của\s+(?P<by>[^.;()]{3,160}?)\s*(?:[.;()]|$)",
    re.IGNORECASE,
)


def _attached_document(text: _Joined) -> dict[str, str | None] | None:
    """The fields of the document a headerless page says it reproduces: type, number, date,
    issuer (the office's title dropped: 'Bộ trưởng Bộ X' -> 'Bộ X')."""
    match = _ATTACHED.search(text.text)
    kind = _vocab().types.get(fold(match["kind"])) if match else None
    if not kind:
        return None
    by = match["by"].strip()
    titles = sorted(_vocab().authority_titles, key=len, reverse=True)
    title = next((t for t in titles if fold(by).startswith(fold(t) + " ")), None)
    issuer = by[len(title):].strip() if title else by
    return {"type": kind, "number": _number_text(match["num"], match["code"]),
            "date": _parse_date(match["date"]), "issuer": issuer}


# ---------------------------------------------------------------- signature block

def _is_signature_title(text: str) -> bool:
    """'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH': capitals, a known prefix or title."""
    if not text.isupper():
        return False
    folded = fold(text)
    return folded in _vocab().signature_titles or any(
        folded.startswith(p) and len(folded) > len(p) for p in _vocab().signature_prefixes)


def _is_person_name(text: str) -> bool:
    """'Hồ Văn Mười': 2-5 capitalised words of letters, not a province name."""
    words = text.split()
    return (2 <= len(words) <= 5
            and all(w.isalpha() and w[0].isupper() and w[1:] == w[1:].lower() for w in words)
            and _place_key(text) not in _vocab().provinces)


def _skippable_after_title(text: str) -> bool:
    """Between title and name: a wrapped title fragment ('DÂN'), '(Đã ký)', a 'Nơi nhận' item."""
    folded = fold(text)
    fragment = text.isupper() and len(text.split()) <= 2 and text.replace(" ", "").isalpha()
    recipient = text[:1] in "-+" or folded.startswith(("noi nhan", "luu"))
    return fragment or recipient or folded in _vocab().signature_notes


def _signer(cleaned: list[str]) -> _Found | None:
    """The name printed after the signature titles; None when no block names a signer."""
    rows = [(i, t) for i, t in enumerate(cleaned) if t]
    k = 0
    while k < len(rows):
        if not _is_signature_title(rows[k][1]):
            k += 1
            continue
        j = k
        while j < len(rows) and _is_signature_title(rows[j][1]):
            j += 1
        limit = j + SIGNATURE_REACH
        while j < min(limit, len(rows)) and _skippable_after_title(rows[j][1]):
            j += 1
        if j < len(rows) and _is_person_name(rows[j][1]):
            return _Found(rows[j][1], rows[j][0] + 1)
        k = max(j, k + 1)
    return None


# ---------------------------------------------------------------- frameworks

_DECISION = re.compile(r"(?<![\w/])(?P<num>\d{1,5})\s*/\s*(?P<code>Q[ĐD]\s*-\s*[^\W\d_]+)")


def near_framework(number: str) -> str | None:
    """The known DTI framework decision a non-framework number nearly matches, else None.

    Catches misprints: one digit more or less or changed (5405/QĐ-BKHCN for 405/QĐ-BKHCN),
    a number ending in a framework's number, or one letter off in the issuer code.
    """
    if "/" not in number:
        return None
    key = _number_key(number)
    known = _vocab().frameworks
    if key in known:
        return None
    num, _, code = key.partition("/")
    for known_key, known_number in known.items():
        known_num, _, known_code = known_key.partition("/")
        if code == known_code and (Levenshtein.distance(num, known_num) <= 1
                                   or num.endswith(known_num) or num.startswith(known_num)):
            return known_number
        if num == known_num and Levenshtein.distance(code, known_code) <= 1:
            return known_number
    return None


def _frameworks(text: _Joined, own: str | None) -> tuple[list[str], list[Warning]]:
    """Framework decisions in order of first citation.

    A decision counts when it is a known DTI framework, or when its citation says it approves
    the 'Bộ chỉ số đánh giá chuyển đổi số'. A near-miss of a known number is a misprint: it is
    warned about, and not added when the framework it stands for is cited correctly. The
    document's own number (`own`) is never one: a decision that issues a provincial index is
    followed by those words too, in its title and on the site's page.
    """
    vocab = _vocab()
    own_key = _number_key(own) if own else None
    matches = [m for m in _DECISION.finditer(text.text)
               if _number_key(f"{m['num']}/{m['code']}") != own_key]
    cited_known = {_number_key(f"{m['num']}/{m['code']}") for m in matches} & set(vocab.frameworks)
    cited: list[str] = []
    warnings: list[Warning] = []
    warned: set[str] = set()
    for n, match in enumerate(matches):
        printed = re.sub(r"\s+", "", f"{match['num']}/{match['code']}")
        key = _number_key(printed)
        if key in vocab.frameworks:
            number = vocab.frameworks[key]
            cited += [number] if number not in cited else []
            continue
        near = near_framework(printed)
        if near and key not in warned:
            warned.add(key)
            warnings.append(("framework-number-mismatch",
                             f"{printed} is not a known DTI framework decision but nearly matches {near}",
                             text.line_at(match.start())))
        end = min(matches[n + 1].start() if n + 1 < len(matches) else len(text.text),
                  match.end() + CITATION_REACH)
        context = fold(text.text[match.end():end].split(";")[0])
        approves_framework = any(p in context for p in vocab.framework_phrases)
        if approves_framework and printed not in cited and not (near and _number_key(near) in cited_known):
            cited.append(printed)
    cut = _cut_citation(text)
    if cut and cut.value not in cited:
        cited.append(cut.value)
        warnings.append(("framework-number-truncated", f"the text ends inside a citation; "
                         f"{cut.value} is the one DTI framework it can be", cut.line))
    return cited, warnings


# An excerpt cut inside a citation: 'theo Quyết định số 922/QĐ' ends the text.
_CUT_DECISION = re.compile(r"(?<![\w/])(?P<num>\d{1,5})\s*/\s*(?P<code>Q[ĐD])\s*-?\s*$")


def _cut_citation(text: _Joined) -> _Found | None:
    """The known framework whose number and type code a citation cut at the text's end has."""
    match = _CUT_DECISION.search(text.text.rstrip(" .;,…"))
    if not match:
        return None
    prefix = _number_key(f"{match['num']}/{match['code']}-")
    hits = [number for key, number in _vocab().frameworks.items() if key.startswith(prefix)]
    return _Found(hits[0], text.line_at(match.start())) if len(hits) == 1 else None


# ---------------------------------------------------------------- province inference

def _infer_province(text: _Joined) -> _Found | None:
    """The province a commune/district document belongs to: the one most often named as
    'tỉnh <Name>' (căn cứ on provincial decisions, provincial campaigns); ties go to the first."""
    vocab = _vocab()
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
    return _Found(best, text.line_at(first[best]))


# ---------------------------------------------------------------- assembling

def _same(a: str | None, b: str | None) -> bool:
    return a is None or b is None or _number_key(a) == _number_key(b)


def _pick(field: str, sources: list[tuple[str, _Found | None]], warnings: list[Warning]) -> _Found:
    """The first source that has the field; a later one that disagrees is a conflict."""
    present = [(name, f) for name, f in sources if f is not None and f.value is not None]
    if not present:
        return _Found(None, None)
    chosen_name, chosen = present[0]
    for name, other in present[1:]:
        if not _same(chosen.value, other.value):
            warnings.append(("metadata-conflict",
                             f"{field}: {chosen_name} says {chosen.value!r}, {name} says {other.value!r}",
                             other.line if other.line is not None else chosen.line))
    return chosen


def _site_unit(site: dict[str, str]) -> tuple[str | None, _Unit | None]:
    value = site.get("issuer")
    if not value:
        return None, None
    body, rest = _split_body(value)
    return body, _parse_unit(rest, None)


def _body_from_code(number: str | None) -> str | None:
    """'18/KH-UBND': the code after the last hyphen names the issuing body (UBND)."""
    if not number or "-" not in number:
        return None
    code = fold(number.rsplit("-", 1)[1])
    return next((name for name, _, c in _vocab().bodies if fold(c) == code), None)


def _type_from_code(number: str | None) -> str | None:
    """'18/KH-UBND': the code after the slash names the document type (KH = Kế hoạch)."""
    if not number or "/" not in number:
        return None
    code = fold(number.rsplit("/", 1)[1].split("-")[0])
    return _vocab().type_codes.get(code)


@dataclass
class _Sources:
    """The places metadata is read from, prepared once per document."""

    cleaned: list[str]
    header_idx: list[int]
    header_text: _Joined
    full_text: _Joined
    annexes: list[_Annex]
    site: dict[str, str]
    enacting: Enacting | None   # the first '<issuer> ban hành <Type>' sentence of the opening

    def annex(self, attr: str) -> _Found | None:
        hit = next((a for a in self.annexes if getattr(a, attr)), None)
        return _Found(getattr(hit, attr), hit.line) if hit else None

    def from_site(self, field: str) -> _Found | None:
        return _Found(self.site[field], None) if field in self.site else None


def _sources(lines: list[str], site_metadata: dict[str, str]) -> _Sources:
    cleaned = [_clean(line) for line in lines]
    _, site_end = _site_table(lines)
    header_idx = [i for i in range(site_end, len(lines)) if cleaned[i]][:HEADER_LINES]
    full_text = _join(cleaned, list(range(len(lines))))
    header_text = _join(cleaned, header_idx)
    vocab = _vocab()
    enacting = enacting_sentences(header_text.text, list(vocab.enacting_bodies), list(vocab.type_names),
                                  [w for w, _ in vocab.unit_words])
    return _Sources(cleaned, header_idx, header_text, full_text, _annex_lines(full_text),
                    _site_fields(site_metadata), enacting[0] if enacting else None)


def _resolve_number(src: _Sources, warnings: list[Warning]) -> tuple[_Found, _Found | None]:
    """The number and the Số line it came from. The Số line decides even when left blank."""
    so = _SO_LINE.search(src.header_text.text)
    so_found = _Found(_number_text(so["num"], so["code"]), src.header_text.line_at(so.start())) if so else None
    others = [("annex line", src.annex("number")), ("site table", src.from_site("number"))]
    if so_found is None or so_found.value is not None:
        return _pick("number", [("Số line", so_found), *others], warnings), so_found
    for name, other in others:
        if other is not None:
            warnings.append(("metadata-conflict", f"number: the Số line is blank, {name} says "
                             f"{other.value!r}", other.line or so_found.line))
    return so_found, so_found


def _resolve_date(src: _Sources, warnings: list[Warning]) -> tuple[_Found, str | None]:
    """The issue date, and the place printed before it ('Gia Lai, ngày ...')."""
    dated, place = _place_date(src.header_text) or (None, None)
    if dated is not None and dated.value is None:
        warnings.append(("metadata-incomplete-date", "the place-and-date line leaves the day or "
                         "month blank", dated.line))
    site_date = src.from_site("date")
    site_date = _Found(_parse_date(site_date.value), None) if site_date else None
    issued = _pick("date", [("place-and-date line", dated), ("annex line", src.annex("date")),
                            ("site table", site_date)], warnings)
    return issued, place


def _resolve_type(src: _Sources, number: _Found, warnings: list[Warning]) -> _Found:
    site_type = src.from_site("type")
    if site_type:
        site_type = _Found(_vocab().types.get(fold(site_type.value), site_type.value), None)
    code_type = _type_from_code(number.value)
    picked = _pick("type", [("type heading", _type_line(src.cleaned, src.header_idx)),
                            ("site table", site_type), ("annex line", src.annex("kind")),
                            ("number code", _Found(code_type, number.line) if code_type else None)],
                   warnings)
    return picked if picked.value else _inferred_type(src, warnings)


def _inferred_type(src: _Sources, warnings: list[Warning]) -> _Found:
    """Without a type heading, site field, annex line or number: the code of a Số line whose
    number is blank ('Số: /BC-UBND'), a title line opening with the type, the enacting
    sentence ('... ban hành Quyết định'), or a 'Căn cứ lập kế hoạch' heading; warned."""
    so = _SO_LINE.search(src.header_text.text)
    blank_code = _type_from_code(f"/{so['code']}") if so else None
    enacted = src.enacting.doc_type if src.enacting else None
    sources = [
        ("number code", _Found(blank_code, src.header_text.line_at(so.start())) if blank_code else None),
        ("title line", _type_prefix_line(src.cleaned, src.header_idx)),
        ("enacting sentence", _Found(_vocab().types.get(fold(enacted)), src.header_text.line_at(
            src.enacting.offset)) if enacted else None),
        ("basis heading", _basis_heading_type(src.header_text)),
    ]
    name, found = next(((n, f) for n, f in sources if f and f.value), (None, _Found(None, None)))
    if name:
        warnings.append(("type-inferred", f"type {found.value!r} read from the {name}", found.line))
    return found


def _inferred_province(src: _Sources, warnings: list[Warning]) -> str | None:
    inferred = _infer_province(src.full_text)
    if inferred is None:
        return None
    warnings.append(("province-inferred", f"province {inferred.value!r} inferred from the "
                     "provinces the text names ('tỉnh <Name>')", inferred.line))
    return inferred.value


def _authority(src: _Sources) -> tuple[str | None, _Unit | None]:
    """The body and unit of the authority line ('CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X')."""
    for i in src.header_idx:
        rest = authority_rest(src.cleaned[i], list(_vocab().authority_titles))
        if rest and _starts_with_body(rest):
            body, unit_text = _split_body(rest)
            unit = _parse_unit(unit_text, i + 1)
            if unit:
                return body, unit
    return None, None


@dataclass(frozen=True)
class _EnactingIssuer:
    body: str | None      # a known issuing body ('Ủy ban nhân dân'), else None
    printed: str | None   # the issuer as printed, for bodies named with their specialty
    unit: _Unit | None


def _enacting_issuer(src: _Sources) -> _EnactingIssuer | None:
    """The issuer of the enacting sentence: 'UBND tỉnh X ban hành ...' as a body and unit;
    'Ban Chỉ đạo chuyển đổi số huyện X ban hành ...' as printed, with the unit it names."""
    hit = src.enacting
    if hit is None:
        return None
    line = src.header_text.line_at(hit.offset)
    body, rest = _split_body(hit.issuer)
    if body:
        return _EnactingIssuer(body, None, _parse_unit(rest, line))
    unit = _parse_unit(hit.issuer[hit.place.start:hit.place.end], line) if hit.place else None
    return _EnactingIssuer(None, hit.issuer, unit)


def _known_spelling(unit: _Unit, src: _Sources, warnings: list[Warning]) -> _Unit:
    """A unit name the gazetteer does not know ('THỊ TRẤN NNONG CỐNG', a typing slip) -> the
    gazetteer's unit of the same level that the text names with a spelling at most
    MAX_NAME_SLIP edits away ('thị trấn Nông Cống' in the address line); else as printed."""
    if unit.name is None or is_admin_name(f"{unit.word} {unit.name}"):
        return unit
    key = name_key(unit.name)
    for mention in mentions(src.full_text.text):
        for known in mention.units:
            if known.level == unit.level and Levenshtein.distance(name_key(known.name), key) <= MAX_NAME_SLIP:
                warnings.append(("issuer-name-corrected", f"{unit.word} {unit.name!r} read as "
                                 f"{known.name!r}, the known unit the text also names", unit.line))
                return _Unit(unit.word, known.name, unit.level, unit.line)
    return unit


def _banner_level(src: _Sources, warnings: list[Warning]) -> str | None:
    """Without any issuer: the level of the unit whose site the page comes from."""
    banner = banner_mention(src.cleaned)
    if banner is None:
        return None
    warnings.append(("level-from-site-banner", "the level is that of the unit whose site "
                     "publishes the page; the issuer is not printed", None))
    return banner.units[0].level


def _resolve_place(src: _Sources, number: _Found, place: str | None, warnings: list[Warning]
                   ) -> tuple[str | None, str | None, str | None]:
    """(issuer, province, level). The issuing unit is the innermost one of the header, else the
    annex line's, else the site table's; a name missing there comes from the other sources."""
    header = _read_header(src.cleaned, src.header_idx)
    site_body, site_unit = _site_unit(src.site)
    authority_body, authority_unit = _authority(src)
    annex_hit = next((a for a in src.annexes if a.unit), None)
    innermost = max(header.units, key=lambda u: _LEVEL_RANK[u.level], default=None)
    units = [u for u in (innermost, authority_unit, annex_hit.unit if annex_hit else None, site_unit) if u]
    enacting = None if units else _enacting_issuer(src)
    if enacting and enacting.unit:
        warnings.append(("issuer-from-enacting-sentence", "the issuer is read from the sentence "
                         "that says who issues the document", enacting.unit.line))
        units = [enacting.unit]
    if not units:
        return None, _inferred_province(src, warnings), _banner_level(src, warnings)
    unit = _known_spelling(units[0], src, warnings)
    for other in units[1:]:
        if other.level != unit.level:
            warnings.append(("metadata-conflict", f"level: {unit.word} {unit.name or ''} vs "
                             f"{other.word} {other.name or ''}", other.line or unit.line))
    name = unit.name or next((u.name for u in units[1:] if u.name and u.level == unit.level), None)
    if name is None and unit.level == "tỉnh":
        key = _place_key(place or "")
        name = _vocab().provinces.get(key) or _inferred_province(src, warnings)
    site_number = src.site.get("number")
    body = (header.body or authority_body or (annex_hit.body if annex_hit else None) or site_body
            or (enacting.body if enacting else None)
            or _body_from_code(number.value) or _body_from_code(site_number))
    issuer = f"{body} {unit.word} {name}" if body and name else None
    if enacting and enacting.printed:
        issuer = enacting.printed

    if unit.level == "tỉnh":
        if name and _place_key(name) not in _vocab().provinces:
            warnings.append(("metadata-unknown-province", f"{name!r} is not in the province list",
                             unit.line))
        return issuer, name, unit.level
    # a district or commune: its province when the header names it, else the gazetteer's
    # when one province has a unit of that name, else inferred from the text
    parent = (next((u.name for u in header.units if u.level == "tỉnh" and u.name), None)
              or _gazetteer_province(unit, warnings))
    return issuer, parent or _inferred_province(src, warnings), unit.level


def _gazetteer_province(unit: _Unit, warnings: list[Warning]) -> str | None:
    """The province of a district or commune the gazetteer knows in one province only."""
    province = province_of(f"{unit.word} {unit.name}") if unit.name else None
    if province:
        warnings.append(("province-from-gazetteer", f"province {province!r}: the one province "
                         f"with a {unit.word} {unit.name}", unit.line))
    return province


def _fill_from_attached(document: dict, src: _Sources, warnings: list[Warning]) -> None:
    """A page without Số line or issuer: the missing fields from the document it reproduces."""
    attached = _attached_document(src.header_text)
    if attached is None:
        return
    filled = [f for f, value in attached.items() if value and document[f] is None]
    for field in filled:
        document[field] = attached[field]
    if filled:
        warnings.append(("metadata-from-attached-document", f"{', '.join(filled)} of "
                         f"{attached['number']}, which the page says it reproduces part of", None))


def extract_metadata(lines: list[str], site_metadata: dict[str, str]
                     ) -> tuple[dict, list[tuple[str, str, int | None]]]:
    """The document block (GOLD.md 'document fields') and warnings (code, message, line)."""
    warnings: list[Warning] = []
    src = _sources(lines, site_metadata)
    number, so_line = _resolve_number(src, warnings)
    issued, place = _resolve_date(src, warnings)
    doc_type = _resolve_type(src, number, warnings)
    issuer, province, level = _resolve_place(src, number, place, warnings)
    signed = _pick("signer", [("signature block", _signer(src.cleaned)),
                              ("site table", src.from_site("signer"))], warnings)
    document = {
        "number": number.value,
        "type": doc_type.value,
        "date": issued.value,
        "issuer": issuer,
        "province": province,
        "level": level,
        "signer": signed.value,
    }
    if so_line is None and number.value is None and issuer is None:
        _fill_from_attached(document, src, warnings)
    frameworks, framework_warnings = _frameworks(src.full_text, document["number"])
    document["frameworks_cited"] = frameworks
    warnings += framework_warnings
    for field in ("number", "type", "date", "issuer", "province", "level", "signer"):
        if document[field] is None:
            blank = field == "number" and so_line is not None
            message = "the Số line leaves the number blank" if blank else f"no {field} found in the document"
            warnings.append((f"metadata-missing-{field}", message, so_line.line if blank else None))
    return document, warnings
