"""The heading lines: 'Số:' line, place-and-date line, type heading, and what a number's
code says (type, issuing body)."""
from __future__ import annotations

import re
from datetime import date

from extract.metadata.lines import Found, Joined
from extract.metadata.vocab import vocabulary
from normalize.text import fold


# The "Số:" line: '18/KH-UBND', blank '/KH-UBND', '123/2024/QĐ-UBND'; 'KH- UBND' spacing tolerated.
CODE = r"(?:\d{4}\s*/\s*)?[^\W\d_][\w&]*(?:\s*-\s*[\w&]+)*"
SO_LINE = re.compile(rf"(?<!\w)Số\s*:\s*(?P<num>\d[\w.]*)?\s*/\s*(?P<code>{CODE})")


def number_text(num: str | None, code: str) -> str | None:
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


def parse_date(text: str) -> str | None:
    for pattern in (_LONG_DATE, _SHORT_DATE):
        match = re.search(pattern, text)
        if match:
            return _iso(match["d"], match["m"], match["y"])
    return None


def _place_before(text: str) -> str | None:
    """The place of 'Sơn La, ngày ...': the title-case words right before the comma."""
    words = []
    for word in reversed(text.split()[-4:]):
        if not (word.isalpha() and word[0].isupper() and word[1:] == word[1:].lower()):
            break
        words.insert(0, word)
    return " ".join(words) or None


def place_date(header: Joined) -> tuple[Found, str | None] | None:
    """('2026-01-19' or None when the day is left blank, line), place; None without such a line."""
    matches = [m for pattern in _PLACE_DATE for m in pattern.finditer(header.text)]
    for match in sorted(matches, key=lambda m: m.start()):
        place = _place_before(header.text[:match.start()])
        if place:
            found = Found(_iso(match["d"], match["m"], match["y"]), header.line_at(match.start()))
            return found, place
    return None


def type_prefix_line(cleaned: list[str], indices: list[int]) -> Found | None:
    """A title line that opens with the type in capitals: 'BÁO CÁO KẾT QUẢ TỰ ĐÁNH GIÁ ...',
    'BÁO CÁO XẾP HẠNG Đánh giá ...' (pages that print type and title as one line); the
    page's first line, its title, in any case ('Kế hoạch 12/KH-UBND 2023 nâng cao ...')."""
    for n, i in enumerate(indices):
        words = cleaned[i].split()
        for size in (1, 2, 3):
            head = " ".join(words[:size])
            if len(words) > size and (n == 0 or head.isupper()) and fold(head) in vocabulary().types:
                return Found(vocabulary().types[fold(head)], i + 1)
    return None


def basis_heading_type(text: Joined) -> Found | None:
    """'I. CĂN CỨ LẬP KẾ HOẠCH': a section on the grounds for drawing up the document names its type."""
    vocab = vocabulary()
    verbs = "|".join(re.escape(fold(v)) for v in vocab.basis_verbs)
    types = "|".join(re.escape(t) for t in sorted(vocab.types, key=len, reverse=True))
    match = re.search(rf"\bcan cu (?:{verbs}) ({types})\b", fold(text.text))
    return Found(vocab.types[match.group(1)], text.line_at(match.start())) if match else None


def type_line(cleaned: list[str], indices: list[int]) -> Found | None:
    """The type heading printed alone in capitals: 'KẾ HOẠCH', 'QUYẾT ĐỊNH'."""
    for i in indices:
        text = cleaned[i]
        if text.isupper() and fold(text) in vocabulary().types:
            return Found(vocabulary().types[fold(text)], i + 1)
    return None


def body_from_code(number: str | None) -> str | None:
    """'18/KH-UBND': the code after the last hyphen names the issuing body (UBND)."""
    if not number or "-" not in number:
        return None
    code = fold(number.rsplit("-", 1)[1])
    return next((name for name, _, c in vocabulary().bodies if fold(c) == code), None)


def type_from_code(number: str | None) -> str | None:
    """'18/KH-UBND': the code after the slash names the document type (KH = Kế hoạch)."""
    if not number or "/" not in number:
        return None
    code = fold(number.rsplit("/", 1)[1].split("-")[0])
    return vocabulary().type_codes.get(code)
