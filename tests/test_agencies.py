"""normalize.agencies: splitting cells, canonical names, successors, form headings."""
import glob
import json
from pathlib import Path

import pytest

from normalize.agencies import (
    canonical_agency,
    canonical_for_form,
    is_collective,
    load_gazetteer,
    split_agencies,
    successor,
)

GOLD = sorted(glob.glob(str(Path(__file__).parent / "data" / "gold" / "*.json")))


# ---------------------------------------------------------------- split_agencies


@pytest.mark.parametrize(
    "cell, bodies",
    [
        # ';' and ':' always separate
        ("Sở Công Thương; Sở Tài chính: Ban Quản lý Khu kinh tế tỉnh",
         ["Sở Công Thương", "Sở Tài chính", "Ban Quản lý Khu kinh tế tỉnh"]),
        # a comma before a body head separates ...
        ("Sở Công Thương, Thuế tỉnh", ["Sở Công Thương", "Thuế tỉnh"]),
        ("Văn phòng Tỉnh ủy, Văn phòng UBND tỉnh", ["Văn phòng Tỉnh ủy", "Văn phòng UBND tỉnh"]),
        # ... but not before a collective continuation
        ("Các sở, ban, ngành; UBND xã, phường", ["Các sở, ban, ngành", "UBND xã, phường"]),
        ("Sở, ban, ngành, địa phương", ["Sở, ban, ngành, địa phương"]),
        ("UBND các huyện, thị xã, thành phố", ["UBND các huyện, thị xã, thành phố"]),
        ("Các cơ sở giáo dục, y tế", ["Các cơ sở giáo dục, y tế"]),
        ("Các sở, ban ngành liên quan", ["Các sở, ban ngành liên quan"]),
        # a unit word followed by its proper name continues the list
        ("UBND các huyện, thành phố Buôn Ma Thuột", ["UBND các huyện, thành phố Buôn Ma Thuột"]),
        # a name the gazetteer knows is never broken, even where a piece looks like a head
        ("Sở Lao động, Thương binh và Xã hội", ["Sở Lao động, Thương binh và Xã hội"]),
        ("Báo và Phát thanh, Truyền hình Lào Cai", ["Báo và Phát thanh, Truyền hình Lào Cai"]),
        # ' và ' separates only two bodies
        ("Sở Giáo dục và Đào tạo và Sở Y tế", ["Sở Giáo dục và Đào tạo", "Sở Y tế"]),
        ("Các sở, ban, ngành, UBND các huyện và thành phố Pleiku",
         ["Các sở, ban, ngành", "UBND các huyện và thành phố Pleiku"]),
        # line breaks: a new body only where the next line starts with a head
        ("Sở Khoa học và\nCông nghệ\nSở Nội vụ", ["Sở Khoa học và Công nghệ", "Sở Nội vụ"]),
        ("- Sở Nội vụ\n- Các địa phương", ["Sở Nội vụ", "Các địa phương"]),
        # separators inside brackets do not split
        ("Tỉnh đoàn (Tổ Công nghệ số cộng đồng, Đoàn Thanh niên)",
         ["Tỉnh đoàn (Tổ Công nghệ số cộng đồng, Đoàn Thanh niên)"]),
        ("Tỉnh đoàn (gồm: Tổ Công nghệ số; Đoàn Thanh niên); Sở Nội vụ: Sở Y tế",
         ["Tỉnh đoàn (gồm: Tổ Công nghệ số; Đoàn Thanh niên)", "Sở Nội vụ", "Sở Y tế"]),
        ("Sở Nội vụ; Sở Y tế: Ban Quản lý Khu kinh tế", ["Sở Nội vụ", "Sở Y tế", "Ban Quản lý Khu kinh tế"]),
        # upper-case headings split the same way
        ("VNPT HÀ TĨNH, VIETTEL HÀ TĨNH", ["VNPT HÀ TĨNH", "VIETTEL HÀ TĨNH"]),
        # whitespace collapsed, 'Các' kept, HTML line breaks from converted PDFs
        ("  Các   doanh nghiệp viễn thông ", ["Các doanh nghiệp viễn thông"]),
        ("Sở Tài chính<br>Sở Xây dựng", ["Sở Tài chính", "Sở Xây dựng"]),
        ("-", []),
        ("", []),
        ("  \n ", []),
    ],
)
def test_split_agencies(cell, bodies):
    assert split_agencies(cell) == bodies


# ---------------------------------------------------------------- canonical_agency


