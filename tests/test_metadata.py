"""extract.metadata: the gold `document` block of every seed, and one small test per rule."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.metadata import extract_metadata, near_framework, read_site_metadata

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
FIELDS = ("number", "type", "date", "issuer", "province", "level", "signer", "frameworks_cited")


def run(text: str, site: dict[str, str] | None = None):
    lines = text.split("\n")
    return extract_metadata(lines, read_site_metadata(lines) if site is None else site)


def codes(warnings) -> list[str]:
    return [code for code, _, _ in warnings]


# ---------------------------------------------------------------- measured against the gold

@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_matches_gold(seed: Path):
    lines = seed.read_text(encoding="utf-8").split("\n")
    document, _ = extract_metadata(lines, read_site_metadata(lines))
    gold = json.loads((ROOT / "tests/data/gold" / f"{seed.stem}.json").read_text(encoding="utf-8"))
    assert set(document) == set(FIELDS)
    assert {f: document[f] for f in FIELDS} == {f: gold["document"][f] for f in FIELDS}


# ---------------------------------------------------------------- header, Số line, date, type

PROVINCE_PLAN = """ỦY BAN NHÂN DÂN
TỈNH NINH THUẬN
-------
|
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
|
Số: 215/KH-UBND
|
Ninh Thuận, ngày
07 tháng 3 năm 2024
|
KẾ HOẠCH
Nâng cao chỉ số chuyển đổi số
Căn cứ Quyết định số 922/QĐ-BTTTT ngày 20/5/2022 của Bộ Thông tin và Truyền thông;
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Bình
"""


def test_province_plan_header_number_wrapped_date_type_signer():
    document, warnings = run(PROVINCE_PLAN)
    assert document == {
        "number": "215/KH-UBND", "type": "Kế hoạch", "date": "2024-03-07",
        "issuer": "Ủy ban nhân dân tỉnh Ninh Thuận", "province": "Ninh Thuận", "level": "tỉnh",
        "signer": "Trần Văn Bình", "frameworks_cited": ["922/QĐ-BTTTT"],
    }
    assert warnings == []


def test_blank_number_is_null_with_a_warning_on_its_line():
    text = "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ\n\nSố:        /KH-UBND An Phú, ngày 14 tháng 01 năm 2025\nKẾ HOẠCH"
    document, warnings = run(text)
    assert document["number"] is None
    assert document["date"] == "2025-01-14"
    assert ("metadata-missing-number", "the Số line leaves the number blank", 4) in warnings


def test_blank_number_does_not_take_the_site_number_but_warns():
    text = "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố:   /KH-UBND\nLào Cai, ngày 02 tháng 5 năm 2025"
    document, warnings = run(text, {"Số hiệu": "99/KH-UBND"})
    assert document["number"] is None
    assert "metadata-conflict" in codes(warnings)


def test_number_spacing_is_removed_and_year_numbers_kept():
    assert run("Số: 18/KH- UBND\nKẾ HOẠCH")[0]["number"] == "18/KH-UBND"
    assert run("Số: 12/2024/QĐ-UBND\nQUYẾT ĐỊNH")[0]["number"] == "12/2024/QĐ-UBND"


def test_short_date_form_on_place_line():
    assert run("Thái Bình, ngày 5/6/2023\nKẾ HOẠCH")[0]["date"] == "2023-06-05"


def test_blank_day_gives_no_date_and_a_warning():
    document, warnings = run("Số: 5/KH-UBND\nHà Nam, ngày    tháng 01 năm 2025")
    assert document["date"] is None
    assert "metadata-incomplete-date" in codes(warnings)


def test_a_citation_date_is_not_the_issue_date():
    text = "Số: 3/KH-UBND\nCăn cứ Quyết định số 1/QĐ-UBND ngày 03 tháng 4 năm 2020 của UBND tỉnh"
    assert run(text)[0]["date"] is None


def test_type_from_site_table_then_from_number_code():
    assert run("Số: 7/QĐ-UBND", {"Loại văn bản": "Quyết định"})[0]["type"] == "Quyết định"
    assert run("Số: 7/BC-UBND")[0]["type"] == "Báo cáo"


def test_type_heading_must_stand_alone_in_capitals():
    assert run("Số: 7/BC-UBND\nKế hoạch\nKẾ HOẠCH NÀY")[0]["type"] == "Báo cáo"


def test_header_on_one_line_and_side_by_side_with_motto():
    one_line = run("UBND TỈNH QUẢNG BÌNH\nSố: 1/KH-UBND")[0]
    assert one_line["issuer"] == "Ủy ban nhân dân tỉnh Quảng Bình"
    side = run("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
               "TỈNH PHÚ YÊN Độc lập - Tự do - Hạnh phúc\nSố: 2/KH-UBND")[0]
    assert (side["issuer"], side["province"]) == ("Ủy ban nhân dân tỉnh Phú Yên", "Phú Yên")


def test_centrally_governed_city_is_province_level_but_a_provincial_city_is_not():
    city = run("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 1/KH-UBND")[0]
    assert (city["issuer"], city["level"], city["province"]) == (
        "Ủy ban nhân dân thành phố Hà Nội", "tỉnh", "Hà Nội")
    town = run("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ BUÔN MA THUỘT\nSố: 1/KH-UBND")[0]
    assert town["level"] == "huyện"


def test_unit_line_after_the_other_column_motto_and_rules():
    text = ("ỦY BAN NHÂN DÂN\n---------------\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\n"
            "TỈNH AN GIANG\nSố: 1/KH-UBND")
    assert run(text)[0]["issuer"] == "Ủy ban nhân dân tỉnh An Giang"


def test_body_sentence_is_not_a_header_but_gives_the_level():
    document, warnings = run("Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:")
    assert document["issuer"] is None and document["level"] == "tỉnh"
    assert "issuer-from-enacting-sentence" in codes(warnings)


def test_province_spelling_variants_take_the_list_spelling():
    document, _ = run("UỶ BAN NHÂN DÂN\nTỈNH KHÁNH HOÀ\nSố: 3/KH-UBND")
    assert document["issuer"] == "Ủy ban nhân dân tỉnh Khánh Hòa"
    assert document["province"] == "Khánh Hòa"


# ---------------------------------------------------------------- commune plans and provinces

COMMUNE_PLAN = """ỦY BAN NHÂN DÂN
XÃ TÂN HÒA
Số: 12/KH-UBND Tân Hòa, ngày 10 tháng 02 năm 2025
KẾ HOẠCH
Thực hiện Kế hoạch số 50/KH-UBND ngày 09/12/2024 của Uỷ ban nhân dân huyện Phú Bình.
- Quyết định số 100/QĐ-UBND ngày 01/3/2022 của UBND tỉnh Thái
Nguyên về chuyển đổi số tỉnh Thái Nguyên;
- Học tập kinh nghiệm của tỉnh Bắc Ninh;
- Kế hoạch số 7/KH-UBND của UBND tỉnh Thái Nguyên.
"""


def test_commune_province_is_inferred_from_provincial_citations_with_a_warning():
    document, warnings = run(COMMUNE_PLAN)
    assert (document["issuer"], document["level"]) == ("Ủy ban nhân dân xã Tân Hòa", "xã")
    assert document["province"] == "Thái Nguyên"
    inferred = [w for w in warnings if w[0] == "province-inferred"]
    assert inferred and inferred[0][2] == 6  # 'tỉnh Thái / Nguyên' wraps: first named on line 6


def test_commune_header_naming_its_province_needs_no_inference():
    document, warnings = run("UBND TỈNH BẮC NINH\nUBND XÃ ĐÔNG PHONG\nSố: 4/KH-UBND\ntỉnh Lạng Sơn")
    assert (document["issuer"], document["province"], document["level"]) == (
        "Ủy ban nhân dân xã Đông Phong", "Bắc Ninh", "xã")
    assert "province-inferred" not in codes(warnings)


def test_commune_province_tie_goes_to_the_first_named():
    text = "ỦY BAN NHÂN DÂN\nXÃ TÂN HÒA\nSố: 1/KH-UBND\ncủa UBND tỉnh Hà Tĩnh; học tập tỉnh Nghệ An"
    assert run(text)[0]["province"] == "Hà Tĩnh"


def test_commune_without_any_province_gets_null():
    document, warnings = run("ỦY BAN NHÂN DÂN\nXÃ TÂN HÒA\nSố: 1/KH-UBND")
    assert document["province"] is None
    assert "metadata-missing-province" in codes(warnings)


# ---------------------------------------------------------------- signature block

def test_signature_name_follows_titles_and_skips_signed_note():
    text = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\nNguyễn Văn An"
    assert run(text)[0]["signer"] == "Nguyễn Văn An"


def test_signature_wrapped_title_and_recipient_list_after_titles():
    text = "KT. CHỦ TỊCH\nPHÓ CHỦ\nTỊCH\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nLê Thị Hoa"
    assert run(text)[0]["signer"] == "Lê Thị Hoa"


def test_recipient_list_items_are_not_titles_and_place_lines_are_not_names():
    text = ("Nơi nhận:\n- Chủ tịch, các PCT UBND tỉnh;\nGia Lai\nKT. CHỦ TỊCH |\n"
            "PHÂN CÔNG THEO DÕI CHỈ SỐ\nGia Lai)")
    document, warnings = run(text)
    assert document["signer"] is None
    assert "metadata-missing-signer" in codes(warnings)


def test_titles_in_mixed_case_table_cells_are_not_a_signature():
    text = "Trưởng ban |\nNguyễn Văn Nam |\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn Tám"
    assert run(text)[0]["signer"] == "Lê Văn Tám"


def test_signer_falls_back_to_site_table_and_conflicts_are_warned():
    cut = "TM. ỦY BAN NHÂN\nDÂN |\nPHỤ LỤC I"
    assert run(cut, {"Người ký": "Phạm Minh Đức"})[0]["signer"] == "Phạm Minh Đức"
    document, warnings = run("CHỦ TỊCH\nVõ Văn Hải", {"Người ký": "Võ Văn Hà"})
    assert document["signer"] == "Võ Văn Hải"
    assert "metadata-conflict" in codes(warnings)


# ---------------------------------------------------------------- annex line and site table

def test_annex_line_with_markdown_bold_gives_number_date_issuer():
    text = ("KẾ HOẠCH\nPHỤ LỤC\n(Kèm theo Kế hoạch số **561**/KH-UBND ngày **29** / 9/2022\n"
            "của Chủ tịch UBND tỉnh Đắk Nông)")
    document, _ = run(text)
    assert (document["number"], document["date"]) == ("561/KH-UBND", "2022-09-29")
    assert (document["issuer"], document["province"], document["level"]) == (
        "Ủy ban nhân dân tỉnh Đắk Nông", "Đắk Nông", "tỉnh")


def test_annex_issuer_name_stops_at_lowercase_words():
    text = "(Kèm theo Quyết định số 8/QĐ-UBND ngày 02/01/2024 của UBND tỉnh Hà Giang về việc ban hành)"
    document, _ = run(text)
    assert (document["issuer"], document["type"]) == ("Ủy ban nhân dân tỉnh Hà Giang", "Quyết định")


def test_annex_without_place_name_takes_it_from_site_table():
    text = ("ỦY BAN NHÂN DÂN |\n(Ban hành kèm theo Kế hoạch số 46/KH-UBND ngày 29 tháng 09 năm 2025 "
            "của Ủy\nban nhân dân tỉnh)")
    document, _ = run(text, {"Cơ quan ban hành": "Tỉnh Bình Định"})
    assert (document["issuer"], document["province"]) == ("Ủy ban nhân dân tỉnh Bình Định", "Bình Định")


SITE_PAGE = """Kế hoạch 18/KH-UBND năm 2026 nâng cao Chỉ số chuyển đổi số
| Số hiệu | 18/KH-UBND |
| Ngày ban hành | 19/01/2026 |
| Loại văn bản | Kế hoạch |
| Cơ quan ban hành | Tỉnh Sơn La |
| Người ký | Lò Văn Mừng |
|
ỦY BAN NHÂN DÂN |
Số: 18/KH-UBND |
Sơn La, ngày 19 tháng 01 năm 2026 |
"""


def test_site_table_is_read_and_fills_what_the_text_lacks():
    lines = SITE_PAGE.split("\n")
    site = read_site_metadata(lines)
    assert site["Số hiệu"] == "18/KH-UBND" and site["Người ký"] == "Lò Văn Mừng"
    assert "Lĩnh vực" not in site and len(site) == 5
    document, warnings = extract_metadata(lines, site)
    assert document == {
        "number": "18/KH-UBND", "type": "Kế hoạch", "date": "2026-01-19",
        "issuer": "Ủy ban nhân dân tỉnh Sơn La", "province": "Sơn La", "level": "tỉnh",
        "signer": "Lò Văn Mừng", "frameworks_cited": [],
    }
    assert warnings == []


def test_site_table_only_at_the_top():
    lines = ["ỦY BAN NHÂN DÂN", "a", "b", "c", "| Số hiệu | 1/KH-UBND |"]
    assert read_site_metadata(lines) == {}


def test_so_line_disagreeing_with_site_table_is_a_conflict():
    document, warnings = run("Số: 19/KH-UBND\nKẾ HOẠCH", {"Số hiệu": "18/KH-UBND"})
    assert document["number"] == "19/KH-UBND"
    conflict = [w for w in warnings if w[0] == "metadata-conflict"]
    assert conflict and conflict[0][2] == 1


# ---------------------------------------------------------------- frameworks

def test_frameworks_known_numbers_in_order_deduplicated():
    text = ("Căn cứ Quyết định số 405/QĐ-BKHCN ngày 03/4/2025;\n"
            "Quyết định số 922/QĐ- BTTTT ngày 20/5/2022;\nQuyết định 405/QĐ-BKHCN.")
    assert run(text)[0]["frameworks_cited"] == ["405/QĐ-BKHCN", "922/QĐ-BTTTT"]


def test_non_framework_decisions_are_not_cited():
    text = ("- Quyết định số 570/QĐ-UBND ngày 21/3/2022 của UBND tỉnh về Kế hoạch chuyển đổi số;\n"
            "- Quyết định số 2323/QĐ-BTTTT ngày 31/12/2019 ban hành Khung Kiến trúc Chính phủ điện tử;\n"
            "- Quyết định số 749/QĐ-TTg ngày 03/6/2020 phê duyệt Chương trình chuyển đổi số quốc gia;\n"
            "- Quyết định số 05/2017/QĐ-TTg về ứng cứu sự cố.")
    document, warnings = run(text)
    assert document["frameworks_cited"] == []
    assert "framework-number-mismatch" not in codes(warnings)


def test_unknown_decision_approving_the_dti_set_counts():
    text = ("Căn cứ Quyết định số 777/QĐ-BKHCN ngày 01/02/2027 của Bộ Khoa học và Công nghệ phê duyệt\n"
            "Đề án “Xác định Bộ chỉ số đánh giá chuyển đổi số của các bộ, ngành và địa phương”;")
    assert run(text)[0]["frameworks_cited"] == ["777/QĐ-BKHCN"]


def test_phrase_in_a_later_clause_does_not_make_a_decision_a_framework():
    text = "Quyết định số 12/QĐ-UBND về nhân sự; triển khai Bộ chỉ số đánh giá chuyển đổi số."
    assert run(text)[0]["frameworks_cited"] == []


def test_misprinted_framework_number_is_warned_and_not_added():
    text = ("Căn cứ Quyết định số 405/QĐ-BKHCN ngày 03/4/2025;\n"
            "Điểm tối đa theo Quyết định số 5405/QĐ-BKHCN\nĐiểm tối đa theo Quyết định số 5405/QĐ-BKHCN")
    document, warnings = run(text)
    assert document["frameworks_cited"] == ["405/QĐ-BKHCN"]
    mismatch = [w for w in warnings if w[0] == "framework-number-mismatch"]
    assert len(mismatch) == 1 and mismatch[0][2] == 2


MISPRINTED_APPROVAL = ("Quyết định số 5405/QĐ-BKHCN của Bộ Khoa học và Công nghệ phê duyệt Đề án "
                       "Xác định Bộ chỉ số đánh giá chuyển đổi số;")


def test_misprinted_approval_is_skipped_when_the_right_number_is_cited_too():
    text = MISPRINTED_APPROVAL + "\nThực hiện Quyết định số 405/QĐ-BKHCN ngày 03/4/2025;"
    document, warnings = run(text)
    assert document["frameworks_cited"] == ["405/QĐ-BKHCN"]
    assert "framework-number-mismatch" in codes(warnings)


def test_misprinted_approval_alone_is_recorded_as_printed_with_a_warning():
    document, warnings = run(MISPRINTED_APPROVAL)
    assert document["frameworks_cited"] == ["5405/QĐ-BKHCN"]
    assert "framework-number-mismatch" in codes(warnings)


def test_eth_lookalike_in_decision_code_is_read_as_d_stroke():
    assert run("Quyết định số 922/QÐ-BTTTT")[0]["frameworks_cited"] == ["922/QĐ-BTTTT"]


def test_near_framework():
    assert near_framework("5405/QĐ-BKHCN") == "405/QĐ-BKHCN"
    assert near_framework("922/QĐ-BTTT") == "922/QĐ-BTTTT"
    assert near_framework("1762/QĐ-BTTTT") is None
    assert near_framework("405/QĐ-BKHCN") is None
    assert near_framework("570/QĐ-UBND") is None
    assert near_framework("not a number") is None


# ---------------------------------------------------------------- bad input

def test_empty_input_gives_nulls_and_warnings_not_errors():
    document, warnings = extract_metadata([], {})
    assert document == {f: ([] if f == "frameworks_cited" else None) for f in FIELDS}
    assert "metadata-missing-number" in codes(warnings)


def test_site_table_kept_as_a_real_table_in_a_rendering():
    from extract.metadata import site_metadata_from_rows

    table = [["Số hiệu", "18/KH-UBND"], ["Ngày ban hành", "19/01/2026"], ["Người ký", "Lâm Hải Giang"],
             ["Lĩnh vực", "Công nghệ thông tin"]]
    assert site_metadata_from_rows([[["STT", "Chỉ số"]], table], [])["Người ký"] == "Lâm Hải Giang"
    assert site_metadata_from_rows([[["Nơi nhận:", "KT. CHỦ TỊCH"]]], []) == {}


def test_site_table_printed_without_rules_as_label_and_value_lines():
    from extract.metadata import site_metadata_from_rows

    lines = ["Số hiệu", "18/KH-UBND", "Loại văn bản", "Kế hoạch", "Người ký", "Lâm Hải Giang", "ỦY BAN NHÂN DÂN"]
    assert site_metadata_from_rows([], lines) == {"Số hiệu": "18/KH-UBND", "Loại văn bản": "Kế hoạch",
                                                  "Người ký": "Lâm Hải Giang"}
    assert site_metadata_from_rows([], ["Người ký", "Lâm Hải Giang", "Căn cứ Luật"]) == {}


# ---------------------------------------------------------------- pages of other offices

COPYRIGHT_THEN_SITE_CELLS = """ỦY BAN NHÂN DÂN |
Số: 64/QĐ-UBND | Đông Hà, ngày 08 tháng 3 năm 2023 |
|
Bản dịch này thuộc quyền sở hữu của một thư viện.
Click vào phần bôi vàng để xem chi tiết.
|
Số hiệu:
|
64/QĐ-UBND
|
|
Loại văn bản:
|
Quyết định
|
Nơi ban hành:
|
Tỉnh Quảng Trị
|
Người ký:
|
Hồ Đức Tâm
|
Ngày ban hành:
|
08/03/2023
|
ỦY BAN NHÂN DÂN
TỈNH QUẢNG TRỊ
-------
|
Số: 64/QĐ-UBND
"""


def test_site_label_cells_between_bar_lines_after_a_copyright_banner():
    lines = COPYRIGHT_THEN_SITE_CELLS.split("\n")
    site = read_site_metadata(lines)
    assert site["Người ký"] == "Hồ Đức Tâm" and site["Nơi ban hành"] == "Tỉnh Quảng Trị"
    document, _ = extract_metadata(lines, site)
    assert (document["signer"], document["type"], document["date"]) == (
        "Hồ Đức Tâm", "Quyết định", "2023-03-08")
    # the first layout prints only the body; the second block names the province
    assert (document["issuer"], document["level"]) == ("Ủy ban nhân dân tỉnh Quảng Trị", "tỉnh")


def test_site_label_pairs_on_one_line():
    lines = ["Số hiệu: 31/KH-UBND Loại văn bản: Kế hoạch",
             "Nơi ban hành: Tỉnh Sóc Trăng Người ký: Lâm Văn Mẫn",
             "Ngày ban hành: 02/12/2022 Ngày hiệu lực: Đã biết"]
    site = read_site_metadata(lines)
    assert site["Người ký"] == "Lâm Văn Mẫn" and site["Ngày ban hành"] == "02/12/2022"
    assert read_site_metadata(["Người ký: Lâm Văn Mẫn", "và các nội dung khác"]) == {}


def test_authority_line_names_the_province_the_header_leaves_out():
    text = ("ỦY BAN NHÂN DÂN |\nSố: 77/QĐ-UBND |\nQUYẾT ĐỊNH\n"
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC GIANG\nCăn cứ Luật Tổ chức chính quyền địa phương;")
    document, _ = run(text)
    assert (document["issuer"], document["province"], document["level"]) == (
        "Ủy ban nhân dân tỉnh Bắc Giang", "Bắc Giang", "tỉnh")


def test_authority_line_of_a_centrally_run_city():
    text = "ỦY BAN NHÂN DÂN\nSố: 5/QĐ-UBND\nCHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"
    document, _ = run(text)
    assert (document["issuer"], document["level"]) == ("Ủy ban nhân dân thành phố Hải Phòng", "tỉnh")


def test_own_number_is_not_a_framework_cited():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: 55/QĐ-UBND\nQUYẾT ĐỊNH\n"
            "Ban hành Bộ chỉ số đánh giá chuyển đổi số của các cơ quan nhà nước tỉnh Lạng Sơn\n"
            "Căn cứ Quyết định số 922/QĐ-BTTTT ngày 20/5/2022 của Bộ Thông tin và Truyền thông;\n"
            "Điều 1. Quyết định số 55/QĐ-UBND ban hành Bộ chỉ số đánh giá chuyển đổi số.")
    assert run(text)[0]["frameworks_cited"] == ["922/QĐ-BTTTT"]


def test_enacting_sentence_of_a_steering_committee():
    text = ("KẾ HOẠCH\nHoạt động năm 2024\nBan Chỉ đạo chuyển đổi số huyện Mường Tè (sau đây gọi "
            "tắt là Ban Chỉ đạo) ban hành Kế hoạch hoạt động như sau:")
    document, warnings = run(text)
    assert document["issuer"] == "Ban Chỉ đạo chuyển đổi số huyện Mường Tè"
    # GOLD: a district's province only when the document names it
    assert (document["level"], document["province"]) == ("huyện", None)
    assert "issuer-from-enacting-sentence" in codes(warnings)


def test_district_province_the_gazetteer_confirms_among_those_named():
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN MƯỜNG TÈ\nSố: 9/KH-UBND\nhọc tập tỉnh Điện Biên, tỉnh Điện Biên;"
            " theo Kế hoạch của UBND tỉnh Lai Châu")
    document, warnings = run(text)
    assert document["province"] == "Lai Châu"
    assert "province-inferred" in codes(warnings)


def test_news_report_of_a_decision():
    text = ("Kết quả chuyển đổi số năm 2023\nUBND tỉnh vừa ban hành Quyết định phê duyệt kết quả "
            "của các sở, ngành và các huyện của tỉnh Sóc Trăng.")
    document, warnings = run(text)
    assert (document["type"], document["issuer"], document["level"]) == (
        "Quyết định", "Ủy ban nhân dân tỉnh Sóc Trăng", "tỉnh")
    assert {"type-inferred", "province-inferred"} <= set(codes(warnings))


def test_a_citation_that_mentions_ban_hanh_is_not_the_enacting_sentence():
    text = "Thực hiện Quyết định số 8/QĐ-UBND của Ủy ban nhân dân tỉnh Phú Yên về ban hành Kế hoạch"
    document, _ = run(text)
    assert (document["issuer"], document["level"], document["type"]) == (None, None, None)


def test_type_from_a_blank_number_code():
    document, warnings = run("ỦY BAN NHÂN DÂN\nXÃ PHÚ XUÂN\nSố: /BC-UBND")
    assert (document["number"], document["type"]) == (None, "Báo cáo")
    assert "type-inferred" in codes(warnings)


def test_type_from_a_title_line_that_opens_with_it():
    assert run("Tin tức\nBÁO CÁO KẾT QUẢ TỰ ĐÁNH GIÁ NĂM 2023")[0]["type"] == "Báo cáo"
    assert run("Tin tức\nBáo cáo kết quả năm 2023")[0]["type"] is None
    assert run("Hướng dẫn chấm điểm chỉ số năm 2024\nNội dung")[0]["type"] == "Hướng dẫn"


def test_type_from_the_number_suffix_alone():
    for number, kind in (("12/CV-UBND", "Công văn"), ("3/TB-UBND", "Thông báo"), ("8/HD-UBND", "Hướng dẫn")):
        assert run(f"ỦY BAN NHÂN DÂN\nHUYỆN CAN LỘC\nSố: {number}")[0]["type"] == kind


def test_type_from_the_basis_heading():
    assert run("I. CĂN CỨ XÂY DỰNG KẾ HOẠCH\n- Quyết định số 1/QĐ-UBND")[0]["type"] == "Kế hoạch"


def test_level_from_the_site_banner_when_no_issuer_is_printed():
    text = ("Cổng thông tin điện tử phường Ninh Kiềuhttps://example.invalid/banner.png\n"
            "I. CĂN CỨ LẬP KẾ HOẠCH")
    document, warnings = run(text)
    assert (document["issuer"], document["level"]) == (None, "xã")
    assert "level-from-site-banner" in codes(warnings)


def test_header_unit_name_slip_takes_the_known_spelling_the_text_names():
    text = ("ỦY BAN NHÂN DÂN\nTHỊ TRẤN PHONG THỔÔ\nSố: /BC-UBND\n"
            "Địa chỉ: thị trấn Phong Thổ, huyện Phong Thổ, tỉnh Lai Châu.")
    document, warnings = run(text)
    assert document["issuer"] == "Ủy ban nhân dân thị trấn Phong Thổ"
    assert (document["province"], document["level"]) == ("Lai Châu", "xã")
    assert "issuer-name-corrected" in codes(warnings)


def test_citation_cut_at_the_end_of_the_excerpt():
    document, warnings = run("Đánh giá Chỉ số DTI theo đúng yêu cầu tại Quyết định số 405/QĐ")
    assert document["frameworks_cited"] == ["405/QĐ-BKHCN"]
    assert "framework-number-truncated" in codes(warnings)
    assert run("tại Quyết định số 405/QĐ và các văn bản")[0]["frameworks_cited"] == []


def test_headerless_page_reproducing_part_of_a_document():
    text = ("Bộ chỉ số cấp huyện\nBộ chỉ số được thực hiện theo phụ lục 2 ban hành kèm theo Quyết "
            "định 1726/QĐ-BTTTT ngày 12/11/2020 của Bộ trưởng Bộ Thông tin và Truyền thông.")
    document, warnings = run(text)
    assert (document["type"], document["number"], document["date"], document["issuer"]) == (
        "Quyết định", "1726/QĐ-BTTTT", "2020-11-12", "Bộ Thông tin và Truyền thông")
    assert document["level"] is None
    assert "metadata-from-attached-document" in codes(warnings)


def test_steering_committee_under_its_people_s_committee_in_the_header():
    text = ("UBND TỈNH QUẢNG NAM\nBAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ\n-------\nSố: 12/KH-BCĐ\nKẾ HOẠCH\n"
            "TRƯỞNG BAN\nPHÓ CHỦ TỊCH UBND TỈNH\nHồ Quang Bửu")
    document, _ = run(text)
    assert (document["issuer"], document["level"], document["province"]) == (
        "Ban Chỉ đạo chuyển đổi số tỉnh Quảng Nam", "tỉnh", "Quảng Nam")
    assert document["signer"] == "Hồ Quang Bửu"
    alone = run("BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ HUYỆN CAN LỘC\nSố: 5/KH-BCĐ")[0]
    assert (alone["issuer"], alone["level"]) == ("Ban Chỉ đạo chuyển đổi số huyện Can Lộc", "huyện")


def test_an_organ_specialty_that_reads_like_a_unit_word_is_not_a_unit():
    document, _ = run("UBND TỈNH NAM ĐỊNH\nBAN CHỈ ĐẠO AN SINH XÃ HỘI\nSố: 2/KH-BCĐ")
    assert document["issuer"] == "Ban Chỉ đạo an sinh xã hội tỉnh Nam Định"


def test_abbreviated_unit_words_in_the_header():
    city = run("UBND TP. CẦN THƠ\nSố: 1/KH-UBND")[0]
    assert (city["issuer"], city["level"]) == ("Ủy ban nhân dân thành phố Cần Thơ", "tỉnh")
    assert run("UBND TP.HCM\nSố: 1/KH-UBND")[0]["province"] == "Hồ Chí Minh"
    town = run("UBND TX. SA PA\nSố: 1/KH-UBND")[0]
    assert (town["issuer"], town["level"]) == ("Ủy ban nhân dân thị xã Sa Pa", "huyện")
    capital = run("ỦY BAN NHÂN DÂN\nTP. VĨNH YÊN\nSố: 1/KH-UBND")[0]
    assert capital["level"] == "huyện"  # a provincial city


def test_header_with_the_body_only_takes_the_province_of_the_place_line():
    document, warnings = run("ỦY BAN NHÂN DÂN\nSố: 8/KH-UBND\nĐà Nẵng, ngày 3 tháng 4 năm 2024")
    assert (document["issuer"], document["level"]) == ("Ủy ban nhân dân thành phố Đà Nẵng", "tỉnh")
    assert "issuer-unit-from-place-line" in codes(warnings)
    commune = run("ỦY BAN NHÂN DÂN\nSố: 8/KH-UBND\nTân Hòa, ngày 3 tháng 4 năm 2024")[0]
    assert commune["issuer"] is None


def test_own_number_from_the_site_table_when_the_so_line_is_blank():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: /QĐ-UBND\nQuyết định số 56/QĐ-UBND ban hành Bộ chỉ "
            "số đánh giá chuyển đổi số của tỉnh")
    assert run(text, {"Số hiệu": "56/QĐ-UBND"})[0]["frameworks_cited"] == []
    assert run(text, {})[0]["frameworks_cited"] == ["56/QĐ-UBND"]  # nothing says it is its own


def test_a_ministry_header_is_a_national_issuer():
    text = ("BỘ KHOA HỌC VÀ CÔNG NGHỆ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n-------\nSố: 77/QĐ-BKHCN\n"
            "Hà Nội, ngày 2 tháng 6 năm 2025\nQUYẾT ĐỊNH\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nLê Văn Sáu")
    document, _ = run(text)
    assert (document["issuer"], document["province"], document["level"]) == (
        "Bộ Khoa học và Công nghệ", None, None)
    assert document["signer"] == "Lê Văn Sáu"
