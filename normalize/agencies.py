"""Agency cells: split a cell into bodies, and name each body one way (AGENCIES.md).

Plans print the bodies that lead / support an indicator in many ways ("Sở KH&CN",
"Văn phòng UBND tỉnh", "UBND các xã, phường", "Báo và Phát thanh, Truyền hình Khánh Hòa").
All vocabulary (canonical bodies and aliases, abbreviations, body-head words, collective
continuations, administrative levels, province names) lives in `data/agencies.json`;
this module only holds the rules that use it.

Look-ups compare a *key*: abbreviations expanded, the province's own name replaced by
"tỉnh", then folded (no case, no diacritics), punctuation dropped and the plural marker
"các" dropped — so "Sở Lao động, Thương binh và Xã hội" and "SỞ LAO ĐỘNG THƯƠNG BINH VÀ
XÃ HỘI" meet "Sở Lao động - Thương binh và Xã hội" without listing every spelling.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from normalize.text import clean_lines, fold, nfc, one_line

# A cell printing only a dash means "no body" (GOLD.md: '-' -> empty list).
_NONE_MARKS = {"-", "–", "—", "--"}
_PUNCT = re.compile(r"[^\w\s]")
# "Tỉnh đoàn (Tổ Công nghệ số cộng đồng)": a trailing bracket names a sub-unit or a
# detail of the body before it; the body is the part before the bracket.
_PAREN_TAIL = re.compile(r"\s*\([^()]*\)\s*$")
# Old-style tone placement on a word-final oa/oe/uy ("Uỷ ban", "Khánh Hoà") is the same
# word as the new style ("Ủy ban", "Khánh Hòa"); head words are compared in the new style.
_OLD_TONE = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_OLD_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(_OLD_TONE) + r")(?!\w)", re.IGNORECASE)
_HARD_SEP = re.compile(r"[;:]")  # separators that always part two bodies (outside brackets)
# Separators inside one ';'/':' segment that may or may not start a new body.
_SOFT_SEP = re.compile(r"(\(|\)|,|\n|\s+và\s+)", re.IGNORECASE)


@dataclass(frozen=True)
class Body:
    canonical: str
    kind: str  # "single" | "collective"
    aliases: tuple[str, ...]
    successor: str | None


@dataclass(frozen=True)
class Gazetteer:
    bodies: dict[str, Body]  # by canonical name
    by_key: dict[str, str]  # look-up key -> canonical name
    patterns: tuple[tuple[re.Pattern, str], ...]  # regex on the key -> canonical name
    abbreviations: dict[str, str]
    abbreviation_re: re.Pattern | None
    heads: tuple[str, ...]  # casefolded, longest first
    continuations: tuple[str, ...]
    proper_name_after: tuple[str, ...]
    committee_heads: tuple[tuple[str, ...], ...]  # folded tokens
    units: tuple[tuple[tuple[str, ...], str], ...]  # folded unit tokens -> level
    level_canonical: dict[str, str]
    plural_words: frozenset[str]
    provinces: tuple[tuple[tuple[str, ...], bool], ...]  # folded tokens, needs_prefix; longest first
    # the same by their first word (each list longest first): a token is tried only against
    # the names it can begin, not the ~100 of them
    provinces_by_first: dict[str, tuple[tuple[tuple[str, ...], bool], ...]]
    province_level_words: tuple[tuple[str, ...], ...]


# ---------------------------------------------------------------- loading


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer from data/agencies.json (read once). Raises ValueError on bad data."""
    raw = json.loads(resources.files("normalize").joinpath("data/agencies.json").read_text("utf-8"))
    abbreviations = {k: v for k, v in raw["abbreviations"].items() if k != "about"}
    abbreviation_re = None
    if abbreviations:
        alternatives = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
        abbreviation_re = re.compile(r"(?<![\w&])(" + alternatives + r")(?![\w&])")
    split = raw["splitting"]
    levels = raw["levels"]
    provinces_raw = raw["provinces"]
    needs_prefix = {fold(n) for n in provinces_raw["needs_prefix"]}
    names = {fold(n): n for group in ("before_2025", "after_2025", "variants") for n in provinces_raw[group]}
    provinces = tuple(
        sorted(((tuple(_dash(k).split()), k in needs_prefix) for k in names), key=lambda p: -len(p[0]))
    )
    partial = Gazetteer(
        bodies={},
        by_key={},
        patterns=tuple((re.compile(p["key_regex"]), p["canonical"]) for p in raw["patterns"]),
        abbreviations=abbreviations,
        abbreviation_re=abbreviation_re,
        heads=_longest_first(_head_form(h) for h in split["body_heads"]),
        continuations=_longest_first(_head_form(c) for c in split["collective_continuations"]),
        proper_name_after=_longest_first(_head_form(c) for c in split["continuation_proper_name_after"]),
        committee_heads=tuple(tuple(fold(h).split()) for h in levels["committee_heads"]),
        units=tuple(
            sorted(
                ((tuple(fold(u).split()), level) for level, words in levels["units"].items() for u in words),
                key=lambda u: -len(u[0]),
            )
        ),
        level_canonical=dict(levels["canonical"]),
        plural_words=frozenset(fold(w) for w in raw["collective_markers"]["plural_words"]),
        provinces=provinces,
        provinces_by_first=_by_first_word(provinces),
        province_level_words=tuple(tuple(fold(w).split()) for w in provinces_raw["level_words"]),
    )
    bodies: dict[str, Body] = {}
    by_key: dict[str, str] = {}
    for entry in raw["bodies"]:
        body = Body(entry["canonical"], entry["kind"], tuple(entry["aliases"]), entry.get("successor"))
        if body.kind not in ("single", "collective"):
            raise ValueError(f"agencies.json: {body.canonical!r} has unknown kind {body.kind!r}")
        bodies[body.canonical] = body
        for name in (body.canonical, *body.aliases):
            key = _lookup_key(name, partial)
            if by_key.get(key, body.canonical) != body.canonical:
                raise ValueError(f"agencies.json: {name!r} names both {by_key[key]!r} and {body.canonical!r}")
            by_key[key] = body.canonical
    for body in bodies.values():
        if body.successor and body.successor not in bodies:
            raise ValueError(f"agencies.json: successor {body.successor!r} of {body.canonical!r} is not a body")
    return replace(partial, bodies=bodies, by_key=by_key)