@pytest.mark.parametrize(
    "printed, canonical",
    [
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("SKHCN", "Sở Khoa học và Công nghệ"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),  # no successor mapping here
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Văn phòng Uỷ ban nhân dân tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),  # old tone placement
        ("Đài PT&TH tỉnh", "Đài Phát thanh và Truyền hình tỉnh"),
        ("Các DN viễn thông", "Các doanh nghiệp viễn thông"),
        ("Sở Lao động, Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở, ban, ngành", "Các sở, ban, ngành"),
        ("Các sở, ban ngành", "Các sở, ban, ngành"),  # missing comma
        ("Ban Quản Khu kinh tế tỉnh", "Ban Quản lý Khu kinh tế tỉnh"),  # dropped word
        ("Sở Tài chinh", "Sở Tài chính"),  # lost diacritics: folded away
        ("Sở Tài chánh", "Sở Tài chính"),  # one word off by one letter
        ("Sở Khoa học và Công nghiệ", "Sở Khoa học và Công nghệ"),
        ("Cục Thống kê", "Cục Thống kê tỉnh"),  # provincial body printed without its level
        ("Sở Y tế tỉnh", "Sở Y tế"),
        ("Ngân hàng nhà nước khu vực 7", "Ngân hàng Nhà nước chi nhánh tỉnh"),
        ("Tỉnh đoàn (Tổ Công nghệ số cộng đồng)", "Tỉnh đoàn"),
        ("Sở Nội vụ (Ban Thi đua - Khen thưởng)", "Sở Nội vụ"),
        # the province's own name stands for 'tỉnh'
        ("Công an tỉnh Nghệ An", "Công an tỉnh"),
        ("Báo Lạng Sơn", "Báo tỉnh"),
        ("Báo và Phát thanh, Truyền hình Lâm Đồng", "Báo và Phát thanh, Truyền hình tỉnh"),
        ("Ngân hàng Nhà nước chi nhánh tỉnh Thanh Hoá", "Ngân hàng Nhà nước chi nhánh tỉnh"),
        # collective committees by level
        ("UBND xã, phường", "Ủy ban nhân dân cấp xã"),
        ("UBND các xã, phường, thị trấn", "Ủy ban nhân dân cấp xã"),
        ("UBND cấp xã", "Ủy ban nhân dân cấp xã"),
        ("UBND các huyện, thành phố Kon Tum", "Ủy ban nhân dân cấp huyện"),
        ("UBND các huyện và thành phố Pleiku", "Ủy ban nhân dân cấp huyện"),
        ("UBND tỉnh", "Ủy ban nhân dân cấp tỉnh"),
        ("Chủ tịch UBND các xã, phường", "Ủy ban nhân dân cấp xã"),
        # unknown bodies keep the printed name (collapsed, province -> tỉnh)
        ("UBND huyện Chợ Mới", "UBND huyện Chợ Mới"),
        ("Trung tâm  Phục vụ hành chính công tỉnh Bình Định", "Trung tâm Phục vụ hành chính công tỉnh"),
        ("Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh", "Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh"),
        ("-", ""),
    ],
)
def test_canonical_agency(printed, canonical):
    assert canonical_agency(printed) == canonical


@pytest.mark.parametrize(
    "printed",
    [
        "Sở Ngoai vụ tỉnh X",  # not a typo of Sở Nội vụ
        "Cục Hải quan",  # not 'Cục Thuế'
        "Công an xã",  # level words are never 'typos' of one another
    ],
)
def test_typo_match_does_not_overreach(printed):
    canonical = canonical_agency(printed)
    assert canonical not in {"Sở Nội vụ", "Cục Thuế tỉnh", "Công an tỉnh"}


# ---------------------------------------------------------------- successor


