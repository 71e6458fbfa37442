"""What OCR may have misread, checked against what the document itself shows.

- A letter read for a digit in a column of numbers or codes ("2O", "1.l") is put right
  where the column's other cells show the pattern, and the fix is a warning
  (`ocr-digit-fixed`), never a silent change.
- A code whose dot OCR lost ("21" between "2" and "2.2") is put right where the column
  is an outline (1, 1.1, 1.2, 2 ...) and only the dotted reading follows the code above,
  or, in a list of chosen codes (7.3, 7.5, 7.6), stands between its neighbours
  (`ocr-code-fixed`).
- A section numeral read with look-alikes ("H" for II, "1X" for IX), split ("||" for I)
  or short of a stroke (a second "I" where II is due) is put right where it then
  follows the section above; a section I read as "1" where the list below it numbers
  from 1 again, in a document whose sections are roman (`ocr-code-fixed`).
- A word Tesseract was unsure of (confidence below the floor) is kept as read and its
  line carries a warning (`ocr-low-confidence`).
- A word printed in lower case with stray capitals ("sỐ"), the Vietnamese model's
  typical slip on letters with two diacritics, is put in lower case.

Agency names need nothing here: the gazetteer's matcher already snaps a near-miss
spelling to its body (`normalize.agencies`).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from extract.model import Document, Provenance, Table
from extract.readers.pdf_pages import PageInput

CONFIDENCE_FLOOR = 75.0  # Tesseract word confidence under which a reading is doubtful
NUMERIC_SHARE = 0.5  # a column is one of numbers/codes when half its cells are (its header among them)
SEQUENTIAL_SHARE = 0.5  # a column is one of outline codes when this share follow each other
# (one misread code breaks two pairs: half is one error in four codes)
DOTTED_SHARE = 0.5  # a list of chosen indicators (1.3, 1.8, 2.1): half its codes have a dot ...
RISING_SHARE = 0.75  # ... and this share of them rise from the code above
CODE = re.compile(r"^\d+(?:\.\d+)*\.?$")
NUMBER_OR_CODE = re.compile(r"^[<>≥≤=]?\d+(?:[.,/]\d+)*%?[.,]?$")
ROMAN = re.compile(r"^[IVXLC]+\.?$")  # a heading row's code in a column of codes
CONFUSIONS = Path(__file__).resolve().parent.parent / "data" / "ocr_confusions.json"
LOOKALIKES = json.loads(CONFUSIONS.read_text(encoding="utf-8"))
DIGIT_FOR = str.maketrans(LOOKALIKES["digit_for_letter"])
ROMAN_FOR = str.maketrans(LOOKALIKES["roman_for_lookalike"])
LETTER_FOR = str.maketrans(LOOKALIKES["letter_for_sign"])
ROMAN_LIKE = re.compile("^[IVX" + re.escape("".join(LOOKALIKES["roman_for_lookalike"])) + r"]+\.?$")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def check_ocr(doc: Document, pages: list[PageInput]) -> Document:
    """The Document built from OCR'd pages with its numbers checked and its doubtful
    words warned about; a Document with no OCR'd words is returned as it was."""
    if not any(w.conf is not None for page in pages for w in page.words):
        return doc
    columns = []
    for block in doc.tables():
        fix_signs(block, doc)
        fix_number_columns(block, doc)
        columns += _columns(block)
    roman_document = any(_numbers_sections(cells) for cells in columns)
    for cells in columns:
        fix_code_sequence(cells, doc)
        if roman_document:
            fix_first_section(cells, doc)
        fix_roman_headings(cells, doc, roman_document)
    warn_low_confidence(doc, pages)
    return doc


def _numbers_sections(cells: list) -> bool:
    """Whether a column numbers sections in roman: two headings, one read cleanly. Known
    before any heading is fixed, so that a first section read as "1" is put right before
    the headings after it are counted from it (else "1", "lï", "IH" became I, I, II)."""
    headings = [c for c in cells if _is_roman_like(c.text.strip())]
    return len(headings) >= 2 and any(ROMAN.match(c.text.strip()) for c in headings)


def fix_first_section(cells: list, doc: Document) -> None:
    """In a document that numbers its sections I, II ..., a column of codes opening with
    "1" and numbering from "1" again right below opens with section I read as a digit (a
    short form of a single section): an arabic list never repeats its first number."""
    codes = [c for c in cells if CODE.match(c.text.strip())]
    if len(codes) >= 2 and codes[0].text.strip() == codes[1].text.strip() == "1":
        doc.warnings.append(("ocr-code-fixed", "OCR read section 'I' as '1' above a list numbered from 1; taken as 'I'",
                             codes[0].prov))
        _replace_line(doc, codes[0].prov, "1", "I")
        codes[0].text = "I"


