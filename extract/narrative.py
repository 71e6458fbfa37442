"""Narrative assignments: which body leads or supports which task, read from the plan's prose.

Plans give tasks to bodies in two ways besides the assignment table:
- a sentence whose subject is the body: "Sở Tài chính chủ trì, phối hợp với Sở KH&CN ... tham
  mưu ban hành chính sách ..."; "- Tổ Công nghệ số cộng đồng cấp xã: Tham mưu ...";
- a heading that names the body, followed by its task bullets: "1. Sở Khoa học và Công nghệ"
  then "- Là cơ quan đầu mối ..."; "- Công chức Văn phòng - Thống kê:" then "+ ..." bullets.

The spaCy pipeline has one job per component: sentence segmentation, find agency names
(EntityRuler, label AGENCY, built from the gazetteer), find role words (SpanRuler into
doc.spans["roles"]), all matched on each word's folded form (its NORM, set by the vocabulary). The reading of subjects, roles and headings over
those annotations is plain Python below.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.util import find_spec
from itertools import groupby
from pathlib import Path
from typing import Iterable, Iterator

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from extract.spacy_import import import_spacy

spacy = import_spacy()  # before any spacy.* import below: spaCy without its command line
from spacy.attrs import NORM  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402
from spacy.util import get_lang_class  # noqa: E402

from extract.agency_ruler import AgencyRuler  # noqa: F401  (registers the "agency_ruler" factory)
from extract.narrative_text import UNMARKED_RANK, Paragraph, document_paragraphs, line_paragraphs
from normalize.text import fold, one_line

VOCABULARY = Path(__file__).parent / "data" / "narrative.json"


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return json.loads(VOCABULARY.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- the spaCy pipeline

_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-"})


def folded_norm(text: str) -> str:
    """A word's NORM: its folded form (no case, no diacritics, one kind of dash), so that
    "Sở Tài Chính", "sở tài chính" and "Sở Tài chính" match one pattern; old and new tone-mark
    placement ("Hoà"/"Hòa") fold alike too."""
    return fold(text.translate(_DASHES))


def _blank() -> Language:
    """A blank Vietnamese pipeline when pyvi is installed (its tokenizer needs it), else the
    multi-language tokenizer, which splits on spaces and punctuation: enough for syllables.
    NORM is a lexeme attribute, folded once per distinct word by the vocabulary's getter rather
    than once per token: the thousands of agency patterns and every document share the folds."""
    try:
        if find_spec("pyvi") is None:  # the tokenizer would fail only after a pipeline's set-up
            raise ImportError("pyvi is not installed")
        nlp = _language("vi")
    except Exception:  # ImportError from the pyvi-backed tokenizer
        nlp = _language("xx")
    nlp.vocab.lex_attr_getters[NORM] = folded_norm
    for lexeme in nlp.vocab:  # the words the tokenizer's set-up created before the getter
        lexeme.norm_ = folded_norm(lexeme.orth_)
    return nlp


def _language(code: str) -> Language:
    """The language's class made as it is: the pipeline spacy.blank(code) gives (the same
    tokenizer and vocabulary, from the class's defaults) without spacy.blank's filling and
    validating of a whole training config, which a blank pipeline does not use."""
    return get_lang_class(code)()


def build_pipeline(gazetteer=None, provinces: Iterable[str] = ()) -> Language:
    """agency_ruler (AGENCY) -> role_words (spans 'roles') -> sentencizer, over folded NORMs.
    The rulers read no sentence boundaries; with the sentencizer last, the thousands of phrase
    patterns the rulers turn into Docs (through the components before them) skip it."""
    nlp = _blank()
    ruler = nlp.add_pipe("agency_ruler")
    names = gazetteer_names(gazetteer)
    ruler.add_patterns(agency_patterns(names, committee_vocabulary(gazetteer)))
    ruler.add_province_variants(names, provinces)
    roles = nlp.add_pipe("span_ruler", name="role_words",
                         config={"spans_key": "roles", "phrase_matcher_attr": "NORM"})
    words = vocabulary()["role_words"]
    roles.add_patterns([{"label": role, "pattern": word} for role, ws in words.items() for word in ws])
    nlp.add_pipe("sentencizer")
    return nlp


# ---------------------------------------------------------------- the gazetteer as patterns

def gazetteer_names(gazetteer=None) -> dict[str, list[str]]:
    """canonical name -> aliases: from normalize.agencies' Gazetteer (its `bodies`), or a plain
    {canonical: [aliases]} mapping (hand-made tests)."""
    if gazetteer is None:
        from normalize.agencies import load_gazetteer
        gazetteer = load_gazetteer()
    bodies = getattr(gazetteer, "bodies", None)
    if bodies is None:
        return {str(k): list(v) for k, v in gazetteer.items()}
    return {body.canonical: list(body.aliases) for body in bodies.values()}


def committee_vocabulary(gazetteer=None) -> dict:
    """Folded heads ("uy ban nhan dan") and unit words ("huyen", "thi xa") of collective
    people's committees, from the gazetteer when it has them."""
    if gazetteer is None:
        try:
            from normalize.agencies import load_gazetteer
            gazetteer = load_gazetteer()
        except ImportError:
            return {"heads": [], "units": []}
    heads = [" ".join(h) for h in getattr(gazetteer, "committee_heads", ())]
    abbreviations = getattr(gazetteer, "abbreviations", {})
    # Abbreviated heads too ("UBND các huyện"): an abbreviation that expands to a head.
    heads += [fold(a) for a, full in abbreviations.items() if fold(full) in heads]
    heads += [f"chu tich {fold(a)}" for a, full in abbreviations.items() if fold(full) in heads]
    units = [" ".join(u) for u, _level in getattr(gazetteer, "units", ())]
    return {"heads": heads, "units": units}


