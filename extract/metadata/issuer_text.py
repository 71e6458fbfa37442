"""Where else than the header block a document names its issuer: text rules, no vocabulary.

- the authority line of a decision, 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …' (signed in the
  Chủ tịch's name, the header printing only 'ỦY BAN NHÂN DÂN');
- the enacting sentence of a plan or a news report, '<issuer> [vừa|đã] ban hành Kế hoạch …'
  ('Ban Chỉ đạo chuyển đổi số huyện X (sau đây gọi tắt là …) ban hành Kế hoạch');
- the banner of the site a page comes from, 'Trang thông tin điện tử xã X' (its level only).
The caller passes the vocabularies (issuing bodies, document types) from data/metadata.json.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from normalize.admin import Mention, mentions
from normalize.text import fold

# The issuer of an enacting sentence is a body, a specialty and a unit: a dozen words at most.
MAX_ISSUER_WORDS = 12
# A site banner ('Trang thông tin điện tử xã X') is among the first lines of a saved page.
BANNER_LINES = 3
_URL = re.compile(r"https?://\S+")
_BANNER = re.compile(r"(?:trang|cổng)\s+thông\s+tin\s+điện\s+tử\s+", re.IGNORECASE)


def authority_rest(line: str, titles: list[str]) -> str | None:
    """'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X' -> 'ỦY BAN NHÂN DÂN TỈNH X': a capitals line that
    starts with an office's title (`titles`, e.g. 'Chủ tịch') followed by more words."""
    if not line.isupper():
        return None
    folded = fold(line)
    for title in sorted(titles, key=len, reverse=True):
        key = fold(title)
        if folded.startswith(key + " "):
            return line[len(key):].strip()
    return None


@dataclass(frozen=True)
class Enacting:
    issuer: str            # as printed: 'Ban Chỉ đạo chuyển đổi số huyện X', 'UBND tỉnh'
    doc_type: str          # as printed: 'Kế hoạch', 'Quyết định'
    offset: int            # where the sentence's issuer starts in the text
    place: Mention | None  # the unit the issuer ends with, if it names one


def _issuer_ends_well(phrase: str, unit_words: list[str]) -> Mention | None | bool:
    """An issuer phrase ends with a known unit ('… huyện X'), with a unit word alone ('UBND
    tỉnh'), or is the body alone; anything else ('… tỉnh X về') is another clause: False."""
    found = mentions(phrase)
    if found and found[-1].end == len(phrase.rstrip()):
        return found[-1]
    last = fold(phrase).split()
    return None if any(last[-len(w.split()):] == fold(w).split() for w in unit_words) else False


def enacting_sentences(text: str, bodies: list[str], types: list[str], unit_words: list[str]
                       ) -> list[Enacting]:
    """'<body …> [(…)] [vừa|đã] ban hành <Type>' sentences, in order, whose issuer ends well."""
    body = "|".join(re.escape(b) for b in sorted(bodies, key=len, reverse=True))
    kind = "|".join(re.escape(t) for t in sorted(types, key=len, reverse=True))
    pattern = re.compile(
        rf"(?<!\w)(?P<by>(?:{body})(?:\s+[^\s.,;:()“”\"]+){{0,{MAX_ISSUER_WORDS}}}?)\s*"
        rf"(?:\([^()]{{0,100}}\)\s*)?(?:vừa\s+|đã\s+)?ban\s+hành\s+(?P<type>{kind})(?!\w)",
        re.IGNORECASE)
    found = []
    for match in pattern.finditer(text):
        place = _issuer_ends_well(match["by"], unit_words)
        if place is not False:
            found.append(Enacting(match["by"].strip(), match["type"], match.start(), place))
    return found


def banner_mention(lines: list[str]) -> Mention | None:
    """The unit a site banner names in the first lines ('Trang thông tin điện tử xã X')."""
    for line in lines[:BANNER_LINES]:
        line = _URL.sub(" ", line)  # a banner image's address glued to its alt text
        match = _BANNER.search(line)
        found = mentions(line[match.end():]) if match else []
        if found and found[0].start == 0:
            return found[0]
    return None
