"""Narrative assignments: one small hand-made plan fragment per rule."""
from __future__ import annotations

import pytest

from extract.narrative import extract_assignments
from extract.narrative_text import is_hard_wrapped, line_paragraphs, table_line_numbers


def roles(items: list[dict]) -> set[tuple[str, str]]:
    return {(i["body_canonical"], i["role"]) for i in items}


def test_subject_with_chu_tri_and_phoi_hop_voi():
    items = extract_assignments([
        "- Sở Tài chính chủ trì, phối hợp với Sở KH&CN, Văn phòng UBND tỉnh và các cơ quan liên quan "
        "nghiên cứu, tham mưu ban hành chính sách khuyến khích sử dụng dịch vụ công trực tuyến.",
    ])
    assert roles(items) == {("Sở Tài chính", "lead"), ("Sở Khoa học và Công nghệ", "support"),
                            ("Văn phòng Ủy ban nhân dân tỉnh", "support")}
    assert {i["body"] for i in items} == {"Sở Tài chính", "Sở KH&CN", "Văn phòng UBND tỉnh"}
    assert items[0]["provenance"] == {"page": None, "line": 1}
    assert items[0]["task"].startswith("Sở Tài chính chủ trì")


def test_chu_tri_voi_makes_partners_support():
    items = extract_assignments(["Sở Y tế chủ trì với Sở Nội vụ triển khai hồ sơ sức khỏe điện tử cho người dân."])
    assert roles(items) == {("Sở Y tế", "lead"), ("Sở Nội vụ", "support")}


def test_heading_body_gives_its_bullets_and_phoi_hop_reverses_roles():
    items = extract_assignments([
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Sở Khoa học và Công nghệ",
        "- Là cơ quan đầu mối, chịu trách nhiệm hướng dẫn, đôn đốc các sở, ban, ngành triển khai Kế hoạch.",
        "2. Công an tỉnh",
        "- Phối hợp chặt chẽ với Sở Khoa học và Công nghệ trong việc báo cáo, giải trình kết quả.",
    ])
    assert [(i["provenance"]["line"], i["body_canonical"], i["role"]) for i in items] == [
        (3, "Sở Khoa học và Công nghệ", "lead"),
        (5, "Công an tỉnh", "support"),
        (5, "Sở Khoa học và Công nghệ", "lead"),
    ]


def test_commune_officer_label_with_sub_bullets_and_inline_label():
    items = extract_assignments([
        "2. Giao nhiệm vụ tham mưu thực hiện công tác chuyển đổi số:",
        "- Công chức Văn phòng - Thống kê:",
        "+ Thực hiện việc tổng hợp, thống kê và cung cấp các báo cáo, số liệu về chuyển đổi số.",
        "- Tài chính – Kế toán: Tham mưu cân đối bố trí nguồn kinh phí để thực hiện các nhiệm vụ.",
    ])
    assert [(i["provenance"]["line"], i["body_canonical"], i["role"]) for i in items] == [
        (3, "Công chức Văn phòng - Thống kê", "lead"),
        (4, "Công chức Tài chính - Kế toán", "lead"),
    ]


def test_intro_sentence_with_colon_gives_roles_to_its_bullets():
    items = extract_assignments([
        "Sở KH&CN chủ trì, phối hợp với các doanh nghiệp viễn thông trên địa bàn tỉnh:",
        "- Triển khai đồng bộ mạng băng thông rộng chất lượng cao trên địa bàn toàn tỉnh.",
    ])
    assert [(i["provenance"]["line"], i["body_canonical"], i["role"]) for i in items] == [
        (2, "Sở Khoa học và Công nghệ", "lead"), (2, "Các doanh nghiệp viễn thông", "support")]


def test_role_word_far_into_the_task_does_not_change_the_subject_role():
    # "phối hợp" here is a noun inside the task ("công tác phối hợp"), not the subject's role.
    items = extract_assignments(["Các sở, ban, ngành, địa phương tăng cường công tác phối hợp, cung cấp thông tin kịp thời."])
    assert roles(items) == {("Các sở, ban, ngành, địa phương", "lead")}