def agency_patterns(names: dict[str, list[str]], committees: dict) -> list[dict]:
    """Phrase patterns for every canonical name and alias (their variants with a province's
    name for "tỉnh" are the AgencyRuler's); plus token patterns for collective committees ("UBND
    các huyện, thị xã, thành phố", "Ủy ban nhân dân các xã, phường"), whose unit lists vary too
    much to list."""
    patterns = [{"label": "AGENCY", "pattern": name, "id": canonical}
                for canonical, aliases in names.items() for name in sorted({canonical, *aliases})]
    units = sorted({fold(u) for u in committees.get("units", [])})
    for head in sorted({fold(h) for h in committees.get("heads", [])}):
        head_tokens = [{"NORM": t} for t in head.split()]
        unit_words = [w for u in units for w in u.split()]
        patterns.append({"label": "AGENCY", "pattern": head_tokens + [
            {"NORM": {"IN": ["cac", "cap"]}, "OP": "?"},
            {"NORM": {"IN": units}},
            {"NORM": {"IN": unit_words + [",", "va", "-"]}, "OP": "*"},
            {"NORM": {"IN": unit_words}},
            {"IS_TITLE": True, "OP": "*"},
        ]})
    return patterns


@lru_cache(maxsize=1)
def province_names() -> tuple[str, ...]:
    """Province names (from the gazetteer data) that may stand for "tỉnh" in an agency name."""
    path = Path(__file__).parents[1] / "normalize" / "data" / "agencies.json"
    if not path.is_file():
        return ()
    provinces = json.loads(path.read_text(encoding="utf-8")).get("provinces", {})
    candidates = {*provinces.get("before_2025", []), *provinces.get("after_2025", []),
                  *provinces.get("variants", [])} - set(provinces.get("needs_prefix", []))
    return tuple(sorted(candidates))


def provinces_named_in(text: str) -> list[str]:
    """The province names that the text prints: the variants to add."""
    folded = fold(text)
    return [p for p in province_names() if re.search(rf"\b{re.escape(fold(p))}\b", folded)]


@lru_cache(maxsize=1)
def default_pipeline() -> Language:
    """The pipeline over the shipped gazetteer with every province's variants, built once per
    process: a variant matches only where the text prints its province, so this reads a
    document as the pipeline built for the provinces it names would."""
    return build_pipeline(None, province_names())