def _longest_first(items) -> tuple[str, ...]:
    return tuple(sorted(set(items), key=lambda s: (-len(s), s)))


def _by_first_word(names: tuple[tuple[tuple[str, ...], bool], ...]) -> dict[str, tuple]:
    """Province names (folded words, needs_prefix) grouped by their first word, order kept."""
    groups: dict[str, list] = {}
    for name in names:
        groups.setdefault(name[0][0], []).append(name)
    return {first: tuple(group) for first, group in groups.items()}


_DASH = re.compile(r"\s*[–—-]\s*")


def _dash(text: str) -> str:
    return _DASH.sub(" - ", text).strip()


@lru_cache(maxsize=1 << 16)
def _word_form(token: str) -> str:
    """A printed token as province names are compared: folded, dashes spaced. Remembered:
    every look-up key reads each token of a name, and cells repeat the same few words."""
    return _dash(fold(token))


def _head_form(text: str) -> str:
    """Case-insensitive, diacritics kept ('Sở' is not 'số'), tone placement unified."""
    text = _OLD_TONE_RE.sub(lambda m: _OLD_TONE[m.group(1).lower()], nfc(text))
    return " ".join(text.casefold().split())


# ---------------------------------------------------------------- keys


def _expand(text: str, gaz: Gazetteer) -> str:
    """Whole-token abbreviations written out: 'Sở KH&CN' -> 'Sở Khoa học và Công nghệ'."""
    if gaz.abbreviation_re is None:
        return text
    return gaz.abbreviation_re.sub(lambda m: gaz.abbreviations[m.group(1)], text)


