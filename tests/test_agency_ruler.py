"""extract.agency_ruler: a gazetteer name found with a province's name in place of its "tỉnh"."""
from extract.narrative import build_pipeline

NAMES = {"Thanh tra tỉnh": ["Thanh tra"], "Báo và Phát thanh, Truyền hình tỉnh": []}


def _agencies(text: str, provinces=("Khánh Hòa", "Bà Rịa - Vũng Tàu")) -> list[tuple[str, str]]:
    nlp = build_pipeline(NAMES, provinces)
    return [(e.text, e.ent_id_) for e in nlp(text).ents if e.label_ == "AGENCY"]


def test_a_province_stands_for_tinh_or_follows_it_and_the_longest_name_wins():
    found = _agencies("Thanh tra Khánh Hòa chủ trì; phối hợp Báo và Phát thanh, Truyền hình tỉnh "
                      "Bà Rịa - Vũng Tàu và THANH TRA KHÁNH HÒA.")
    assert found == [("Thanh tra Khánh Hòa", "Thanh tra tỉnh"),
                     ("Báo và Phát thanh, Truyền hình tỉnh Bà Rịa - Vũng Tàu", "Báo và Phát thanh, Truyền hình tỉnh"),
                     ("THANH TRA KHÁNH HÒA", "Thanh tra tỉnh")]


def test_only_the_given_provinces_and_only_whole_names_are_variants():
    # "Bình Long" is no province: the shorter alias is what is printed. A province not given
    # (the pipeline of a plan that never names it) makes no variant either.
    assert _agencies("Thanh tra Bình Long kiểm tra.") == [("Thanh tra", "Thanh tra tỉnh")]
    assert _agencies("Thanh tra Khánh Hòa kiểm tra.", provinces=()) == [("Thanh tra", "Thanh tra tỉnh")]
    assert _agencies("Báo và Phát thanh Khánh Hòa đưa tin.") == []
