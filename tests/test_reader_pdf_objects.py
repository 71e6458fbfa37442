"""The PDF reader's own walk over pdfminer's layout gives pdfplumber's words and edges exactly."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from extract.readers.pdf_layout import Ruling
from extract.readers.pdf_objects import page_objects

ROOT = Path(__file__).parents[1]
# Ruled tables (lines and rectangles), a borderless rendering, and a small A5 page.
SAMPLES = [ROOT / "tests" / "data" / "readers" / "three_pages.pdf", ROOT / "corpus" / "variants" / "000_e240fa90282517b0.borderless.pdf",
           ROOT / "tests" / "data" / "readers" / "merged.pdf"]


def plumber_words_and_rulings(page) -> tuple[list[dict], list[Ruling]]:
    """What the reader took from pdfplumber before: extract_words with each word's first font,
    and every edge as a segment."""
    words = page.extract_words(return_chars=True)
    for word in words:
        word["fontname"] = word.pop("chars")[0]["fontname"]
    edges = [Ruling(e["x0"], e["top"], e["x1"], e["top"] if e["orientation"] == "h" else e["bottom"])
             for e in page.edges]
    return words, edges


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_words_and_rulings_are_pdfplumbers(path):
    with pdfplumber.open(str(path)) as theirs, pdfplumber.open(str(path)) as ours:
        pages = list(zip(theirs.pages, ours.pages))[:3]
        rulings = 0
        for their_page, our_page in pages:
            words, edges = plumber_words_and_rulings(their_page)
            found = page_objects(our_page)
            assert found.words == words
            assert found.rulings == edges
            rulings += len(edges)
            assert not hasattr(our_page, "_layout")  # the page's layout is not kept
    assert words  # the sample has text on its pages
    if "borderless" not in path.name:
        assert rulings  # and drawn rules