def canonical_of(name: str, fallback: str | None) -> str:
    """The gazetteer's canonical form; the ruler's pattern id when the look-up is unavailable."""
    try:
        from normalize.agencies import canonical_agency
        found = canonical_agency(name)
        if found:
            return found
    except ImportError:
        pass
    return fallback or one_line(name)


# ---------------------------------------------------------------- reading subjects and roles

@dataclass(frozen=True)
class Party:
    body: str        # as printed
    canonical: str
    role: str        # lead | support


@dataclass
class SentenceReading:
    subject: list[Party]          # the bodies the sentence starts with, with their role
    partners: list[Party]         # bodies named after "phối hợp (với)" / "với"
    first_role: str | None        # the first role word after the subject
    task_words: int               # words that are not bodies, role words or fillers


@lru_cache(maxsize=1)
def _filler_sequences() -> list[list[str]]:
    """Folded filler word sequences, longest first (read by every sentence: folded once)."""
    words = vocabulary()["subject_fillers"] + vocabulary()["joint_words"]
    return sorted((fold(w).split() for w in words), key=len, reverse=True)


@lru_cache(maxsize=1)
def _joint_words() -> frozenset[str]:
    return frozenset(fold(w) for w in vocabulary()["joint_words"])


@dataclass(frozen=True)
class TokenTable:
    """A Doc's token attributes as plain lists. Reading a sentence looks at its tokens many
    times over, and every spaCy Token access builds a new Python object: read them once."""
    norms: list[str]
    texts: list[str]
    punct: list[bool]
    alpha: list[bool]


_TABLE_KEY = "dtiplan_token_table"


def token_table(doc: Doc) -> TokenTable:
    """The Doc's TokenTable, made on first use and kept in doc.user_data for its other sentences."""
    table = doc.user_data.get(_TABLE_KEY)
    if table is None:
        tokens = list(doc)
        table = doc.user_data[_TABLE_KEY] = TokenTable([t.norm_ for t in tokens], [t.text for t in tokens],
                                                      [t.is_punct for t in tokens], [t.is_alpha for t in tokens])
    return table


def _agency_at(doc: Doc) -> dict[int, Span]:
    return {ent.start: ent for ent in doc.ents if ent.label_ == "AGENCY"}


def _run(sent: Span, start: int, agencies: dict[int, Span], fillers: list[list[str]]) -> tuple[list[Span], int]:
    """The bodies listed from token `start` on, with the punctuation and filler words that stand
    between them in a list ("Thủ trưởng các sở, ban, ngành; Công an tỉnh; Giám đốc các doanh
    nghiệp viễn thông trên địa bàn tỉnh"); returns them and the first token after the list."""
    table, i, end, found = token_table(sent.doc), start, sent.end, []
    while i < end:
        if i in agencies:
            found.append(agencies[i])
            i = agencies[i].end
            continue
        if table.punct[i] and table.texts[i] in ",;:()&-–":
            i += 1
            continue
        norms = table.norms[i:min(i + 4, end)]
        filler = next((f for f in fillers if norms[:len(f)] == f), None)
        if filler is None:
            break
        i += len(filler)
    return found, i