@pytest.mark.parametrize(
    "canonical, after",
    [
        ("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
        ("Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
        ("Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ"),
        ("Cục Thuế tỉnh", "Thuế tỉnh"),
        ("Đài Phát thanh và Truyền hình tỉnh", "Báo và Phát thanh, Truyền hình tỉnh"),
        ("Ủy ban nhân dân cấp huyện", "Ủy ban nhân dân cấp xã"),
        ("Sở Nội vụ", "Sở Nội vụ"),
        ("Một cơ quan lạ", "Một cơ quan lạ"),
        ("Sở TT&TT", "Sở Khoa học và Công nghệ"),  # printed names are canonicalised first
    ],
)
def test_successor(canonical, after):
    assert successor(canonical) == after


# ---------------------------------------------------------------- canonical_for_form


@pytest.mark.parametrize(
    "heading, expected",
    [
        ("SỞ NỘI VỤ", "Sở Nội vụ"),
        ("(MẪU DÀNH CHO SỞ THÔNG TIN VÀ TRUYỀN THÔNG)", "Sở Thông tin và Truyền thông"),
        ("VNPT QUẢNG NGÃI, VIETTEL QUẢNG NGÃI", ["VNPT tỉnh", "Viettel tỉnh"]),
        ("VIETTEL POST BẮC NINH", "Viettel Post tỉnh"),
        ("UBND CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ", "Ủy ban nhân dân cấp huyện"),
        ("SỞ LAO ĐỘNG THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
        ("ĐÀI PHÁT THANH VÀ TRUYỀN HÌNH TÂY NINH", "Đài Phát thanh và Truyền hình tỉnh"),
        ("NGÂN HÀNG NHÀ NƯỚC CHI NHÁNH TỈNH CÀ MAU", "Ngân hàng Nhà nước chi nhánh tỉnh"),
        ("CỤC THUẾ TỈNH", "Cục Thuế tỉnh"),
        ("", None),
    ],
)
def test_canonical_for_form(heading, expected):
    assert canonical_for_form(heading) == expected


# ---------------------------------------------------------------- is_collective


@pytest.mark.parametrize(
    "name, collective",
    [
        ("Các sở, ban, ngành", True),
        ("Sở, ban, ngành, địa phương", True),
        ("Các địa phương", True),
        ("Các doanh nghiệp viễn thông", True),
        ("UBND các xã, phường", True),
        ("Các trường học trên địa bàn", True),  # unknown, plural word
        ("Sở, ban, ngành, huyện", True),  # unknown, continuation list
        ("-", True),
        ("", True),
        ("Sở Khoa học và Công nghệ", False),
        ("Công an tỉnh", False),
        ("Trung tâm Phục vụ hành chính công", False),
    ],
)
def test_is_collective(name, collective):
    assert is_collective(name) is collective


# ---------------------------------------------------------------- gazetteer


def test_gazetteer_holds_every_agencies_md_body():
    bodies = load_gazetteer().bodies
    for name in ("Sở Khoa học và Công nghệ", "Ngân hàng Nhà nước chi nhánh tỉnh", "Công chức Tài chính - Kế toán",
                 "Các sở, ban, ngành, địa phương", "Ủy ban Mặt trận Tổ quốc", "Tổ Công nghệ số cộng đồng"):
        assert name in bodies
    assert bodies["Các địa phương"].kind == "collective"
    assert bodies["Sở Nội vụ"].kind == "single"


def test_every_canonical_name_maps_to_itself():
    for name in load_gazetteer().bodies:
        assert canonical_agency(name) == name


def test_gold_canonicals_agree():
    """Measuring stick: every printed agency in the gold canonicalises to the gold name,
    and each gold list survives a join/split round trip."""
    assert GOLD, "gold copy missing"
    total = agree = 0
    for path in GOLD:
        for table in json.loads(Path(path).read_text("utf-8"))["tables"]:
            for row in table["rows"]:
                for field in ("lead", "support"):
                    if field not in row:
                        continue
                    for printed, gold in zip(row[field], row[field + "_canonical"]):
                        total += 1
                        agree += canonical_agency(printed) == gold
                    assert split_agencies("; ".join(row[field])) == row[field]
    assert total > 0 and agree == total


def test_text_memo_gives_the_same_fold_and_line_for_short_and_long_texts():
    """Short strings are remembered, long ones computed each time: same answers either way."""
    from normalize import text

    short = "Sở Khoa học\nvà  Công nghệ"
    long = short + " " + "Ủy ban nhân dân tỉnh " * 20  # past the memo's length
    assert len(long) > text._MEMO_LENGTH >= len(short)
    assert text.fold(short) == text._fold(short) == "so khoa hoc\nva cong nghe"
    assert text.one_line(short) == "Sở Khoa học và Công nghệ"
    held = text._fold_short.cache_info().currsize
    assert text.fold(long) == text._fold(long) and text._fold_short.cache_info().currsize == held
    assert text.one_line(long) == " ".join(text.clean_lines(long))


def test_a_province_name_is_still_read_after_a_level_word_and_at_the_end():
    """The first-word filter of _localize keeps every match it had (the province's own name)."""
    from normalize.agencies import _localize, load_gazetteer

    gazetteer = load_gazetteer()
    assert _localize("Công an tỉnh Gia Lai", gazetteer) == "Công an tỉnh"
    assert _localize("Báo Đắk Nông", gazetteer) == "Báo tỉnh"
    assert _localize("Sở Tài chính", gazetteer) == "Sở Tài chính"


def test_province_names_by_first_word_find_what_trying_every_name_finds():
    """_province_at tries only the names a token can begin, longest first as before: at each
    word of every province name it finds the match that trying all names in order finds."""
    from normalize.agencies import _province_at, _word_form, load_gazetteer

    gazetteer = load_gazetteer()

    def every_name(folded, i):
        return next(((len(name), prefix) for name, prefix in gazetteer.provinces
                     if tuple(folded[i:i + len(name)]) == name), None)

    texts = ["Văn phòng UBND tỉnh Bà Rịa - Vũng Tàu", "Sở Tư pháp Thừa Thiên Huế", "Báo Bắc Kạn"]
    texts += [" ".join(name) for name, _ in gazetteer.provinces]
    for text in texts:
        folded = [_word_form(t) for t in text.split()]
        for i in range(len(folded)):
            assert _province_at(folded, i, gazetteer) == every_name(folded, i), (text, i)
    assert _province_at([_word_form(t) for t in "Bà Rịa - Vũng Tàu".split()], 0, gazetteer) == (5, False)
