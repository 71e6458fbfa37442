"""Document metadata: number, type, date, issuer, province, level, signer, DTI frameworks cited.

A careful reader looks at: the header block (ỦY BAN NHÂN DÂN / TỈNH X), the "Số:" line, the
place-and-date line, the document-type heading (KẾ HOẠCH), the authority line, the signature
block, the annex line "(Kèm theo Kế hoạch số ... ngày ... của ...)" and, for scraped pages,
the legal-document site's metadata table. Each field takes the first source that has it;
later sources that disagree raise a "metadata-conflict" warning; a field read from weaker
evidence (an enacting sentence, a title line) carries a warning saying so. Vocabularies
live in extract/data/metadata.json, administrative units in normalize/data/admin_units.json.
"""
from __future__ import annotations

from extract.metadata.citations import attached_document
from extract.metadata.frameworks import cited_frameworks
from extract.metadata.heading import (SO_LINE, basis_heading_type, number_text, parse_date, place_date,
                                      type_from_code, type_line, type_prefix_line)
from extract.metadata.lines import Found, Warning
from extract.metadata.place import resolve_place
from extract.metadata.signature import signature_name
from extract.metadata.sources import Sources, pick, read_sources
from extract.metadata.vocab import vocabulary
from normalize.text import fold


def _resolve_number(src: Sources, warnings: list[Warning]) -> tuple[Found, Found | None]:
    """The number and the Số line it came from. The Số line decides even when left blank."""
    so = SO_LINE.search(src.header_text.text)
    so_found = Found(number_text(so["num"], so["code"]), src.header_text.line_at(so.start())) if so else None
    others = [("annex line", src.annex("number")), ("site table", src.from_site("number"))]
    if so_found is None or so_found.value is not None:
        return pick("number", [("Số line", so_found), *others], warnings), so_found
    for name, other in others:
        if other is not None:
            warnings.append(("metadata-conflict", f"number: the Số line is blank, {name} says "
                             f"{other.value!r}", other.line or so_found.line))
    return so_found, so_found


def _resolve_date(src: Sources, warnings: list[Warning]) -> tuple[Found, str | None]:
    """The issue date, and the place printed before it ('Sơn La, ngày ...')."""
    dated, place = place_date(src.header_text) or (None, None)
    if dated is not None and dated.value is None:
        warnings.append(("metadata-incomplete-date", "the place-and-date line leaves the day or "
                         "month blank", dated.line))
    site_date = src.from_site("date")
    site_date = Found(parse_date(site_date.value), None) if site_date else None
    issued = pick("date", [("place-and-date line", dated), ("annex line", src.annex("date")),
                           ("site table", site_date)], warnings)
    return issued, place


def _resolve_type(src: Sources, number: Found, warnings: list[Warning]) -> Found:
    site_type = src.from_site("type")
    if site_type:
        site_type = Found(vocabulary().types.get(fold(site_type.value), site_type.value), None)
    code_type = type_from_code(number.value)
    picked = pick("type", [("type heading", type_line(src.cleaned, src.header_idx)),
                           ("site table", site_type), ("annex line", src.annex("kind")),
                           ("number code", Found(code_type, number.line) if code_type else None)],
                  warnings)
    return picked if picked.value else _inferred_type(src, warnings)


def _inferred_type(src: Sources, warnings: list[Warning]) -> Found:
    """Without a type heading, site field, annex line or number: the code of a Số line whose
    number is blank ('Số: /BC-UBND'), a title line opening with the type, the enacting
    sentence ('... ban hành Quyết định'), or a 'Căn cứ lập kế hoạch' heading; warned."""
    so = SO_LINE.search(src.header_text.text)
    blank_code = type_from_code(f"/{so['code']}") if so else None
    enacted = src.enacting.doc_type if src.enacting else None
    sources = [
        ("number code", Found(blank_code, src.header_text.line_at(so.start())) if blank_code else None),
        ("title line", type_prefix_line(src.cleaned, src.header_idx)),
        ("enacting sentence", Found(vocabulary().types.get(fold(enacted)), src.header_text.line_at(
            src.enacting.offset)) if enacted else None),
        ("basis heading", basis_heading_type(src.header_text)),
    ]
    name, found = next(((n, f) for n, f in sources if f and f.value), (None, Found(None, None)))
    if name:
        warnings.append(("type-inferred", f"type {found.value!r} read from the {name}", found.line))
    return found


def _fill_from_attached(document: dict, src: Sources, warnings: list[Warning]) -> None:
    """A page without Số line or issuer: the missing fields from the document it reproduces."""
    attached = attached_document(src.header_text)
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
    src = read_sources(lines, site_metadata)
    number, so_line = _resolve_number(src, warnings)
    issued, place = _resolve_date(src, warnings)
    doc_type = _resolve_type(src, number, warnings)
    issuer, province, level = resolve_place(src, number, place, warnings)
    signed = pick("signer", [("signature block", signature_name(src.cleaned)),
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
    frameworks, framework_warnings = cited_frameworks(src.full_text, document["number"] or src.site.get("number"))
    document["frameworks_cited"] = frameworks
    warnings += framework_warnings
    for field in ("number", "type", "date", "issuer", "province", "level", "signer"):
        if document[field] is None:
            blank = field == "number" and so_line is not None
            message = "the Số line leaves the number blank" if blank else f"no {field} found in the document"
            warnings.append((f"metadata-missing-{field}", message, so_line.line if blank else None))
    return document, warnings
