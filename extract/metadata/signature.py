"""The signer: the name printed after the signature titles ('KT. CHỦ TỊCH' / 'PHÓ CHỦ TỊCH')."""
from __future__ import annotations

from extract.metadata.lines import Found
from extract.metadata.vocab import place_key, vocabulary
from normalize.text import fold

# Between a signature title and the signer's name there may be a "Nơi nhận" list.
SIGNATURE_REACH = 20


def _is_signature_title(text: str) -> bool:
    """'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH': capitals, a known prefix or title;
    also a title with its body ('PHÓ CHỦ TỊCH UBND TỈNH', a Ban Chỉ đạo's Trưởng ban)."""
    if not text.isupper():
        return False
    folded = fold(text)
    vocab = vocabulary()
    with_body = any(folded.startswith(f"{title} {form}") for title in vocab.signature_titles
                    for _, forms, _ in vocab.bodies for form in forms)
    return folded in vocab.signature_titles or with_body or any(
        folded.startswith(p) and len(folded) > len(p) for p in vocab.signature_prefixes)


def _is_person_name(text: str) -> bool:
    """'Hồ Văn Mười': 2-5 capitalised words of letters, not a province name."""
    words = text.split()
    return (2 <= len(words) <= 5
            and all(w.isalpha() and w[0].isupper() and w[1:] == w[1:].lower() for w in words)
            and place_key(text) not in vocabulary().provinces)


def _skippable_after_title(text: str) -> bool:
    """Between title and name: a wrapped title fragment ('DÂN'), '(Đã ký)', a 'Nơi nhận' item."""
    folded = fold(text)
    fragment = text.isupper() and len(text.split()) <= 2 and text.replace(" ", "").isalpha()
    recipient = text[:1] in "-+" or folded.startswith(("noi nhan", "luu"))
    return fragment or recipient or folded in vocabulary().signature_notes


def signature_name(cleaned: list[str]) -> Found | None:
    """The name printed after the signature titles; None when no block names a signer."""
    rows = [(i, t) for i, t in enumerate(cleaned) if t]
    k = 0
    while k < len(rows):
        if not _is_signature_title(rows[k][1]):
            k += 1
            continue
        j = k
        while j < len(rows) and _is_signature_title(rows[j][1]):
            j += 1
        limit = j + SIGNATURE_REACH
        while j < min(limit, len(rows)) and _skippable_after_title(rows[j][1]):
            j += 1
        if j < len(rows) and _is_person_name(rows[j][1]):
            return Found(rows[j][1], rows[j][0] + 1)
        k = max(j, k + 1)
    return None
