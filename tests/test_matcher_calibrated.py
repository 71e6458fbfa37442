"""The matcher's normalisation, batch scoring and three-way decision, and its floors on the
labelled names of tests/data/names (see catalog/labelled.py, scripts/tune_matcher.py)."""
import pytest

from catalog.labelled import (REAL_DEV_GOLD, accepted_codes, evidence_of, measure, project_names, real_dev_names,
                              seed_gold_names)
from catalog.mapping import map_document
from catalog.matcher import decide
from catalog.ranking import index_of, rank, settings
from catalog.model import Catalog, Framework, Indicator
from catalog.likeness import pair_coverage, prepare, prepare_set, similarity, similarity_matrix, swaps_term
from catalog.names import measure_kind, normalise
from catalog.store import default_catalog
from tests.catalog_fixtures import small_catalog

CAT = small_catalog()


# ---------------------------------------------------------------- normalisation

def test_abbreviations_typed_without_diacritics_expand_like_the_written_ones():
    assert normalise("Tỷ lệ CDS") == normalise("Tỷ lệ CĐS") == "tỷ lệ chuyển đổi số"
    assert normalise("Cổng TTDT") == normalise("Cổng TTĐT") == "cổng thông tin điện tử"
    assert normalise("kết nối mạng TSLCD") == "kết nối mạng truyền số liệu chuyên dùng"


def test_an_expanded_abbreviation_in_parentheses_is_not_said_twice():
    assert normalise("sử dụng dịch vụ công trực tuyến (DVCTT)") == "sử dụng dịch vụ công trực tuyến"
    assert normalise("Tin nhắn (Zalo, Messenger)") == "tin nhắn zalo messenger"


def test_a_decision_number_inside_a_name_is_neutralised():
    a = normalise("được kiểm tra theo Thông tư số 12/2022/TT-BTTTT ngày 30/8/2022")
    b = normalise("được kiểm tra theo Thông tư 03/2017/TT-BTTTT")
    assert a == b == "được kiểm tra theo thông tư"
    assert normalise("Tỷ lệ theo QĐ 922/QĐ-BTTTT") == "tỷ lệ theo quyết định"


def test_numbers_and_units_are_spelt_one_way():
    assert normalise("trên 1.000 dân") == normalise("trên 1000dân") == "trên 1000 dân"
    assert normalise("Kế hoạch 05 năm") == "kế hoạch 5 năm" and normalise("mức 10.05") == "mức 10.05"
    assert normalise("tốc độ trên 1Gbps") == normalise("tốc độ trên 1 Gb/s") == "tốc độ trên 1 gb / s"


# ---------------------------------------------------------------- likeness

def test_a_name_whose_spaces_were_lost_still_matches():
    assert similarity("Nhậnthứcsố", "Nhận thức số") >= 0.95
    assert similarity("TỷlệhộgiađìnhcókếtnốiInternet", "Tỷ lệ hộ gia đình có kết nối Internet") >= 0.9


def test_the_reading_without_spaces_is_only_for_names_that_lost_them():
    # letters nearly alike, one word changed: the syllables keep them apart
    assert similarity("Tỷ lệ doanh nghiệp sử dụng hóa đơn điện tử",
                      "Tỷ lệ doanh nghiệp sử dụng hợp đồng điện tử") < 0.88


def test_batch_scores_equal_one_by_one_scores():
    names = ["Tỷ lệ DVCTT toàn trình", "Ty le ho gia dinh co ket noi Internet", "Nhậnthứcsố"]
    choices = prepare_set(["Tỷ lệ dịch vụ công trực tuyến toàn trình", "Tỷ lệ hộ gia đình có kết nối Internet",
                           "Nhận thức số"])
    matrix = similarity_matrix([prepare(n) for n in names], choices)
    for i, name in enumerate(names):
        assert matrix[i] == pytest.approx(similarity_matrix([prepare(name)], choices)[0])
    assert matrix.argmax(axis=1).tolist() == [0, 1, 2]