def fix_signs(table: Table, doc: Document) -> None:
    """A sign the plans never print, read inside a word of letters ("KH&€N"), is the letter
    it looks like ("KH&CN"); a sign alone or among digits is kept (`ocr-sign-fixed`)."""
    for row in table.rows:
        for cell in row.cells:
            words = cell.text.split()
            fixed = [w.translate(LETTER_FOR) if any(ch.isalpha() for ch in w) else w for w in words]
            for old, new in {(a, b) for a, b in zip(words, fixed) if a != b}:
                doc.warnings.append(("ocr-sign-fixed", f"OCR read '{old}'; taken as '{new}'", cell.prov))
                cell.text = cell.text.replace(old, new)
                for k in range(cell.text.count("\n") + 1):
                    index = (cell.prov.line or 0) - 1 + k
                    if 0 <= index < len(doc.lines):
                        doc.lines[index] = doc.lines[index].replace(old, new)


def fix_case(text: str) -> str:
    """A word of letters starting in lower case with capitals after it ("sỐ", "tẾ") in
    lower case (Vietnamese words are never written so); words with digits or signs are
    left alone."""
    if text[:1].islower() and text.isalpha() and any(c.isupper() for c in text[1:]):
        return text.lower()
    return text


def fix_number_columns(table: Table, doc: Document) -> None:
    """In each column where most cells are numbers or codes, a cell that becomes one when
    its look-alike letters are read as digits is put right, where the letters are no more
    than its digits (a roman-numeral heading "I" is not a misread "1", "B2B" not "828")."""
    for cells in _columns(table):
        filled = [c for c in cells if c.text.strip()]
        numeric = [c for c in filled if NUMBER_OR_CODE.match(c.text.strip()) or ROMAN.match(c.text.strip())]
        if len(numeric) < 3 or len(numeric) < NUMERIC_SHARE * len(filled):
            continue
        for cell in filled:
            text = cell.text.strip()
            fixed = text.translate(DIGIT_FOR)
            letters = sum(a != b for a, b in zip(text, fixed))
            if 0 < letters <= sum(ch.isdigit() for ch in text) and NUMBER_OR_CODE.match(fixed):
                doc.warnings.append(("ocr-digit-fixed", f"OCR read '{text}' in a column of numbers; taken as '{fixed}'",
                                     cell.prov))
                cell.text = fixed
                _replace_line(doc, cell.prov, text, fixed)


def fix_code_sequence(cells: list, doc: Document) -> None:
    """In a column of outline codes, a code of bare digits out of place, which with a dot
    put back would follow the code above (`21` after 2) or, in a list of chosen codes,
    stand between its neighbours as their sibling (`75` between 7.3 and 7.6), gets the
    dot: OCR drops the small dot between two digits more than any other mark of a code."""
    codes = [c for c in cells if CODE.match(c.text.strip())]
    if not _is_outline([_parts(c.text) for c in codes]):
        return
    for index in range(1, len(codes)):
        cell, previous = codes[index], _parts(codes[index - 1].text)
        following = _parts(codes[index + 1].text) if index + 1 < len(codes) else None
        text = cell.text.strip()
        fixed = _dot_put_back(text, previous, following) or _one_digit_from_neighbours(text, previous, following)
        if fixed:
            doc.warnings.append(("ocr-code-fixed", f"OCR read code '{text}' after '{codes[index - 1].text.strip()}'; "
                                                   f"taken as '{fixed}'", cell.prov))
            _replace_line(doc, cell.prov, text, fixed)
            cell.text = fixed
    warn_unexpected_codes(cells, doc)


def _dot_put_back(text: str, previous: tuple[int, ...], following: tuple[int, ...] | None) -> str | None:
    """A code of bare digits out of place as the one dotted reading that follows the code
    above or lies between its neighbours, if there is exactly one."""
    if not text.isdigit() or len(text) < 2 or _follows(previous, _parts(text)):
        return None
    readings = [text[:i] + "." + text[i:] for i in range(1, len(text))]
    fits = ([d for d in readings if _follows(previous, _parts(d))]
            or [d for d in readings if _between(previous, _parts(d), following)])
    return fits[0] if len(fits) == 1 else None