def _localize(text: str, gaz: Gazetteer) -> str:
    """The province's own name -> 'tỉnh' ('Công an tỉnh Gia Lai', 'Báo Đắk Nông', 'VNPT QUẢNG NAM').

    A province name counts only when capitalised (a proper noun) and either follows a
    level word ('tỉnh X', 'thành phố X': the pair becomes 'tỉnh') or ends the name
    (then it stands for the province: 'Báo X' -> 'Báo tỉnh'). Names that are also other
    proper names ('Hồ Chí Minh', 'Huế') count only after a level word.
    """
    tokens = text.split()
    folded = [_word_form(t) for t in tokens]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        match = _province_at(folded, i, gaz) if folded[i] in gaz.provinces_by_first else None
        if match and tokens[i][:1].isupper():
            length, needs_prefix = match
            level = _level_word_before(out, gaz)
            if level:
                del out[len(out) - level:]
                out.append("tỉnh")
                i += length
                continue
            if not needs_prefix and i + length == len(tokens) and i > 0:
                out.append("tỉnh")
                i += length
                continue
        out.append(tokens[i])
        i += 1
    return " ".join(out)


def _province_at(folded: list[str], i: int, gaz: Gazetteer) -> tuple[int, bool] | None:
    """The longest province name starting at token i -> (its length in tokens, needs_prefix)."""
    for name, needs_prefix in gaz.provinces_by_first.get(folded[i], ()):
        if tuple(folded[i:i + len(name)]) == name:
            return len(name), needs_prefix
    return None


def _level_word_before(emitted: list[str], gaz: Gazetteer) -> int:
    """How many of the last emitted tokens form a level word ('tỉnh', 'thành phố'); 0 if none."""
    for words in gaz.province_level_words:
        tail = [_word_form(t) for t in emitted[len(emitted) - len(words):]]
        if len(emitted) >= len(words) and tuple(tail) == words:
            return len(words)
    return 0


def _tokens(text: str, drop_plural: bool) -> list[str]:
    words = _PUNCT.sub(" ", fold(text).replace("&", " va ")).split()
    return [w for w in words if not (drop_plural and w == "cac")]


def _lookup_key(name: str, gaz: Gazetteer) -> str:
    return _key_of_localized(_localize(_expand(name, gaz), gaz))


def _key_of_localized(localized: str) -> str:
    """The look-up key of a name already expanded and localized."""
    return " ".join(_tokens(localized, drop_plural=True))


# ---------------------------------------------------------------- canonical names


def canonical_agency(name: str) -> str:
    """The canonical name of one printed body (AGENCIES.md); '' for a blank or '-'.

    Tried in order: the gazetteer (aliases and canonical names, on the folded key),
    the key-pattern rules (e.g. numbered State Bank regions), collective people's
    committees by level, the key with/without a trailing 'tỉnh' (a provincial body
    printed without its level word: 'Cục Thống kê'), each also for the name without a
    trailing bracket; then a guarded typo match. A body none of these know keeps its
    printed name, whitespace collapsed, the province's own name replaced by 'tỉnh'.
    Names are those in force at the time: see `successor` for the 2025 reorganisation.
    """
    printed = _tidy(one_line(name))
    if not printed or printed in _NONE_MARKS:
        return ""
    return _canonical_cached(printed)


@lru_cache(maxsize=4096)
def _canonical_cached(printed: str) -> str:
    gaz = load_gazetteer()
    candidates = [printed]
    without_bracket = _PAREN_TAIL.sub("", printed).strip()
    if without_bracket and without_bracket != printed:
        candidates.append(without_bracket)
    for candidate in candidates:
        found = _exact(candidate, gaz)
        if found:
            return found
    for candidate in candidates:
        found = _typo_match(_lookup_key(candidate, gaz), gaz)
        if found:
            return found
    return _localize(printed, gaz)