def read_sentence(sent: Span) -> SentenceReading:
    doc = sent.doc
    table = token_table(doc)
    agencies = _agency_at(doc)
    fillers = _filler_sequences()
    joint = _joint_words()
    subject_spans, subject_end = _run(sent, _subject_start(sent), agencies, fillers)
    roles = sorted((s for s in doc.spans.get("roles", []) if subject_end <= s.start < sent.end),
                   key=lambda s: s.start)
    first_role = _subject_role(roles, subject_end, agencies, joint)
    subject_role = "support" if first_role == "support" else "lead"
    partner_role = "lead" if subject_role == "support" else "support"
    # Partners: a list that follows "phối hợp (với)", or "với"/"cùng" right after a role word
    # ("Sở Tài chính chủ trì với Sở KH&CN, Văn phòng UBND tỉnh ...").
    partner_spans: list[Span] = []
    consumed: set[int] = set(range(sent.start, subject_end))
    for role in roles:
        consumed.update(range(role.start, role.end))
        start = role.end
        while start < sent.end and table.texts[start] == ",":
            start += 1
        if _opens_partners(role, agencies, joint):
            # skip the adverbs before whom: "phối hợp chặt chẽ với X"
            start = next((i for i in range(role.end, sent.end) if i in agencies or table.norms[i] in joint), start)
        if _opens_partners(role, agencies, joint) or (start < sent.end and table.norms[start] in joint):
            spans, end = _run(sent, start, agencies, fillers)
            partner_spans += spans
            consumed.update(range(start, end))
    subject = _parties(subject_spans, subject_role)
    partners = [p for p in _parties(partner_spans, partner_role) if p.canonical not in {s.canonical for s in subject}]
    task_words = sum(1 for i in range(sent.start, sent.end) if i not in consumed and table.alpha[i])
    return SentenceReading(subject, partners, first_role, task_words)


def _subject_start(sent: Span) -> int:
    """Where the subject may start: after a lead-in phrase up to its comma ("Căn cứ nội dung Kế
    hoạch này, các sở ... chủ trì"), else at the sentence start."""
    norms = token_table(sent.doc).norms[sent.start:sent.end]
    for lead_in in (fold(w).split() for w in vocabulary()["lead_ins"]):
        if norms[:len(lead_in)] == lead_in and "," in norms[:20]:
            return sent.start + norms.index(",") + 1
    return sent.start


# How far after the subject a role word still says the subject's role ("Công an tỉnh chủ trì",
# "Sở KH&CN tiếp tục tham mưu"); further on it is part of the task ("... tăng cường công tác
# phối hợp, cung cấp thông tin").
_ROLE_WINDOW = 3


def _subject_role(roles: list[Span], subject_end: int, agencies: dict[int, Span], joint: set[str]) -> str | None:
    for role in roles:
        if role.start - subject_end > _ROLE_WINDOW:
            break
        if role.label_ == "support" and not _opens_partners(role, agencies, joint):
            continue  # "Chủ động phối hợp, hướng dẫn, ..." names no one to support
        return role.label_
    return None


def _opens_partners(role: Span, agencies: dict[int, Span], joint: set[str]) -> bool:
    """A support word is one when it names whom: "phối hợp (chặt chẽ) với X", "phối hợp X"."""
    if role.label_ != "support":
        return False
    norms = token_table(role.doc).norms
    ahead = range(role.end, min(role.end + _ROLE_WINDOW, len(norms)))
    return any(i in agencies or norms[i] in joint for i in ahead)


def _parties(spans: list[Span], role: str) -> list[Party]:
    out: dict[str, Party] = {}
    for span in spans:
        canonical = canonical_of(span.text, span.ent_id_ or None)
        out.setdefault(canonical, Party(one_line(span.text), canonical, role))
    return list(out.values())


def with_role_of_sentence(parties: list[Party], reading: SentenceReading) -> list[Party]:
    """Bodies carried from a heading take the sentence's role: a bullet that starts with
    "Phối hợp (với X)" makes them supporters of X; any other bullet keeps their roles."""
    if reading.first_role != "support":
        return list(parties)
    return [Party(p.body, p.canonical, "support") for p in parties]


# ---------------------------------------------------------------- indicators a task names

_CODE = r"(\d{1,2}(?:\.\d{1,2}){1,3})"


