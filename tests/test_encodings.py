"""Legacy Vietnamese encodings: detection and conversion on short hand-typed samples."""
import unicodedata

from normalize.encodings import (
    TCVN3, TCVN3_UPPER, VNI, decode_bytes, detect_legacy, fix_text, font_encoding, to_unicode,
)

TCVN3_MOTTO = "Céng hoµ x\u00b7 héi chñ nghÜa ViÖt Nam. §éc lËp - Tù do - H¹nh phóc"
VNI_MOTTO = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. Ñoäc laäp - Töï do - Haïnh phuùc"
UNICODE_MOTTO = "Cộng hoà xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc"
VNI_MOTTO_UNICODE = "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc"


def test_tcvn3_detected_and_converted():
    assert detect_legacy(TCVN3_MOTTO) == TCVN3
    assert fix_text(TCVN3_MOTTO) == UNICODE_MOTTO


def test_tcvn3_soft_hyphen_is_u_horn():
    # ư is byte 0xAD in TCVN3, the soft hyphen in Latin-1: "Mường" is "M\xadêng".
    assert to_unicode("M\u00adêng Kh\u00ad¬ng", TCVN3) == "Mường Khương"


def test_tcvn3_capital_font_draws_capitals():
    assert to_unicode("kÕ ho¹ch", TCVN3_UPPER) == "KẾ HOẠCH"


def test_vni_detected_and_converted():
    assert detect_legacy(VNI_MOTTO) == VNI
    assert fix_text(VNI_MOTTO) == VNI_MOTTO_UNICODE


def test_vni_horn_letters():
    assert to_unicode("Sôû Khoa hoïc vaø Coâng ngheä, ngöôøi daân", VNI) == (
        "Sở Khoa học và Công nghệ, người dân")


def test_unicode_text_left_alone():
    text = "Sở Thông tin và Truyền thông chủ trì; Điểm tối đa 20; tỷ lệ ≥ 80%; hoà, quý, thuế"
    assert detect_legacy(text) is None
    assert fix_text(text) == text


def test_one_stray_symbol_is_not_legacy():
    assert detect_legacy("Nhiệt độ 25 °C, diện tích 3 m² · tỷ lệ µ") is None


def test_decomposed_marks_become_nfc():
    decomposed = unicodedata.normalize("NFD", "Kế hoạch chuyển đổi số")
    assert fix_text(decomposed) == "Kế hoạch chuyển đổi số"


def test_windows_1258_bytes():
    # Windows-1258 has ê as one byte (0xEA) and writes the tone as a combining byte (0xEC acute).
    data = b"K\xea\xec ho\x61\xf2ch s\xf4\xec 12/KH-UBND"
    assert decode_bytes(data) == "Kế hoạch số 12/KH-UBND"


def test_utf8_read_as_cp1252_repaired():
    assert fix_text("Ká»¹ thuáº­t sá»‘") == "Kỹ thuật số"


def test_font_names():
    assert font_encoding(".VnTime") == TCVN3
    assert font_encoding("ABCDEF+.VnTimeH") == TCVN3_UPPER
    assert font_encoding("VNI-Times") == VNI
    assert font_encoding("Times New Roman") is None
    assert font_encoding(None) is None
