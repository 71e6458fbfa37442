"""The administrative gazetteer: names found in text, their kind, level and province."""
import json
import re
import unicodedata
from pathlib import Path

from normalize.admin import (FROM_2025, PRE_2025, find_units, is_admin_name, level_of,
                             mentions, name_key, province_of)
from normalize.text import fold

DATA = Path(__file__).resolve().parent.parent / "normalize" / "data" / "admin_units.json"


def _one(text):
    units = find_units(text)
    assert len(units) == 1, units
    return units[0]


def test_generated_file_has_both_eras():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert len(data["provinces_pre_2025"]) == 63
    assert len(data["provinces_from_2025"]) == 34
    assert sum(map(len, data["districts_pre_2025"].values())) > 650
    assert sum(map(len, data["communes_from_2025"].values())) > 3000


def test_province_in_a_capitalised_header():
    unit = _one("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI")
    assert (unit.name, unit.kind, unit.level, unit.province) == ("Quảng Ngãi", "tỉnh", "tỉnh", "Quảng Ngãi")
    assert unit.eras == (PRE_2025, FROM_2025)


def test_centrally_run_city_is_province_level():
    unit = _one("Ủy ban nhân dân thành phố Cần Thơ")
    assert (unit.kind, unit.level) == ("thành phố trực thuộc TW", "tỉnh")
    assert _one("TP.HCM").name == "Hồ Chí Minh"
    assert _one("Tp. Đà Nẵng").level == "tỉnh"


def test_provincial_city_is_district_level():
    unit = _one("thành phố Bảo Lộc")
    assert (unit.kind, unit.level, unit.province) == ("thành phố thuộc tỉnh", "huyện", "Lâm Đồng")


def test_district_and_commune_kinds():
    assert _one("UBND huyện Mường Tè").level == "huyện"
    town = _one("thị trấn Phong Thổ")
    assert (town.kind, town.level, town.province) == ("thị trấn", "xã", "Lai Châu")
    assert _one("THỊ XÃ SA PA").kind == "thị xã"


def test_accents_spacing_and_old_spellings_fold_alike():
    assert _one("tỉnh Đăk Lăk").name == "Đắk Lắk"
    assert _one("tỉnh Đắc Lắc").name == "Đắk Lắk"
    assert _one("Khánh Hoà").name == "Khánh Hòa"
    assert _one("huyện Krông Năng").province == "Đắk Lắk"
    assert _one("thành phố Qui Nhơn").name == "Quy Nhơn"


def test_a_name_several_provinces_share_gives_each():
    provinces = {u.province for u in find_units("xã Tân Lập")}
    assert len(provinces) > 3
    assert province_of("xã Tân Lập") is None
    assert {u.province for u in find_units("xã Tân Lập", province="Phú Thọ")} == {"Phú Thọ"}


def test_lower_case_words_are_not_names():
    assert find_units("cộng hòa xã hội chủ nghĩa Việt Nam, cấp xã, phường") == []


def test_mentions_give_spans_in_order():
    text = "Ủy ban nhân dân huyện Bắc Yên, tỉnh Sơn La"
    found = mentions(text)
    assert [text[m.start:m.end] for m in found] == ["huyện Bắc Yên", "tỉnh Sơn La"]


def test_province_named_alone_before_a_date():
    assert _one("Tuyên Quang, ngày 12 tháng 3 năm 2024").kind == "tỉnh"


def test_renamed_province_still_known():
    unit = _one("tỉnh Thừa Thiên Huế")
    assert unit.eras == (PRE_2025,)


def test_province_of_level_of_is_admin_name():
    assert province_of("huyện Mù Cang Chải") == "Yên Bái"
    assert province_of("Hải Dương") == "Hải Dương"
    assert level_of("thị trấn") == "xã"
    assert level_of("TX") == "huyện"
    assert level_of("thành phố") is None
    assert level_of("làng") is None
    assert is_admin_name("Tỉnh Gia Lai") and is_admin_name("Lào Cai")
    assert not is_admin_name("Gia Lai mới") and not is_admin_name("Sở Tài chính")


def test_name_key():
    assert name_key("Đắk R'Lấp") == name_key("ĐĂK RLẤP")
    assert name_key("Bà Rịa - Vũng Tàu") == "bariavungtau"


def _key_through_fold(text):
    """name_key as first written: the folded text, non-word characters dropped, 'y' as 'i'."""
    return re.sub(r"[\W_]+", "", fold(text.replace("ð", "d").replace("Ð", "D"))).replace("y", "i")


def test_name_key_is_the_folded_key_without_folding_twice():
    # name_key skips fold's accent and space steps because the key drops those characters
    # anyway: true of every combining mark of Unicode, and of every gazetteer name here.
    marks = [chr(c) for c in range(0x110000) if unicodedata.combining(chr(c))]
    assert marks and all(re.fullmatch(r"[\W_]", ch) for ch in marks)
    data = json.loads(DATA.read_text(encoding="utf-8"))
    names = [name for _, name in data["provinces_pre_2025"]]
    names += [name for communes in data["communes_from_2025"].values() for _, name in communes]
    names += ["Ea H'Leo", "Quy\u0301 Nhơn", " Hoà\u00a0Bình _x ", "ðắk_Lắk", "Ǆ ﬁ Σς İ", "ẞ\u0345"]
    for name in names:
        assert name_key(name) == _key_through_fold(name), name