@dataclass
class IndicatorIndex:
    """The indicators a document lists (code, name), to find the ones a task names: by code
    after a mention word ("chỉ số 3.4") or by name (a fuzzy substring match of the whole name)."""
    indicators: list[tuple[str, str]] = field(default_factory=list)
    min_ratio: float = 90.0
    min_name_length: int = 15

    def __post_init__(self) -> None:
        mentions = "|".join(re.escape(fold(w)) for w in vocabulary()["mention_words"])
        self._mention = re.compile(rf"\b(?:{mentions})\s+(?:so\s+)?{_CODE}")
        self._codes = {code for code, _ in self.indicators}
        self._names = [(code, fold(name)) for code, name in self.indicators
                       if name and len(name) >= self.min_name_length]

    def named_in(self, text: str) -> list[str]:
        folded = fold(text)
        found = [m.group(1) for m in self._mention.finditer(folded)
                 if not self._codes or m.group(1) in self._codes]
        for code, name in self._names:
            # the cutoff lets rapidfuzz stop early on the many names a task does not hold
            if len(name) <= len(folded) and self._may_hold(name, folded) and \
                    fuzz.partial_ratio(name, folded, score_cutoff=self.min_ratio):
                found.append(code)
        return list(dict.fromkeys(found))

    def _may_hold(self, name: str, folded: str) -> bool:
        """Whether the text shares enough of the name's letters, in order, for partial_ratio to
        reach min_ratio; a necessary condition that costs one pass, where partial_ratio aligns
        the name at many places (most of named_in's time, for names longer than 64).

        partial_ratio is fuzz.ratio = 200 L / (m + k) of the name (m characters) and some part
        of the text of k <= m characters, L their longest common subsequence; L <= k, so a score
        of r needs L >= r m / (200 - r), and the whole text has at least that subsequence in
        common with the name. One character of slack covers the scores' rounding."""
        needed = self.min_ratio * len(name) / (200 - self.min_ratio) - 1
        return LCSseq.similarity(name, folded) >= needed

    def topic(self, heading: str) -> list[str]:
        """A heading that is a pillar's name ("3.3. Hạ tầng số") makes its tasks concern it."""
        folded = fold(heading).rstrip(" .:")
        return [code for code, name in self.indicators
                if name and "." not in code and fuzz.ratio(fold(name), folded) >= self.min_ratio]


# ---------------------------------------------------------------- walking the paragraphs

# Characters of text spaCy is given at once. A paragraph is a few hundred; a text with no line
# breaks (a plan saved as one line) is one paragraph of megabytes, past spaCy's max_length and
# too long to read sentence by sentence against every name the whole paragraph holds.
PIECE_CHARS = 10_000
PIPE_BATCH = 64  # Docs spaCy makes at a time
_SENTENCE_END = re.compile(r"[.!?;:]\s+")


