"""Documents a page points at as its own: the annex line '(Kèm theo Kế hoạch số … ngày … của …)'
and, on a page without a header, 'ban hành kèm theo Quyết định N ngày D của …'."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.metadata.heading import CODE, number_text, parse_date
from extract.metadata.lines import Joined
from extract.metadata.places import NamedUnit, parse_unit, split_body
from extract.metadata.vocab import vocabulary
from normalize.text import fold


_ANNEX = re.compile(
    rf"kèm\s+theo\s+(?P<kind>\w+(?:\s\w+)?)\s+số\s*:?\s*(?P<num>\d[\w.]*)?\s*/\s*(?P<code>{CODE})"
    rf"\s+ngày\s*(?P<date>(?:\d{{1,2}})?\s*tháng\s*(?:\d{{1,2}})?\s*năm\s*\d{{4}}|[\d\s/.-]*\d{{4}})"
    r"\s*(?:của\s+(?P<by>[^()]{0,160}?))?\s*\)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Annex:
    kind: str | None
    number: str | None
    date: str | None
    body: str | None
    unit: NamedUnit | None
    line: int | None


def annex_lines(text: Joined) -> list[Annex]:
    """'(Kèm theo Kế hoạch số 12/KH-UBND ngày 05/3/2024 của Chủ tịch UBND tỉnh Sơn La)'."""
    found = []
    for match in _ANNEX.finditer(text.text):
        line = text.line_at(match.start())
        body, rest = split_body(match["by"] or "")
        unit = parse_unit(rest, line) if body else None
        found.append(Annex(vocabulary().types.get(fold(match["kind"])),
                           number_text(match["num"], match["code"]),
                           parse_date(match["date"]), body, unit, line))
    return found


# ---------------------------------------------------------------- the document a page reproduces

# '... (phụ lục) ban hành kèm theo Quyết định <số>/QĐ-<cơ quan> ngày <ngày> của <người ký>.':
# a page with no header of its own reproduces a part of the document it names so.
_ATTACHED = re.compile(
    rf"kèm\s+theo\s+(?P<kind>\w+(?:\s\w+)?)\s+(?:số\s*:?\s*)?(?P<num>\d[\w.]*)\s*/\s*(?P<code>{CODE})"
    r"\s+ngày\s*(?P<date>[\d\s/.-]*\d{4}|\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4})"
    r"\s*của\s+(?P<by>[^.;()]{3,160}?)\s*(?:[.;()]|$)",
    re.IGNORECASE,
)


def attached_document(text: Joined) -> dict[str, str | None] | None:
    """The fields of the document a headerless page says it reproduces: type, number, date,
    issuer (the office's title dropped: 'Bộ trưởng Bộ X' -> 'Bộ X')."""
    match = _ATTACHED.search(text.text)
    kind = vocabulary().types.get(fold(match["kind"])) if match else None
    if not kind:
        return None
    by = match["by"].strip()
    titles = sorted(vocabulary().authority_titles, key=len, reverse=True)
    title = next((t for t in titles if fold(by).startswith(fold(t) + " ")), None)
    issuer = by[len(title):].strip() if title else by
    return {"type": kind, "number": number_text(match["num"], match["code"]),
            "date": parse_date(match["date"]), "issuer": issuer}