def _one_digit_from_neighbours(text: str, previous: tuple[int, ...],
                               following: tuple[int, ...] | None) -> str | None:
    """A code out of place whose neighbours leave room for one code only (7 above, 7.2
    below: 7.1), where the read code has that code's digits but one (`21` for 7.1: the 7
    read as 2 and the dot lost, as Tesseract does on the first row under a pillar)."""
    parts = _parts(text)
    if following is None or _follows(previous, parts) or _between(previous, parts, following):
        return None
    room = [code for code in _next_codes(previous) if _follows(code, following)]
    if len(room) != 1:
        return None
    wanted, read = "".join(map(str, room[0])), text.replace(".", "")
    if len(wanted) == len(read) and sum(a != b for a, b in zip(wanted, read)) == 1:
        return ".".join(map(str, room[0]))
    return None


def _next_codes(previous: tuple[int, ...]) -> list[tuple[int, ...]]:
    """The codes that may come right after `previous` in an outline: its first child or
    the next sibling of it or of one of its parents."""
    return [previous + (1,)] + [previous[:level] + (previous[level] + 1,) for level in range(len(previous))]


def warn_unexpected_codes(cells: list, doc: Document) -> None:
    """A code left out of place in an outline column is suspect (`ocr-code-unexpected`):
    one that neither follows the code above nor lies between its neighbours as a sibling
    of one (a list of chosen codes skips some: 7.3, 7.5). The numbering starts again
    under a section heading (I, II ...)."""
    runs: list[list] = [[]]
    for cell in cells:
        if _is_roman_like(cell.text.strip()):
            runs.append([])
        elif CODE.match(cell.text.strip()):
            runs[-1].append(cell)
    for codes in runs:
        parts = [_parts(c.text) for c in codes]
        anchor = 0  # the last code that continued the numbering (a misread one breaks two pairs)
        for index in range(1, len(codes)):
            following = parts[index + 1] if index + 1 < len(parts) else None
            if _follows(parts[anchor], parts[index]) or _between(parts[anchor], parts[index], following):
                anchor = index
                continue
            doc.warnings.append(("ocr-code-unexpected", f"code '{codes[index].text.strip()}' after "
                                                        f"'{codes[anchor].text.strip()}' does not continue the "
                                                        f"numbering: OCR may have misread it", codes[index].prov))


def _is_outline(codes: list[tuple[int, ...]]) -> bool:
    """Whether a column's codes number an outline: most follow the one above (1, 1.1,
    1.2, 2), or, in a list of chosen indicators (1.3, 1.8, 2.1), most carry a dot and
    nearly all of those rise (one misread code breaks two pairs of either)."""
    pairs = list(zip(codes, codes[1:]))
    if len(pairs) < 3:
        return False
    if sum(_follows(a, b) for a, b in pairs) >= SEQUENTIAL_SHARE * len(pairs):
        return True
    dotted = [c for c in codes if len(c) > 1]  # rising is judged among these: a code that lost its dot
    dotted_pairs = list(zip(dotted, dotted[1:]))  # ("73" among 7.2, 7.5) breaks two pairs of all codes
    return (len(dotted) >= DOTTED_SHARE * len(codes)
            and sum(a < b for a, b in dotted_pairs) >= RISING_SHARE * len(dotted_pairs))


def _between(previous: tuple[int, ...], code: tuple[int, ...], following: tuple[int, ...] | None) -> bool:
    """Whether `code` is a sibling of the code above or below and lies between them."""
    siblings = code[:-1] == previous[:-1] or (following is not None and code[:-1] == following[:-1])
    return siblings and previous < code and (following is None or code < following)


def fix_roman_headings(cells: list, doc: Document, roman_document: bool = False) -> None:
    """In a column numbering its sections I, II, III ..., a heading OCR misread is put
    right where it is near the numeral after the section above: look-alikes ("H" for II,
    "IH" for III, "1X" for IX), a serif I split in two bars ("||" for I), or a stroke
    lost so that a section repeats the one above ("I" where II is due). A numeral that
    reads cleanly and lies further on (a section skipped) is kept (`ocr-code-fixed`).
    A column shows it numbers sections so by two headings, one of them read cleanly; in
    a `roman_document` (another column does) one heading is enough (a form of one
    section, its "I" read as "|")."""
    headings = [c for c in cells if _is_roman_like(c.text.strip())]
    if not headings or not (roman_document or _numbers_sections(cells)):
        return
    last = 0
    for cell in headings:
        text = cell.text.strip()
        read = text.rstrip(".").translate(ROMAN_FOR)
        if ROMAN.match(text) and _roman_value(read) > last:
            last = _roman_value(read)
            continue
        guess = _roman(last + 1)
        if _near_numeral(read, guess):
            fixed = guess + ("." if text.endswith(".") else "")
            doc.warnings.append(("ocr-code-fixed", f"OCR read section '{text}' after {_roman(last) or 'none'}; "
                                                   f"taken as '{fixed}'", cell.prov))
            _replace_line(doc, cell.prov, text, fixed)
            cell.text = fixed
            last += 1


