"""normalize.numbers: Vietnamese-style numbers, points, targets, years."""
import pytest

from normalize.numbers import parse_number, parse_points, parse_target, parse_year


@pytest.mark.parametrize(
    "text, value",
    [
        ("15,75", 15.75),  # decimal comma
        ("0,005", 0.005),
        ("6.36", 6.36),  # decimal dot (appraisal tables)
        ("0.005", 0.005),  # leading '0.' is never a thousands dot
        ("1.000", 1000),  # dot + exactly three digits = thousands
        ("1.000.000", 1000000),
        ("6.360", 6360),  # the three-digit rule wins
        ("1.234,5", 1234.5),
        ("1,000", 1),  # one comma group stays a decimal comma
        ("1,000,000", 1000000),  # two or more groups only read as thousands
        ("200", 200),
        ("0", 0),
        ("15,0", 15),  # integral -> int
        ("-6", -6),
        ("−6", -6),  # unicode minus
        ("80%", 80),
        ("80 %", 80),
        ("0,5 tỷ", 0.5),  # unit words ignored, not scaled
        ("20 điểm", 20),
        ("12,5 triệu đồng", 12.5),
        (" 21,43 \n", 21.43),
        ("<p>38,21</p>", 38.21),
        ("", None),
        ("-", None),
        (None, None),
        ("Đã ban hành", None),
        ("Tăng 20 người so với năm trước", None),  # a number inside text
        ("16/20", None),
        ("≥80%", None),  # a target, not a number
    ],
)
def test_parse_number(text, value):
    result = parse_number(text)
    assert result == value
    assert type(result) is type(value)


@pytest.mark.parametrize(
    "text, points",
    [
        ("16/20", (16, 20)),
        ("15,75 / 20", (15.75, 20)),
        ("20", (20, None)),
        ("", (None, None)),
        ("không đạt", (None, None)),
    ],
)
def test_parse_points(text, points):
    assert parse_points(text) == points


@pytest.mark.parametrize(
    "text, target",
    [
        (">=80%", (80, ">=")),
        ("≥ 80%", (80, ">=")),
        ("=> 95%", (95, ">=")),
        ("$\\geq 80\\%$", (80, ">=")),  # LaTeX from converted PDFs
        ("Đạt ≥ 95%", (95, ">=")),
        ("90%", (90, None)),
        ("16/20", (16, None)),  # points reached, not the maximum
        ("194", (194, None)),
        ("Trên 80%", (80, None)),  # words never give an op (GOLD: only ≥ / >=)
        ("Tối thiểu 80%", (80, None)),
        ("Từ 80% trở lên", (80, None)),
        ("> 80%", (80, None)),
        ("≤ 5%", (5, None)),
        ("", (None, None)),
        ("-", (None, None)),
        ("Tăng 20 người so với năm trước", (None, None)),
    ],
)
def test_parse_target(text, target):
    assert parse_target(text) == target


@pytest.mark.parametrize(
    "text, year",
    [
        ("Điểm năm 2024", 2024),
        ("Kết quả DTI 2023 |", 2023),
        ("Giai đoạn 2025-2027", 2025),
        ("Điểm tối đa", None),
        ("Mã 120245", None),
        ("", None),
    ],
)
def test_parse_year(text, year):
    assert parse_year(text) == year