def _exact(name: str, gaz: Gazetteer) -> str | None:
    localized = _localize(_expand(name, gaz), gaz)  # read once for the key and the committee
    key = _key_of_localized(localized)
    if key in gaz.by_key:
        return gaz.by_key[key]
    for regex, canonical in gaz.patterns:
        if regex.search(key):
            return canonical
    level = _committee_level(_tokens(localized, drop_plural=False), gaz)
    if level:
        return gaz.level_canonical[level]
    # A provincial body is often printed without its level word ('Cục Thuế', 'Ban Quản
    # lý Khu kinh tế'), and a department sometimes with it ('Sở Y tế tỉnh').
    for variant in (key + " tinh", key.removesuffix(" tinh")):
        if variant in gaz.by_key:
            return gaz.by_key[variant]
    return None


def _committee_level(tokens: list[str], gaz: Gazetteer) -> str | None:
    """Level of a collective people's committee: 'UBND các huyện, thị xã, thành phố' -> huyện.

    After the committee head: optional 'cấp' / 'các', then administrative-unit words
    (joined by commas or 'và'); the first unit gives the level. A trailing proper name
    ('... thành phố Gia Nghĩa') is allowed only for a plural list; a single unit followed
    by a name ('UBND huyện Chợ Đồn') is one named committee, not a level.
    """
    rest = None
    for head in gaz.committee_heads:
        if tuple(tokens[:len(head)]) == head:
            rest = tokens[len(head):]
            break
    if not rest:
        return None
    plural = False
    while rest and (rest[0] == "cap" or rest[0] in gaz.plural_words):
        rest, plural = rest[1:], True
    levels: list[str] = []
    i = 0
    while i < len(rest):
        unit = next(((u, lv) for u, lv in gaz.units if tuple(rest[i:i + len(u)]) == u), None)
        if unit:
            levels.append(unit[1])
            i += len(unit[0])
        elif rest[i] == "va" and levels:
            i += 1
        else:
            break
    if not levels:
        return None
    has_name_after = i < len(rest)
    if has_name_after and not (plural or len(levels) > 1):
        return None
    return levels[0]


# Typos tolerated: one word dropped ('Ban Quản Khu kinh tế tỉnh') or one word off by one
# letter. Words that tell bodies apart (level words, numbers, the head word) never differ.
_PROTECTED = {"tinh", "huyen", "xa", "phuong", "cap", "thi", "tran", "quan", "thanh", "pho"}


def _typo_match(key: str, gaz: Gazetteer) -> str | None:
    near = process.extract(key, list(gaz.by_key), scorer=fuzz.ratio, score_cutoff=85, limit=8)
    found = {gaz.by_key[k] for k, _score, _i in near if _safe_typo(key.split(), k.split())}
    return found.pop() if len(found) == 1 else None


def _safe_typo(query: list[str], known: list[str]) -> bool:
    if len(query) < 2 or len(known) < 2 or query[0] != known[0]:
        return False
    if len(query) == len(known):
        diffs = [(q, k) for q, k in zip(query, known) if q != k]
        if len(diffs) != 1:
            return False
        q, k = diffs[0]
        return (
            min(len(q), len(k)) >= 3
            and Levenshtein.distance(q, k) == 1
            and not ({q, k} & _PROTECTED)
            and not any(ch.isdigit() for ch in q + k)
        )
    longer, shorter = (known, query) if len(known) > len(query) else (query, known)
    if len(longer) != len(shorter) + 1:
        return False
    for i, word in enumerate(longer):
        if longer[:i] + longer[i + 1:] == shorter:
            return word not in _PROTECTED and not word.isdigit()
    return False


