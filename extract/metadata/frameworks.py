"""The DTI framework decisions a document cites (never its own number)."""
from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from extract.metadata.lines import Found, Joined, Warning
from extract.metadata.vocab import number_key, vocabulary
from normalize.text import fold

# A citation's own words ("... phê duyệt Đề án Xác định Bộ chỉ số ...") follow its number
# within this many characters, before the next ';' or the next decision number.
CITATION_REACH = 300


_DECISION = re.compile(r"(?<![\w/])(?P<num>\d{1,5})\s*/\s*(?P<code>Q[ĐD]\s*-\s*[^\W\d_]+)")


def near_framework(number: str) -> str | None:
    """The known DTI framework decision a non-framework number nearly matches, else None.

    Catches misprints: one digit more or less or changed (5405/QĐ-BKHCN for 405/QĐ-BKHCN),
    a number ending in a framework's number, or one letter off in the issuer code.
    """
    if "/" not in number:
        return None
    key = number_key(number)
    known = vocabulary().frameworks
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


def cited_frameworks(text: Joined, own: str | None) -> tuple[list[str], list[Warning]]:
    """Framework decisions in order of first citation.

    A decision counts when it is a known DTI framework, or when its citation says it approves
    the 'Bộ chỉ số đánh giá chuyển đổi số'. A near-miss of a known number is a misprint: it is
    warned about, and not added when the framework it stands for is cited correctly. The
    document's own number (`own`) is never one: a decision that issues a provincial index is
    followed by those words too, in its title and on the site's page.
    """
    vocab = vocabulary()
    own_key = number_key(own) if own else None
    matches = [m for m in _DECISION.finditer(text.text)
               if number_key(f"{m['num']}/{m['code']}") != own_key]
    cited_known = {number_key(f"{m['num']}/{m['code']}") for m in matches} & set(vocab.frameworks)
    cited: list[str] = []
    warnings: list[Warning] = []
    warned: set[str] = set()
    for n, match in enumerate(matches):
        printed = re.sub(r"\s+", "", f"{match['num']}/{match['code']}")
        key = number_key(printed)
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
        if approves_framework and printed not in cited and not (near and number_key(near) in cited_known):
            cited.append(printed)
    cut = _cut_citation(text)
    if cut and cut.value not in cited:
        cited.append(cut.value)
        warnings.append(("framework-number-truncated", f"the text ends inside a citation; "
                         f"{cut.value} is the one DTI framework it can be", cut.line))
    return cited, warnings


# An excerpt cut inside a citation: 'theo Quyết định số 922/QĐ' ends the text.
_CUT_DECISION = re.compile(r"(?<![\w/])(?P<num>\d{1,5})\s*/\s*(?P<code>Q[ĐD])\s*-?\s*$")


def _cut_citation(text: Joined) -> Found | None:
    """The known framework whose number and type code a citation cut at the text's end has."""
    match = _CUT_DECISION.search(text.text.rstrip(" .;,…"))
    if not match:
        return None
    prefix = number_key(f"{match['num']}/{match['code']}-")
    hits = [number for key, number in vocabulary().frameworks.items() if key.startswith(prefix)]
    return Found(hits[0], text.line_at(match.start())) if len(hits) == 1 else None
