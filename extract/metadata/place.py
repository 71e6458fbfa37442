"""Issuer, province and level: the header's innermost unit, else the authority line's, the
annex line's, the site table's, the enacting sentence's; names checked against the gazetteer."""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from extract.metadata.heading import body_from_code
from extract.metadata.issuer_text import authority_rest, banner_mention
from extract.metadata.lines import Found, Warning
from extract.metadata.places import (LEVEL_RANK, NamedUnit, cut_motto, infer_province, parse_unit,
                                     read_header, site_table_unit, split_body, starts_with_body)
from extract.metadata.sources import Sources
from extract.metadata.vocab import place_key, vocabulary
from normalize.admin import is_admin_name, mentions, name_key, province_of
from normalize.text import fold

# A typing slip in a header's unit name: a letter doubled, dropped or changed, twice at most
# and once per four letters (short names differ from each other by as little).
MAX_NAME_SLIP = 2


def _authority_unit(src: Sources) -> tuple[str | None, NamedUnit | None]:
    """The body and unit of the authority line ('CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X')."""
    for i in src.header_idx:
        rest = authority_rest(src.cleaned[i], list(vocabulary().authority_titles))
        if rest and starts_with_body(rest):
            body, unit_text = split_body(rest)
            unit = parse_unit(unit_text, i + 1)
            if unit:
                return body, unit
    return None, None


@dataclass(frozen=True)
class _EnactingIssuer:
    body: str | None      # a known issuing body ('Ủy ban nhân dân'), else None
    printed: str | None   # the issuer as printed, for bodies named with their specialty
    unit: NamedUnit | None


def _enacting_issuer(src: Sources) -> _EnactingIssuer | None:
    """The issuer of the enacting sentence: 'UBND tỉnh X ban hành ...' as a body and unit;
    'Ban Chỉ đạo chuyển đổi số huyện X ban hành ...' as printed, with the unit it names."""
    hit = src.enacting
    if hit is None:
        return None
    line = src.header_text.line_at(hit.offset)
    body, rest = split_body(hit.issuer)
    if body:
        return _EnactingIssuer(body, None, parse_unit(rest, line))
    unit = parse_unit(hit.issuer[hit.place.start:hit.place.end], line) if hit.place else None
    return _EnactingIssuer(None, hit.issuer, unit)