def _is_roman_like(text: str) -> bool:
    return bool(ROMAN_LIKE.match(text)) and not text.rstrip(".").isdigit()


def _near_numeral(read: str, numeral: str) -> bool:
    """Whether a reading has the numeral's letters in order, each run of I's at most one
    stroke longer or shorter (VII read as VIII, or II as I)."""
    runs, wanted = re.findall(r"I+|[VXLC]", read), re.findall(r"I+|[VXLC]", numeral)
    return len(runs) == len(wanted) and all(
        a == b or (a[0] == b[0] == "I" and abs(len(a) - len(b)) <= 1) for a, b in zip(runs, wanted))


def _roman_value(numeral: str) -> int:
    values = [ROMAN_VALUES[ch] for ch in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _roman(value: int) -> str:
    out = ""
    for number, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                            (4, "IV"), (1, "I")):
        count, value = divmod(value, number)
        out += letters * count
    return out


def _parts(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.strip().rstrip(".").split("."))


def _follows(previous: tuple[int, ...], code: tuple[int, ...]) -> bool:
    """Whether `code` comes right after `previous` in an outline: its first child, or the
    next sibling of it or of one of its parents."""
    if code == previous + (1,):
        return True
    level = len(code) - 1
    return level < len(previous) and code[:level] == previous[:level] and code[level] == previous[level] + 1


def _columns(table: Table) -> list[list]:
    """Cells by column position, from the rows as wide as the table's usual row and the
    rows of single cells short of it (a last row whose empty trailing cells were not
    drawn: its cells still stand from the left)."""
    widths = Counter(sum(c.col_span for c in row.cells) for row in table.rows)
    if not widths:
        return []
    width = widths.most_common(1)[0][0]
    columns: list[list] = [[] for _ in range(width)]
    for row in table.rows:
        span = sum(c.col_span for c in row.cells)
        if span > width or (span < width and any(c.col_span > 1 for c in row.cells)):
            continue
        col = 0
        for cell in row.cells:
            if cell.col_span == 1:
                columns[col].append(cell)
            col += cell.col_span
    return columns


def _replace_line(doc: Document, prov: Provenance, old: str, new: str) -> None:
    index = (prov.line or 0) - 1
    if 0 <= index < len(doc.lines) and doc.lines[index].strip() == old:
        doc.lines[index] = new


def warn_low_confidence(doc: Document, pages: list[PageInput]) -> None:
    """One `ocr-low-confidence` warning per line holding words read below the floor,
    naming the words and their confidence, at the line's provenance."""
    lines_of_page = _lines_by_page(doc)
    doubtful: dict[tuple[int, int], list[str]] = {}
    for page in pages:
        for word in page.words:
            if word.conf is None or word.conf >= CONFIDENCE_FLOOR:
                continue
            line = next((n for n, text in lines_of_page.get(page.number, []) if _has_token(text, word.text)), None)
            doubtful.setdefault((page.number, line or 0), []).append(f"'{word.text}' ({word.conf:.0f})")
    for (page, line), words in sorted(doubtful.items()):
        doc.warnings.append(("ocr-low-confidence",
                             f"OCR is unsure of {', '.join(words)} (confidence below {CONFIDENCE_FLOOR:.0f})",
                             Provenance(line=line or None, page=page)))


def _lines_by_page(doc: Document) -> dict[int, list[tuple[int, str]]]:
    """The Document's text lines (1-based number, text) on each page."""
    page_of: dict[int, int] = {}
    for block in doc.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    for k in range(cell.text.count("\n") + 1):
                        page_of.setdefault((cell.prov.line or 0) + k, cell.prov.page)
        else:
            page_of.setdefault(block.prov.line or 0, block.prov.page)
    out: dict[int, list[tuple[int, str]]] = {}
    for number, text in enumerate(doc.lines, start=1):
        if number in page_of:
            out.setdefault(page_of[number], []).append((number, text))
    return out


def _has_token(text: str, token: str) -> bool:
    return re.search(r"(?<!\S)" + re.escape(token) + r"(?!\S)", text) is not None