def successor(canonical: str) -> str:
    """The body after the 2025 reorganisation ('Sở Thông tin và Truyền thông' -> 'Sở Khoa học
    và Công nghệ'), following chains; the name itself when there is none or it is unknown.
    A printed (non-canonical) name is canonicalised first."""
    gaz = load_gazetteer()
    name = canonical if canonical in gaz.bodies else (canonical_agency(canonical) or canonical)
    seen: set[str] = set()
    while name in gaz.bodies and gaz.bodies[name].successor and name not in seen:
        seen.add(name)
        name = gaz.bodies[name].successor
    return name


def canonical_for_form(heading: str) -> str | list[str] | None:
    """Canonical body (or bodies) a reporting form is for.

    `heading` is the text after 'DÀNH CHO' in '(MẪU DÀNH CHO SỞ NỘI VỤ)' — upper case,
    possibly with the province's name; a whole heading is accepted too (the part after
    'DÀNH CHO' is used). One body -> its name; several ('VNPT X, VIETTEL X') -> a list;
    nothing -> None.
    """
    text = one_line(heading)
    after = re.search(r"D[ÀA]NH\s+CHO\s+(.*)$", text, re.IGNORECASE)
    if after:
        text = after.group(1)
    text = text.strip(" ()")
    names: list[str] = []
    for body in split_agencies(text):
        name = canonical_agency(body)
        if name and name not in names:
            names.append(name)
    if not names:
        return None
    return names[0] if len(names) == 1 else names


# ---------------------------------------------------------------- collective or single


def is_collective(name: str) -> bool:
    """True for a collective / plural body ('Các sở, ban, ngành', 'UBND các xã, phường',
    'Các doanh nghiệp viễn thông'), False for one named body ('Sở Nội vụ', 'Công an tỉnh').

    A blank cell or '-' counts as collective (support-like): in assignment tables a '-'
    only ever stands in the support column, so the caller placing an unlabelled cell
    should not read it as a lead. Known bodies use the gazetteer's `kind`; others are
    collective when a plural word ('các', 'những') opens the name or follows its head,
    or when a comma is followed by a collective continuation ('Sở, ban, ngành, huyện').
    """
    printed = _tidy(one_line(name))
    if not printed or printed in _NONE_MARKS:
        return True
    gaz = load_gazetteer()
    canonical = canonical_agency(printed)
    if canonical in gaz.bodies:
        return gaz.bodies[canonical].kind == "collective"
    tokens = _tokens(_expand(printed, gaz), drop_plural=False)
    if any(w in gaz.plural_words for w in tokens[:4]):
        return True
    if _committee_level(tokens, gaz) in ("huyện", "xã"):
        return True
    pieces = [p.strip() for p in printed.split(",")[1:]]
    return any(p and _is_continuation(p, gaz) for p in pieces)


# ---------------------------------------------------------------- splitting


def split_agencies(cell: str) -> list[str]:
    """The bodies a cell names, each as printed (trimmed, whitespace collapsed, 'Các' kept).

    ';' and ':' always separate bodies ('Sở Công Thương; Sở Tài chính: Ban Quản lý ...').
    A ',', a line break or ' và ' separates only when what follows starts with a body
    head (Sở, Ban, UBND, Công an, Thuế, Các ...) and is not a collective continuation
    (ban, ngành, địa phương, phường, thành phố ...): 'Sở Công Thương, Thuế tỉnh' is two,
    'Các sở, ban, ngành' and 'UBND các huyện, thị xã, thành phố' are one. A run of pieces
    that together form a name the gazetteer knows is never broken ('Sở Lao động, Thương
    binh và Xã hội'). Separators inside brackets are ignored. '-' or blank -> [].
    """
    if not isinstance(cell, str):
        return []
    return list(_split_cached(cell))


