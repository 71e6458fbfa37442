from catalog.mapping import map_document
from catalog.matcher import codes_follow_framework, decide, detect_framework, match_row
from catalog.likeness import similarity
from catalog.names import normalise
from tests.catalog_fixtures import small_catalog

CAT = small_catalog()


def test_normalise_expands_abbreviations_and_fixes_typos():
    assert normalise("Tỷ lệ DVCTT của CCVC") == "tỷ lệ dịch vụ công trực tuyến của công chức viên chức"
    assert normalise("Ban chỉ đạo chuyên đổi số") == "ban chỉ đạo chuyển đổi số"
    assert normalise("Sở KH&CN") == "sở khoa học và công nghệ"
    # an abbreviation inside a longer word is left alone
    assert "dịch vụ công" not in normalise("DVCX")


def test_similarity_ignores_missing_diacritics():
    a = normalise("Ty le ho gia dinh co ket noi Internet bang rong cap quang")
    b = normalise("Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang")
    assert similarity(a, b) > 0.95


def test_exact_name_matches_without_code():
    found = match_row("Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang", None, "dti-2022", CAT)
    assert (found.code, found.method) == ("1.1", "exact")


def test_code_agreement_rescues_a_shortened_name_only_in_framework_numbered_tables():
    name = "Tỷ lệ DVCTT toàn trình"
    assert match_row(name, "1.2", "dti-2022", CAT, use_codes=True).code == "1.2"
    assert match_row("Triển khai", "1.2", "dti-2022", CAT, use_codes=True) is None  # too unlike


def test_parenthetical_gloss_is_optional():
    assert match_row("Tỷ lệ dịch vụ công trực tuyến toàn trình", None, "dti-2022", CAT, use_codes=False).code == "1.2"


def test_unrelated_name_abstains_with_nearest_candidates():
    decision = decide("Số lượng máy chủ vật lý", None, "dti-2022", CAT, use_codes=False)
    assert decision.match is None and decision.reason == "below-threshold"
    assert decision.nearest and {"framework", "code", "score"} <= set(decision.nearest[0])


def test_main_count_maps_but_denominator_and_compound_terms_do_not():
    count = match_row("Số hộ gia đình có kết nối Internet băng rộng cáp quang", "I.1", "dti-2022", CAT, use_codes=False)
    assert count.code == "1.1"
    assert decide("Tổng số hộ gia đình", "I.2", "dti-2022", CAT, use_codes=False).reason == "input"
    assert decide("Số lượng công chức chuyên trách về chuyển đổi số", "II.1", "dti-2022", CAT,
                  use_codes=False).reason == "input"


def test_one_of_two_named_parts_is_an_input():
    assert match_row("Số lượng giao dịch trên sàn thương mại điện tử Postmart", None, "dti-2022", CAT,
                     use_codes=False) is None
    assert match_row("Số lượng giao dịch trên sàn thương mại điện tử Vỏ sò và Postmart", None, "dti-2022", CAT,
                     use_codes=False).code == "2.2"


def test_lettered_component_row_is_not_an_indicator():
    assert decide("Kinh phí đầu tư từ NSNN cho chính quyền số", "2.3/a", "dti-2022", CAT).match is None


def test_headings_of_forms_never_match_pillars():
    assert match_row("Hạ tầng số", "II", "dti-2022", CAT, use_codes=False) is None
    assert match_row("Hạ tầng số", "1", "dti-2022", CAT, use_codes=True).code == "1"


def test_codes_follow_framework():
    annex = [{"code": "1.1", "name": "Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang"},
             {"code": "1.2", "name": "Tỷ lệ dịch vụ công trực tuyến toàn trình (tương đương mức độ 4)"}]
    own = [{"code": "3.1", "name": "Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang"},
           {"code": "1.1", "name": "Tỷ lệ dịch vụ công trực tuyến toàn trình (tương đương mức độ 4)"}]
    assert codes_follow_framework(annex, "dti-2022", CAT)
    assert not codes_follow_framework(own, "dti-2022", CAT)


def test_detect_framework_by_rows_then_citation_then_date():
    rows_new = [{"code": "1.1", "name": "Tỷ lệ thôn, bản được phủ sóng di động băng rộng"},
                {"code": "1.2", "name": "Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang"},
                {"code": "1", "name": "Hạ tầng số"}]
    assert detect_framework({"frameworks_cited": ["922/QĐ-BTTTT"]}, rows_new, CAT) == "dti-2025"
    assert detect_framework({"frameworks_cited": ["922/QD-BTTTT"], "date": "2025-10-01"}, [], CAT) == "dti-2022"
    assert detect_framework({"frameworks_cited": [], "date": "2025-01-14"}, [], CAT) == "dti-2022"
    assert detect_framework({"frameworks_cited": [], "date": "2025-06-01"}, [], CAT) == "dti-2025"
    assert detect_framework({"frameworks_cited": [], "date": "2019-01-01"}, [], CAT) is None


def test_map_document_fills_canonical_and_warns_on_abstention():
    doc = {"document": {"frameworks_cited": ["922/QĐ-BTTTT"], "date": "2023-11-03"},
           "tables": [{"kind": "data_template", "rows": [
               {"code": "I.1", "name": "Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang"},
               {"code": "I.2", "name": "Địa chỉ liên hệ chính thức"}]}], "warnings": []}
    map_document(doc, CAT)
    rows = doc["tables"][0]["rows"]
    assert doc["document"]["framework"] == "dti-2022"
    assert rows[0]["canonical"]["id"] == "dti-2022:1.1" and 0 <= rows[0]["canonical"]["score"] <= 1
    assert rows[1]["canonical"] is None
    assert any(w["code"] == "canonical-abstain" and "I.2" in w["message"] for w in doc["warnings"])