def _pair_likeness(query, choice, choices) -> float:
    """similarity_matrix's definition for one pair, with rapidfuzz's own scorers on the raw forms."""
    from rapidfuzz import fuzz

    from catalog.likeness import COMPACT_PENALTY, FOLDED_PENALTY, HEADLESS_PENALTY, lost_spaces

    def reading(form: str) -> float:
        a, b = getattr(query, form), getattr(choice, form)
        chars = max(fuzz.ratio(a.text, b.text) / 100.0, fuzz.token_sort_ratio(a.text, b.text) / 100.0)
        syllables = max(fuzz.ratio(a.syllables, b.syllables) / 100.0,
                        fuzz.ratio(a.sorted_syllables, b.sorted_syllables) / 100.0)
        return (chars + syllables) / 2
    best = max(reading("written"), FOLDED_PENALTY * reading("folded"), HEADLESS_PENALTY * reading("headless"))
    if lost_spaces(query, choices):
        best = max(best, COMPACT_PENALTY * (fuzz.ratio(query.compact, choice.compact) / 100.0))
    return best if query.normalised else 0.0


def test_batch_scores_are_the_scorers_pair_by_pair_exactly():
    """Each distinct form is scored once and its words sorted once; every pair still gets
    exactly what the scorers give it (names that read alike, a framework's repeated wordings)."""
    catalog = default_catalog()
    choices = index_of(catalog, "dti-2025").prepared
    names = [n.name for n in project_names() if n.framework == "dti-2025"][:40]
    names += [names[0] + ".", names[0].upper(), "Nhậnthứcsố", "Ty le ho gia dinh co ket noi Internet", ""]
    matrix = similarity_matrix([prepare(n) for n in names], choices)
    assert len({c.written for c in choices.names}) < len(choices.names)  # some wordings repeat
    for i, name in enumerate(names):
        assert matrix[i].tolist() == [_pair_likeness(prepare(name), c, choices) for c in choices.names]


def test_rare_words_count_more_than_qualifiers():
    choices = prepare_set(["Cơ quan báo chí của tỉnh có chuyên mục riêng về chuyển đổi số",
                           "Tỷ lệ doanh nghiệp sử dụng hợp đồng điện tử",
                           "Tỷ lệ doanh nghiệp nộp thuế điện tử"])
    of_row, of_choice = pair_coverage(prepare("Cơ quan báo chí địa phương có chuyên mục riêng về chuyển đổi số"),
                                      choices, 0)
    assert of_row == pytest.approx(1.0) and of_choice == pytest.approx(1.0)  # tỉnh -> địa phương
    assert max(pair_coverage(prepare("Tỷ lệ doanh nghiệp sử dụng hóa đơn điện tử"), choices, 1)) < 0.8  # hóa đơn for hợp đồng


def test_a_swapped_domain_term_is_another_indicator():
    assert swaps_term(prepare("Tỷ lệ CCVC chuyên trách về ATTT mạng"),
                      prepare("Tỷ lệ công chức, viên chức chuyên trách về chuyển đổi số"))
    # a narrower or wider term is not a swap
    assert not swaps_term(prepare("Tổng kinh phí chi cho an toàn thông tin mạng"),
                          prepare("Tổng kinh phí chi cho an toàn thông tin (ATTT)"))


def test_a_frameworks_names_are_prepared_once_per_process():
    catalog = default_catalog()
    assert index_of(catalog, "dti-2025") is index_of(catalog, "dti-2025")
    decide("Tỷ lệ hồ sơ nộp trực tuyến", None, "dti-2025", catalog, use_codes=False)
    assert "Tỷ lệ hồ sơ nộp trực tuyến" in index_of(catalog, "dti-2025").scores


def test_aliases_of_a_catalog_entry_are_matched_like_its_name():
    fw = Framework("dti-x", "x", [], None, None, None)
    entry = Indicator("dti-x", "1.1", "1", "Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang")
    object.__setattr__(entry, "aliases", ["Tỷ lệ hộ có đường truyền FTTH"])
    fw.indicators = [Indicator("dti-x", "1", "1", "Hạ tầng số"), entry]
    found = decide("Tỷ lệ hộ có đường truyền FTTH", None, "dti-x", Catalog({"dti-x": fw}), use_codes=False).match
    assert found and found.code == "1.1"


# ---------------------------------------------------------------- the decision

