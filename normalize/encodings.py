"""Legacy Vietnamese encodings to Unicode: TCVN3 (ABC), VNI, Windows-1258, decomposed marks.

Government offices still type in the 8-bit fonts of the 1990s (.VnTime for TCVN3,
VNI-Times for VNI). A reader that copies the characters out of such a file gets
Latin-1 look-alikes ("Céng hoµ x· héi", "Coäng hoøa xaõ hoäi"). The mapping tables
live in `data/legacy_fonts.json`; this module detects which one a text is in and
converts it. Every reader runs its text through `fix_text` (or `to_unicode` when the
font name already says the encoding).
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from normalize.text import nfc

TCVN3 = "tcvn3"
TCVN3_UPPER = "tcvn3-upper"  # .VnTimeH and the other "H" fonts: same codes, capital glyphs
VNI = "vni"

_DATA = Path(__file__).parent / "data" / "legacy_fonts.json"

# Characters Unicode Vietnamese never uses but TCVN3 does for common letters (µ=à, ¸=á,
# ­=ư, ®=đ, ¬=ơ, «=ô ...). Letters that are also real Vietnamese (á, â, é ...) are left out.
_TCVN3_ONLY = set("µ¸¶·¹¨»¾¼½©Ç®ª«¬×ßÞÐ÷þ¡¢£¤¥¦§\u00ad")
# VNI writes a vowel followed by a mark byte; these mark bytes are never Vietnamese letters.
_VNI_PAIR = re.compile(r"[aeiouyAEIOUYôöÔÖ][øûïäåëüØÛÏÄÅËÜ]|[ñÑ](?=[a-zA-Z])|[ôöÔÖ][ùøûõï]")
# Letters only Unicode Vietnamese has (outside Latin-1): ă đ ĩ ũ ơ ư and Ạ..ỹ.
_UNICODE_VI = re.compile(r"[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
# UTF-8 read as Windows-1252/Latin-1 ("Ká»¹ thuáº­t"): a lead byte Ã/Ä/Æ/á» followed by a continuation.
_MOJIBAKE = re.compile(r"(?:[ÃÄÆ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|á[º»][\x80-\xbf\u0152-\u2122])")


@lru_cache(maxsize=1)
def _tables() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _vni_pattern() -> re.Pattern:
    keys = sorted(_tables()["vni"], key=len, reverse=True)  # pairs before single bytes
    return re.compile("|".join(re.escape(k) for k in keys))


def font_encoding(font_name: str | None) -> str | None:
    """The legacy encoding a font name implies (".VnTime" -> tcvn3, "VNI-Times" -> vni)."""
    if not font_name:
        return None
    name = font_name.strip().lower()
    tables = _tables()
    if any(re.search(p, name) for p in tables["vni_fonts"]):
        return VNI
    if any(re.search(p, name) for p in tables["tcvn3_upper_fonts"]):
        return TCVN3_UPPER
    if any(re.search(p, name) for p in tables["tcvn3_fonts"]):
        return TCVN3
    return None


def detect_legacy(text: str) -> str | None:
    """`tcvn3`, `vni` or None: which legacy encoding the characters of `text` look like.

    A text counts as legacy when its telltale characters are frequent (at least one in
    40 letters, and 3 in all) and real Unicode Vietnamese letters are rarer than them:
    one stray "µ" in a Unicode plan is not enough.
    """
    letters = sum(ch.isalpha() for ch in text)
    if not letters:
        return None
    unicode_vi = len(_UNICODE_VI.findall(text))
    tcvn = sum(ch in _TCVN3_ONLY for ch in text)
    vni = len(_VNI_PAIR.findall(text))
    best, count = (TCVN3, tcvn) if tcvn >= vni else (VNI, vni)
    if count >= 3 and count * 40 >= letters and count > unicode_vi:
        return best
    return None


def to_unicode(text: str, encoding: str) -> str:
    """`text` read from a font in `encoding` (tcvn3, tcvn3-upper or vni), as NFC Unicode."""
    tables = _tables()
    if encoding in (TCVN3, TCVN3_UPPER):
        table = tables[TCVN3]
        out = "".join(table.get(ch, ch) for ch in text)
        if encoding == TCVN3_UPPER:
            out = out.upper()
        return nfc(out)
    if encoding == VNI:
        table = tables[VNI]
        return nfc(_vni_pattern().sub(lambda m: table[m.group(0)], text))
    raise ValueError(f"unknown legacy encoding: {encoding}")


def fix_mojibake(text: str) -> str:
    """UTF-8 bytes that were decoded as Windows-1252 ("Ká»¹ thuáº­t") back to what they said."""
    if not _MOJIBAKE.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def fix_text(text: str) -> str:
    """Any Vietnamese text to NFC Unicode: mojibake, TCVN3, VNI and decomposed marks repaired."""
    text = fix_mojibake(text)
    encoding = detect_legacy(text)
    if encoding:
        text = to_unicode(text, encoding)
    return unicodedata.normalize("NFC", text)


def decode_bytes(data: bytes) -> str:
    """Bytes of unknown Vietnamese text to NFC Unicode: UTF-8 (with or without BOM), UTF-16
    with a BOM, else Windows-1258 (which writes tones as combining marks, hence the NFC)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return fix_text(data.decode("utf-16"))
    try:
        return fix_text(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return fix_text(data.decode("cp1258", errors="replace"))
