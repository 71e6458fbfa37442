"""The places metadata is read from, prepared once per document, and the rule that picks a
field's value among them."""
from __future__ import annotations

from dataclasses import dataclass

from extract.metadata.citations import Annex, annex_lines
from extract.metadata.issuer_text import Enacting, enacting_sentences
from extract.metadata.lines import Found, Joined, Warning, clean_line, join_lines
from extract.metadata.site import site_fields, site_table
from extract.metadata.vocab import number_key, vocabulary

# The header block (agency, Số line, place and date, type heading) sits in the first lines of
# the document proper; a generous window still keeps body text with dates and "Số" out.
HEADER_LINES = 60


def _same(a: str | None, b: str | None) -> bool:
    return a is None or b is None or number_key(a) == number_key(b)


def pick(field: str, sources: list[tuple[str, Found | None]], warnings: list[Warning]) -> Found:
    """The first source that has the field; a later one that disagrees is a conflict."""
    present = [(name, f) for name, f in sources if f is not None and f.value is not None]
    if not present:
        return Found(None, None)
    chosen_name, chosen = present[0]
    for name, other in present[1:]:
        if not _same(chosen.value, other.value):
            warnings.append(("metadata-conflict",
                             f"{field}: {chosen_name} says {chosen.value!r}, {name} says {other.value!r}",
                             other.line if other.line is not None else chosen.line))
    return chosen


@dataclass
class Sources:
    """The places metadata is read from, prepared once per document."""

    cleaned: list[str]
    header_idx: list[int]
    header_text: Joined
    full_text: Joined
    annexes: list[Annex]
    site: dict[str, str]
    enacting: Enacting | None   # the first '<issuer> ban hành <Type>' sentence of the opening

    def annex(self, attr: str) -> Found | None:
        hit = next((a for a in self.annexes if getattr(a, attr)), None)
        return Found(getattr(hit, attr), hit.line) if hit else None

    def from_site(self, field: str) -> Found | None:
        return Found(self.site[field], None) if field in self.site else None


def read_sources(lines: list[str], site_metadata: dict[str, str]) -> Sources:
    cleaned = [clean_line(line) for line in lines]
    _, site_end = site_table(lines)
    header_idx = [i for i in range(site_end, len(lines)) if cleaned[i]][:HEADER_LINES]
    full_text = join_lines(cleaned, list(range(len(lines))))
    header_text = join_lines(cleaned, header_idx)
    vocab = vocabulary()
    enacting = enacting_sentences(header_text.text, list(vocab.enacting_bodies), list(vocab.type_names),
                                  [w for w, _ in vocab.unit_words])
    return Sources(cleaned, header_idx, header_text, full_text, annex_lines(full_text),
                   site_fields(site_metadata), enacting[0] if enacting else None)