def test_three_outcomes_accepted_review_none():
    accepted = decide("Tỷ lệ DVCTT toàn trình", None, "dti-2022", CAT, use_codes=False)
    assert accepted.match and accepted.match.code == "1.2"
    review = decide("Tỷ lệ thủ tục hành chính trực tuyến toàn trình", None, "dti-2022", CAT, use_codes=False)
    assert review.match is None and review.reason == "review" and review.nearest[0]["code"] == "1.2"
    none = decide("Số lượng máy chủ vật lý", None, "dti-2022", CAT, use_codes=False)
    assert none.match is None and none.reason == "below-threshold"


def test_review_leaves_canonical_null_and_warns_with_candidates():
    doc = {"document": {"frameworks_cited": ["922/QĐ-BTTTT"], "date": "2023-11-03"}, "warnings": [],
           "tables": [{"kind": "targets", "rows": [
               {"code": "1", "name": "Tỷ lệ thủ tục hành chính trực tuyến toàn trình"}]}]}
    map_document(doc, CAT)
    assert doc["tables"][0]["rows"][0]["canonical"] is None
    review = [w for w in doc["warnings"] if w["code"] == "canonical-review"]
    assert len(review) == 1 and "dti-2022 1.2" in review[0]["message"]


def test_a_row_numbered_like_a_pillar_is_the_pillar_its_name_prints():
    # a list that inserts a pillar renumbers the rest: "7 Hoạt động chính quyền số" is pillar 6
    catalog = default_catalog()
    own = decide("Hoạt động chính quyền số", "7", "dti-2022", catalog, use_codes=True)
    assert own.match and own.match.code == "6"
    assert decide("Đô thị thông minh", "6", "dti-2022", catalog, use_codes=True).match is None
    # a section of a reporting form (II, III) is never a pillar by name
    assert decide("Hoạt động chính quyền số", "II", "dti-2022", catalog, use_codes=False).match is None


def test_a_count_where_the_framework_rates_needs_a_close_name():
    # one term of a formula's count (cao đẳng only) is an input of the indicator, not the indicator
    catalog = default_catalog()
    found = decide("Số lượng cơ sở đào tạo cao đẳng có đào tạo về chuyển đổi số", "I.4", "dti-2022", catalog,
                   use_codes=False)
    assert found.match is None


# ---------------------------------------------------------------- floors on the labelled names

@pytest.fixture(scope="module")
def labelled():
    catalog = default_catalog()
    items = project_names() + real_dev_names(catalog)
    return items, evidence_of(items, catalog)


def test_the_labelled_set_is_large_and_split_once(labelled):
    items, _ = labelled
    project = project_names()
    assert len(project) >= 200 and sum(1 for i in project if not i.expected) >= 50
    halves = [i.half for i in items]
    assert 0.4 < halves.count("test") / len(halves) < 0.6
    assert [i.half for i in project_names()] == [i.half for i in project]  # the same split every run
    catalog = default_catalog()
    assert all(catalog.get(i.framework, i.expected) for i in project if i.expected)


@pytest.mark.parametrize("half", ["tuning", "test"])
def test_floors_on_each_half(labelled, half):
    items, evidence = labelled
    pairs = [(i, e) for i, e in zip(items, evidence) if i.half == half]
    tally = measure([i for i, _ in pairs], [e for _, e in pairs], settings())
    assert tally.wrong == 0, tally.line()
    assert tally.recall >= 0.95, tally.line()
    assert tally.abstained_share >= 0.95, tally.line()


def test_real_dev_rows_never_matched_wrongly():
    catalog = default_catalog()
    if not REAL_DEV_GOLD.is_file():
        pytest.skip("../shared/real-dev is absent")
    items = real_dev_names(catalog)
    assert len(items) >= 10
    tally = measure(items, evidence_of(items, catalog), settings())
    assert tally.wrong == 0 and tally.recall >= 0.75, tally.line()


def test_seed_gold_rows_keep_their_canonical_entries():
    catalog = default_catalog()
    items = seed_gold_names(catalog)
    codes = accepted_codes(evidence_of(items, catalog), settings())
    wrong = [(i.code, i.name) for i, c in zip(items, codes) if c is not None and c != i.expected]
    right = sum(1 for i, c in zip(items, codes) if c is not None and c == i.expected)
    assert not wrong and right >= 370


