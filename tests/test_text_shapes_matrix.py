"""A representative part of the layout matrix (scripts/make_text_shapes.py runs it all):
seed tables re-printed in other text shapes with header wordings the vocabulary does
not list, read back and scored against the gold copy."""
import pytest

from extract.headers import squashed, vocabulary
from scripts.make_text_shapes import HIDDEN, WORDINGS, recall_f1, run


def _listed_phrases() -> set[str]:
    roles = vocabulary()["roles"].values()
    return {p.replace(" ", "") for spec in roles for kind in ("exact", "contains") for p in spec.get(kind, [])}


def test_six_wordings_per_role_and_the_hidden_half_is_not_in_the_vocabulary():
    listed = _listed_phrases()
    assert all(len(words) == 6 and len(HIDDEN[role]) == 3 for role, words in WORDINGS.items())
    for role, words in HIDDEN.items():
        for word in words:
            assert squashed(word.format(year=2024)) not in listed, (role, word)


@pytest.mark.parametrize("seed, shape, variant", [
    ("002", "cell_per_paragraph", 3),
    ("002", "one_line", 4),
    ("004", "separator_stream", 3),
    ("004", "markdown_html", 5),
])
def test_a_seed_reprinted_in_another_shape_with_unlisted_headers_is_read(tmp_path, seed, shape, variant):
    tally = run(tmp_path, [shape], [variant], [seed])[shape]
    assert recall_f1(tally, "rows")[0] >= 0.97
    assert recall_f1(tally)[1] >= 0.95