@lru_cache(maxsize=4096)
def _split_cached(cell: str) -> tuple[str, ...]:
    """split_agencies, remembered: a cell is split when its column is classified and again
    when its row is read."""
    gaz = load_gazetteer()
    lines = [_strip_bullet(line) for line in clean_lines(cell)]
    text = "\n".join(line for line in lines if line and line not in _NONE_MARKS)
    bodies: list[str] = []
    for segment in _split_hard(text):
        bodies.extend(_group(_soft_pieces(segment), gaz))
    return tuple(b for b in (_tidy(b) for b in bodies) if b and b not in _NONE_MARKS)


def _strip_bullet(line: str) -> str:
    # Bulleted cells ('- Sở Nội vụ', '+ UBND cấp xã') list one body per line.
    return re.sub(r"^[-+•*]\s+", "", line).strip()


def _split_hard(text: str) -> list[str]:
    """Split at ';' and ':' outside brackets."""
    # Most cells have no bracket: then every ';' and ':' separates, and one split finds them.
    parts = _HARD_SEP.split(text) if "(" not in text else _split_outside_brackets(text)
    return [p.strip() for p in parts if p.strip()]


def _split_outside_brackets(text: str) -> list[str]:
    """The text cut at each ';' and ':' that no open bracket encloses."""
    parts, depth, current = [], 0, []
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch in ";:" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _soft_pieces(segment: str) -> list[tuple[str, str]]:
    """(separator before, text) pairs; the first separator is ''. Brackets kept whole."""
    pieces: list[tuple[str, str]] = []
    sep, current, depth = "", "", 0
    for part in _SOFT_SEP.split(segment):
        if part == "(":
            depth += 1
            current += part
        elif part == ")":
            depth = max(depth - 1, 0)
            current += part
        elif _SOFT_SEP.fullmatch(part) and depth == 0:
            pieces.append((sep, current.strip()))
            sep, current = part, ""
        else:
            current += part
    pieces.append((sep, current.strip()))
    return [(s, t) for s, t in pieces if t]


def _join(pieces: list[tuple[str, str]]) -> str:
    out = pieces[0][1]
    for sep, text in pieces[1:]:
        glue = ", " if sep == "," else " " if sep == "\n" else " " + sep.strip() + " "
        out += glue + text
    return out


def _group(pieces: list[tuple[str, str]], gaz: Gazetteer) -> list[str]:
    bodies: list[str] = []
    i = 0
    while i < len(pieces):
        end = i
        # Longest run from here that the gazetteer knows as one name.
        for j in range(len(pieces) - 1, i, -1):
            if _lookup_key(_join(pieces[i:j + 1]), gaz) in gaz.by_key:
                end = j
                break
        k = end + 1
        while k < len(pieces) and not _starts_body(pieces[k], pieces[i][1], gaz):
            k += 1
        bodies.append(_join(pieces[i:k]))
        i = k
    return bodies


def _starts_body(piece: tuple[str, str], current_start: str, gaz: Gazetteer) -> bool:
    sep, text = piece
    if _is_continuation(text, gaz) or not _starts_with(text, gaz.heads):
        return False
    if sep.strip().lower() == "và":
        # 'Sở Giáo dục và Đào tạo' is one name: 'và' parts only when both sides are bodies.
        return _starts_with(current_start, gaz.heads)
    return True


def _starts_with(text: str, phrases: tuple[str, ...]) -> bool:
    low = _head_form(text)
    return any(low == p or low.startswith(p + " ") for p in phrases)


def _is_continuation(text: str, gaz: Gazetteer) -> bool:
    """A comma piece that continues a collective list: 'ban', 'ngành', 'thị xã', 'y tế',
    'thành phố Gia Nghĩa' (a unit word and its proper name), or any lower-case piece
    opening with such a word ('ban ngành liên quan'). Names are capitalised; list words are not."""
    low = _head_form(text)
    for word in gaz.continuations:
        if low == word:
            return True
        if low.startswith(word + " "):
            rest = text.split(None, len(word.split()))[-1]
            if word in gaz.proper_name_after and rest[:1].isupper():
                return True
            if text[:1].islower():
                return True
    return False


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    return text.strip(" ,;:.").strip()