def test_near_twin_indicators_are_told_apart_by_their_rare_words():
    # 5.3 (máy chủ) and 5.4 (máy trạm) differ in one word: the margin is small, the row has all of 5.4's words
    found = decide("Số lượng máy trạm của CQNN cài đặt phòng, chống mã độc và chia sẻ thông tin với NCSC", None,
                   "dti-2022", default_catalog(), use_codes=False)
    assert found.match and found.match.code == "5.4"


def test_measure_kind_reads_the_leading_words():
    assert [measure_kind(normalise(n)) for n in ("Tỉ lệ hộ gia đình", "Số lượng người dân", "Tổng số hộ",
                                                 "Triển khai nền tảng")] == ["rate", "count", "count", "other"]


def test_the_comparison_counts_rows_left_for_review(tmp_path):
    import json

    from dtiplan.compare import documents_frame
    from dtiplan.compare_load import load_documents
    warning = {"code": "canonical-review", "message": "row 1 'x': ...", "provenance": {"page": None, "line": 3}}
    doc = {"schema_version": "1", "source": {"path": "corpus/a.txt"},
           "document": {"number": "1/KH", "province": "A", "level": "tỉnh", "date": "2024-01-01", "framework": None},
           "tables": [], "warnings": [warning, warning, {"code": "canonical-abstain", "message": "", "provenance": None}],
           "assignments": []}
    (tmp_path / "a.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert documents_frame(load_documents(tmp_path)).canonical_review.tolist() == [2]


def test_syllable_codes_stay_bounded_in_a_long_run(monkeypatch):
    import catalog.likeness as names
    known = names._syllable_code("chuyển")
    monkeypatch.setattr(names, "_PLANE", len(names._SYLLABLE_CODES))  # the dictionary is full
    unseen = names._syllable_code("xyzzyqwv")
    assert names._syllable_code("chuyển") == known and "xyzzyqwv" not in names._SYLLABLE_CODES
    assert unseen == names._syllable_code("xyzzyqwv") and ord(unseen) >= names._OVERFLOW_CODE


def test_a_ranked_candidate_keeps_its_place_in_the_index():
    """Coverage reads the best candidate's column by the place the ranking kept with it; a
    wording the catalog repeats (7.2's name without its gloss, twice) reads its first copy."""
    catalog = default_catalog()
    index = index_of(catalog, "dti-2022")
    ranked = rank("Số doanh nghiệp công nghệ số", None, "dti-2022", catalog, use_codes=False)
    assert ranked[0].candidate.code == "7.2" and ranked[0].score == pytest.approx(1.0)
    assert [index.candidates.index(s.candidate) for s in ranked] == [s.position for s in ranked]
    assert ranked[1].candidate == ranked[0].candidate and ranked[1].position == ranked[0].position  # both copies
    for keep in (1, 2, 3):  # a shorter ranking is the same ranking cut, the tie at the cut kept in order
        assert rank("Số doanh nghiệp công nghệ số", None, "dti-2022", catalog, use_codes=False, keep=keep) == ranked[:keep]
    with_code = rank("Số doanh nghiệp công nghệ số", "7.2", "dti-2022", catalog, use_codes=True)
    assert with_code[0].code_agrees and rank("Số doanh nghiệp công nghệ số", "7.2", "dti-2022", catalog,
                                             use_codes=True, keep=2) == with_code[:2]


def test_content_words_keep_their_diacritics_unless_the_row_has_none():
    choices = prepare_set(["Tỷ lệ hộ gia đình có kết nối Internet cáp quang"])
    # "cố định" folds to the "có" and "đình" of the choice: only a row typed without diacritics is read folded
    written, _ = pair_coverage(prepare("Tỷ lệ hộ gia đình có kết nối cố định"), choices, 0)
    plain, _ = pair_coverage(prepare("Ty le ho gia dinh co ket noi Internet cap quang"), choices, 0)
    assert written < 0.9 and plain == pytest.approx(1.0)