def _known_spelling(unit: NamedUnit, src: Sources, warnings: list[Warning]) -> NamedUnit:
    """A unit name the gazetteer does not know ('THỊ TRẤN NNONG CỐNG', a typing slip) -> the
    gazetteer's unit of the same level that the text names with a spelling at most
    MAX_NAME_SLIP edits away ('thị trấn Tân Lập' in the address line); else as printed."""
    if unit.name is None or is_admin_name(f"{unit.word} {unit.name}"):
        return unit
    key = name_key(unit.name)
    slip = min(MAX_NAME_SLIP, len(key) // 4)
    for mention in mentions(src.full_text.text):
        for known in mention.units:
            if known.level == unit.level and Levenshtein.distance(name_key(known.name), key) <= slip:
                warnings.append(("issuer-name-corrected", f"{unit.word} {unit.name!r} read as "
                                 f"{known.name!r}, the known unit the text also names", unit.line))
                return NamedUnit(unit.word, known.name, unit.level, unit.line)
    return unit


def _place_line_unit(place: str | None, warnings: list[Warning]) -> NamedUnit | None:
    """A header that prints only 'ỦY BAN NHÂN DÂN', nothing else naming the unit: the province
    of the place-and-date line ('Quảng Trị, ngày ...'), when the place is one (a commune's or
    district's line names the commune or district, which is not)."""
    unit = parse_unit(f"tỉnh {place}", None) if place else None
    if unit is None or unit.name is None or place_key(unit.name) not in vocabulary().provinces:
        return None
    city = place_key(unit.name) in vocabulary().cities
    warnings.append(("issuer-unit-from-place-line", f"the header names no unit; {unit.name!r} "
                     "is read from the place-and-date line", None))
    return NamedUnit("thành phố" if city else "tỉnh", unit.name, "tỉnh", None)


def _ministry(src: Sources) -> str | None:
    """A national body's header ('BỘ THÔNG TIN VÀ TRUYỀN THÔNG') above the Số line."""
    for i in src.header_idx:
        text = src.cleaned[i]
        if text.startswith("Số"):
            return None
        name = vocabulary().ministries.get(fold(cut_motto(text)).strip(" -"))
        if name and text.isupper():
            return name
    return None


def _banner_level(src: Sources, warnings: list[Warning]) -> str | None:
    """Without any issuer: the level of the unit whose site the page comes from."""
    banner = banner_mention(src.cleaned)
    if banner is None:
        return None
    warnings.append(("level-from-site-banner", "the level is that of the unit whose site "
                     "publishes the page; the issuer is not printed", None))
    return banner.units[0].level


def resolve_place(src: Sources, number: Found, place: str | None, warnings: list[Warning]
                  ) -> tuple[str | None, str | None, str | None]:
    """(issuer, province, level). The issuing unit is the innermost one of the header, else the
    authority line's, the annex line's, the site table's, the place line's province (a header
    with the body only), the enacting sentence's; a name missing there comes from the others."""
    header = read_header(src.cleaned, src.header_idx)
    site_body, site_unit = site_table_unit(src.site)
    authority_body, authority_unit = _authority_unit(src)
    annex_hit = next((a for a in src.annexes if a.unit), None)
    innermost = max(header.units, key=lambda u: LEVEL_RANK[u.level], default=None)
    units = [u for u in (innermost, authority_unit, annex_hit.unit if annex_hit else None, site_unit) if u]
    if not units and header.body:
        units = [u for u in [_place_line_unit(place, warnings)] if u]
    enacting = None if units else _enacting_issuer(src)
    if enacting and enacting.unit:
        warnings.append(("issuer-from-enacting-sentence", "the issuer is read from the sentence "
                         "that says who issues the document", enacting.unit.line))
        units = [enacting.unit]
    ministry = None if units else _ministry(src)
    if ministry:
        return ministry, None, None  # a national body: no province, no local level
    if not units:
        return None, _inferred_province(src, warnings), _banner_level(src, warnings)
    unit = _known_spelling(units[0], src, warnings)
    for other in units[1:]:
        if other.level != unit.level:
            warnings.append(("metadata-conflict", f"level: {unit.word} {unit.name or ''} vs "
                             f"{other.word} {other.name or ''}", other.line or unit.line))
    name = unit.name or next((u.name for u in units[1:] if u.name and u.level == unit.level), None)
    if name is None and unit.level == "tỉnh":
        key = place_key(place or "")
        name = vocabulary().provinces.get(key) or _inferred_province(src, warnings)
    site_number = src.site.get("number")
    body = (header.body or authority_body or (annex_hit.body if annex_hit else None) or site_body
            or (enacting.body if enacting else None)
            or body_from_code(number.value) or body_from_code(site_number))
    issuer = f"{body} {unit.word} {name}" if body and name else None
    if enacting and enacting.printed:
        issuer = enacting.printed
    elif header.organ and name and units[0] in header.units:
        issuer = f"{header.organ} {unit.word} {name}"

    if unit.level == "tỉnh":
        if name and place_key(name) not in vocabulary().provinces:
            warnings.append(("metadata-unknown-province", f"{name!r} is not in the province list",
                             unit.line))
        return issuer, name, unit.level
    # a district or commune: its province when the header names it, else the one the text
    # names that the gazetteer places the unit in, else the one the text names most (GOLD:
    # the province only 'when the document says so')
    parent = next((u.name for u in header.units if u.level == "tỉnh" and u.name), None)
    gazetteer = province_of(f"{unit.word} {unit.name}") if unit.name else None
    return issuer, parent or _inferred_province(src, warnings, gazetteer), unit.level


def _inferred_province(src: Sources, warnings: list[Warning], preferred: str | None = None) -> str | None:
    inferred = infer_province(src.full_text, preferred)
    if inferred is None:
        return None
    warnings.append(("province-inferred", f"province {inferred.value!r} inferred from the "
                     "provinces the text names ('tỉnh <Name>')", inferred.line))
    return inferred.value