def test_closing_remark_after_bullets_is_not_a_task_of_the_last_heading():
    items = extract_assignments([
        "2. Sở Nội vụ",
        "- Tổ chức bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức.",
        "Trên đây là Kế hoạch nâng cao chỉ số chuyển đổi số của tỉnh trong năm nay.",
    ])
    assert [i["provenance"]["line"] for i in items] == [2]


def test_lead_in_phrase_before_the_subject():
    items = extract_assignments(["1. Căn cứ Kế hoạch này, các Sở, Ban, ngành cụ thể hóa bằng văn bản triển khai thực hiện."])
    assert roles(items) == {("Các sở, ban, ngành", "lead")}


def test_province_name_in_an_agency_name_is_matched():
    items = extract_assignments(["Báo và Phát thanh, Truyền hình Khánh Hòa tổ chức quán triệt, phổ biến sâu rộng Kế hoạch này."])
    assert roles(items) == {("Báo và Phát thanh, Truyền hình tỉnh", "lead")}


def test_table_lines_are_skipped_and_a_table_ends_the_section():
    lines = [
        "1. Sở Y tế",
        "STT |", "Chỉ số |", "Sở Nội vụ chủ trì thực hiện chỉ số này hằng năm |", "|",
        "Một số nhiệm vụ chung cho mọi cơ quan trong thời gian tới được nêu dưới đây.",
        "a\tSở Nội vụ chủ trì tổng hợp số liệu\tx",
    ]
    assert table_line_numbers(lines) == {2, 3, 4, 5, 7}
    assert extract_assignments(lines) == []


def test_hard_wrapped_text_is_joined_and_keeps_the_line_of_each_sentence():
    lines = [
        "Kế hoạch này được ban hành nhằm nâng",
        "cao chỉ số chuyển đổi số của tỉnh trong",
        "năm tới và các năm tiếp theo.",
        "- Sở Nội vụ tổ chức đào tạo, bồi dưỡng kỹ năng",
        "số cho cán bộ, công chức. Sở Tài chính tham mưu bố trí",
        "kinh phí cho chuyển đổi số hằng năm.",
    ]
    assert is_hard_wrapped(lines)
    paras = line_paragraphs(lines)
    assert [p.line for p in paras] == [1, 4]
    items = extract_assignments(lines)
    assert [(i["provenance"]["line"], i["body_canonical"]) for i in items] == [(4, "Sở Nội vụ"), (5, "Sở Tài chính")]


def test_one_paragraph_per_line_is_not_joined():
    lines = ["1. Sở Giáo dục và Đào tạo", "Hướng tới một nền giáo dục thông minh cho mọi học sinh."]
    assert not is_hard_wrapped(lines)
    assert len(line_paragraphs(lines)) == 2


@pytest.mark.parametrize("task, expected", [
    ("Sở KH&CN chủ trì nâng tỷ lệ thuê bao băng rộng di động/100 dân trên địa bàn.", ["3.2"]),
    ("Sở KH&CN chủ trì cải thiện chỉ số 3.4 trong năm tới cho toàn tỉnh.", ["3.4"]),
    ("Sở KH&CN chủ trì rà soát các văn bản về chuyển đổi số của tỉnh.", []),
])
def test_indicators_named_by_name_or_code(task, expected):
    indicators = [("3", "Hạ tầng số"), ("3.2", "Tỷ lệ thuê bao băng rộng di động/100 dân"),
                  ("3.4", "Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang")]
    assert extract_assignments([task], indicators=indicators)[0]["indicators"] == expected