def text_pieces(text: str, limit: int) -> list[tuple[int, str]]:
    """The text cut into (offset, piece) of at most `limit` characters that join back into it:
    after the last sentence end of each piece, else after its last space, else at the limit."""
    pieces, offset = [], 0
    while len(text) - offset > limit:
        window = text[offset:offset + limit]
        ends = [m.end() for m in _SENTENCE_END.finditer(window, limit // 2)]
        cut = ends[-1] if ends else (window.rfind(" ") + 1 or limit)
        pieces.append((offset, window[:cut]))
        offset += cut
    return pieces + [(offset, text[offset:])]


def paragraph_pieces(nlp: Language, texts: list[str]) -> Iterator[Iterator[tuple[int, Doc, bool]]]:
    """For each paragraph text, its Docs as (offset, Doc, whether the last): one Doc, or one per
    piece of a long text (`text_pieces`), made as they are read so that a long text is never
    held as Docs all at once. Read each paragraph's Docs before asking for the next."""
    numbered = ((piece, (number, offset, offset + len(piece) == len(text)))
                for number, text in enumerate(texts) for offset, piece in text_pieces(text, PIECE_CHARS))
    for _, group in groupby(nlp.pipe(numbered, as_tuples=True, batch_size=PIPE_BATCH), key=lambda pair: pair[1][0]):
        yield ((offset, doc, last) for doc, (_, offset, last) in group)


def _sentences(pieces: Iterator[tuple[int, Doc, bool]]) -> Iterator[tuple[int, Span, bool]]:
    """(offset of its piece, sentence, whether it ends the paragraph) over a paragraph's pieces."""
    for offset, doc, last in pieces:
        for sent in doc.sents:
            yield offset, sent, last and sent.end == len(doc)


@dataclass
class _Frame:
    rank: float
    parties: list[Party] | None
    topic: list[str]
    had_bullets: bool = False
    gave_task: bool = False

    @property
    def closed_to_prose(self) -> bool:
        return self.had_bullets or self.gave_task


def assignments_from_paragraphs(paras: list[Paragraph], nlp: Language,
                                index: IndicatorIndex) -> list[dict]:
    min_words = int(vocabulary()["min_task_words"])
    out: list[dict] = []
    stack: list[_Frame] = []
    for para, pieces in zip(paras, paragraph_pieces(nlp, [p.text for p in paras])):
        # A paragraph closes the headings of its rank and deeper. An unmarked paragraph after
        # a heading's bullets, or after a numbered paragraph that gave its own task, closes it
        # too: it is the closing remark of the section ("Trên đây là Kế hoạch ..."), not one
        # more task of that body.
        if para.after_table:
            stack.clear()  # a table (an annex) ends the sections before it
        while stack and (stack[-1].rank >= para.rank or (para.marker is None and stack[-1].closed_to_prose)):
            stack.pop()
        if stack and para.rank > UNMARKED_RANK:
            stack[-1].had_bullets = True
        carried = next((f.parties for f in reversed(stack) if f.parties), None)
        topic = next((f.topic for f in reversed(stack) if f.topic), [])
        own: list[Party] | None = None
        gave_task = False
        heading = para.is_heading
        for offset, sent, last in _sentences(pieces):
            reading = read_sentence(sent)
            if reading.subject:
                parties = reading.subject + reading.partners
                own = own or parties
                carried_here = parties
            elif carried or own:
                carried_here = with_role_of_sentence(own or carried, reading)
                carried_here += [p for p in reading.partners if p.canonical not in {c.canonical for c in carried_here}]
            else:
                continue
            is_intro = sent.text.rstrip().endswith(":") and last
            if heading or is_intro or reading.task_words < min_words:
                continue
            gave_task = True
            task = one_line(sent.text)
            indicators = index.named_in(task) or topic
            line = para.line_at(offset + sent.start_char)
            out += [_item(p, task, indicators, line) for p in carried_here]
        heading_topic = index.topic(para.text) if para.rank <= 4 and own is None else []
        stack.append(_Frame(para.rank, None if para.title else own, heading_topic, gave_task=gave_task))
    return out


def _item(party: Party, task: str, indicators: list[str], line: int) -> dict:
    return {"body": party.body, "body_canonical": party.canonical, "role": party.role,
            "task": task, "indicators": indicators, "provenance": {"page": None, "line": line}}


# ---------------------------------------------------------------- entry points

def extract_assignments(lines: list[str], gazetteer=None, indicators: list[tuple[str, str]] | None = None,
                        provinces: list[str] | None = None) -> list[dict]:
    """Narrative assignments of a document's text lines (table lines are left out).

    `indicators`: (code, name) of the indicators the document's tables list, to say which ones a
    task names; `provinces`: province names the text uses in agency names (found in the text
    when not given)."""
    paras = line_paragraphs(lines)
    return _run_pipeline(paras, "\n".join(lines), gazetteer, indicators, provinces)


def extract_document_assignments(document, gazetteer=None, indicators: list[tuple[str, str]] | None = None,
                                 provinces: list[str] | None = None) -> list[dict]:
    """The same over a Document's text blocks (its tables are already set apart by the reader)."""
    paras = document_paragraphs(document)
    return _run_pipeline(paras, "\n".join(p.text for p in paras), gazetteer, indicators, provinces)


def _run_pipeline(paras, text, gazetteer, indicators, provinces) -> list[dict]:
    if gazetteer is None and provinces is None:
        nlp = default_pipeline()
    else:
        nlp = build_pipeline(gazetteer, provinces_named_in(text) if provinces is None else provinces)
    return assignments_from_paragraphs(paras, nlp, IndicatorIndex(list(indicators or [])))