def test_pillar_heading_makes_its_tasks_concern_the_pillar():
    items = extract_assignments(["3.3. Hạ tầng số", "- Công an tỉnh tăng cường kiểm tra an toàn hệ thống mạng."],
                                indicators=[("3", "Hạ tầng số"), ("3.1", "Tỷ lệ thôn được phủ sóng di động băng rộng")])
    assert items[0]["indicators"] == ["3"]


def test_hand_made_gazetteer_mapping():
    items = extract_assignments(["Ban Chuyển đổi số chủ trì xây dựng kế hoạch chuyển đổi số hằng năm."],
                                gazetteer={"Ban Chuyển đổi số": []})
    assert [i["body"] for i in items] == ["Ban Chuyển đổi số"]


def test_document_text_blocks_are_read_and_a_table_block_ends_the_section():
    from extract.model import Cell, Document, Provenance, Table, TableRow, TextBlock
    from extract.narrative import extract_document_assignments
    prov = Provenance
    document = Document("plan.txt", "text", [
        TextBlock("1. Sở Y tế", prov(1)),
        TextBlock("- Triển khai hồ sơ sức khỏe điện tử cho toàn bộ người dân.", prov(2)),
        Table([TableRow([Cell("Sở Nội vụ chủ trì", prov(3))], prov(3))], prov(3)),
        TextBlock("Một số nhiệm vụ chung cho mọi cơ quan được nêu dưới đây.", prov(4)),
    ])
    items = extract_document_assignments(document)
    assert [(i["provenance"]["line"], i["body_canonical"]) for i in items] == [(2, "Sở Y tế")]


def test_the_subsequence_check_keeps_every_name_partial_ratio_finds():
    """IndicatorIndex skips partial_ratio where the task and the name share too few letters in
    order for it to reach min_ratio. Names of the seed plans, printed with typos (letters
    dropped, doubled, changed) inside a task: wherever partial_ratio reaches the ratio, the
    check lets the name through; a name the task does not hold is refused by the check alone."""
    import json
    import random
    from pathlib import Path

    from rapidfuzz import fuzz

    from extract.narrative import IndicatorIndex
    from normalize.text import fold

    gold = Path(__file__).resolve().parent / "data" / "gold"
    names = sorted({row["name"] for path in gold.glob("*.json")
                    for table in json.loads(path.read_text(encoding="utf-8"))["tables"]
                    for row in table["rows"] if len(row.get("name") or "") >= 15})
    index = IndicatorIndex([(str(i), name) for i, name in enumerate(names)])
    rng = random.Random(12)
    found = refused = 0
    for name in names:
        letters = list(fold(name))
        for _ in range(len(letters) // 10):
            i = rng.randrange(len(letters))
            letters[i:i + 1] = rng.choice([[], [letters[i]] * 2, ["x"]])
        task = f"sở nội vụ chủ trì triển khai {''.join(letters)} trên địa bàn tỉnh"
        for code, known in index._names:
            reaches = fuzz.partial_ratio(known, task, score_cutoff=index.min_ratio) > 0
            assert index._may_hold(known, task) or not reaches, (known, task)
            found += reaches
            refused += not index._may_hold(known, task)
    assert found >= len(names) // 2 and refused > found


def test_the_blank_pipeline_tokenizes_as_spacy_blank_does():
    """_blank makes the language class directly rather than through spacy.blank: same words,
    same spaces, same attributes, on a seed plan's prose and a table line."""
    from pathlib import Path

    import spacy

    from extract.narrative import _blank

    seed = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))[0]
    text = seed.read_text(encoding="utf-8")[:20000] + "\nSở KH&CN (Tổ CNS); UBND các xã/phường: 95% - 1.2.3 | x@y.vn"
    ours = _blank()
    theirs = spacy.blank(ours.lang)
    assert type(ours) is type(theirs)

    def words(nlp):
        return [(t.text, t.whitespace_, t.is_punct, t.is_alpha, t.is_title, t.like_num) for t in nlp.make_doc(text)]
    assert words(ours) == words(theirs) and len(words(ours)) > 1000
