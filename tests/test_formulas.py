"""normalize.formulas: one hand-made case per rule and per tricky wording, evaluate() per
rule, and a comparison with the gold formulas of the two seed plans that print guidance.

Run as a script (python tests/test_formulas.py) to print per-field accuracy and the misses.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from normalize.formulas import RULES, Formula, evaluate, parse_formula  # noqa: E402

# ---------------------------------------------------------------- parse: one case per rule


def test_blank_and_explanation_only_give_none():
    assert parse_formula("") is None
    assert parse_formula("  \n ") is None
    assert parse_formula("Giải thích: chi cho chính quyền số là chi cho Ứng dụng CNTT") is None
    # variables only, no rate and no rule
    assert parse_formula("a = Tổng số người tham gia; b = Số người hài lòng.") is None


def test_odd_input_does_not_raise():
    assert parse_formula("Tỷ lệ = ((((a") is None
    assert parse_formula("1. A: 1/0*Điểm tối đa 2. B: 1/2*Điểm tối đa").rule in RULES
    assert parse_formula("<<<>>>") is None
    assert parse_formula("Điểm tối đa") is None  # a column header, not a rule


def test_proportional_with_variables_and_ratio():
    f = parse_formula("a=Số hộ có cáp quang; b= Tổng số hộ; - Tỷ lệ=a/b - Điểm=Tỷ lệ*Điểm tối đa")
    assert (f.ratio, f.rule, f.threshold) == ("a/b", "proportional", None)
    assert f.variables == {"a": "Số hộ có cáp quang", "b": "Tổng số hộ"}
    assert f.to_json()["variables"]["b"] == "Tổng số hộ"
    assert set(f.to_json()) == {"text", "variables", "ratio", "rule", "threshold",
                                "period_thresholds", "parts"}


def test_goal_percentage_is_not_a_threshold():
    f = parse_formula("Trên 80% hộ gia đình có kết nối a=x; b=y; - Tỷ lệ=a/b - Điểm= Điểm tối đa * tỷ lệ")
    assert (f.rule, f.threshold) == ("proportional", None)


def test_other_ways_of_printing_the_rate():
    assert parse_formula("Điểm = a/b * Điểm tối đa").ratio == "a/b"
    assert parse_formula("Tỷ lệ (%) = a/b x 100; Điểm = Tỷ lệ x Điểm tối đa").ratio == "a/b"
    assert parse_formula("Tỷ lệ = $\\frac{a+b}{c}$; Điểm = Tỷ lệ × Điểm tối đa").ratio == "(a+b)/c"
    assert parse_formula("- Tỷ lệ = ( a + b ) / ( c + d ); - Điểm = Tỷ lệ*Điểm tối đa").ratio == "(a+b)/(c+d)"


def test_rate_without_scoring_line_is_proportional():
    f = parse_formula("a = Số xã kết nối; b = Tổng số xã; - Tỷ lệ = a/b")
    assert (f.ratio, f.rule) == ("a/b", "proportional")


def test_threshold_two_branches():
    f = parse_formula("- Tỷ lệ=(a+b)/(c+d) - Điểm: + Tỷ lệ>=10%: Điểm tối đa; + Tỷ lệ<=10%: Tỷ lệ/10%*Điểm tối đa.")
    assert (f.ratio, f.rule, f.threshold) == ("(a+b)/(c+d)", "threshold", 10)


def test_threshold_short_form_divisor():
    f = parse_formula("- Tỷ lệ=a/b - Điểm=Tỷ lệ/99%*Điểm tối đa")
    assert (f.rule, f.threshold) == ("threshold", 99)


def test_threshold_unitless_one_is_100_percent():
    f = parse_formula("Tỷ lệ = a/b. - Điểm= + Tỷ lệ>=1: Điểm tối đa; + Tỷ lệ<1: Tỷ lệ*Điểm tối đa")
    assert (f.rule, f.threshold) == ("threshold", 100)


def test_threshold_without_percent_sign_and_latex_leftovers():
    f = parse_formula("Tỷ lệ = a/b. Tỷ lệ $\\geq 80\\%$: điểm tối đa Tỷ lệ <80: điểm = Điểm tối đa * tỷ lệ/80%")
    assert (f.rule, f.threshold) == ("threshold", 80)
    f = parse_formula("- Tỷ lệ=(a+b)/c; - Điểm: + Tỷ lệ \\geq 1%: Điểm tối đa; - Tỷ lệ < 1%: Tỷ lệ/1%*Điểm tối đa.")
    assert (f.ratio, f.rule, f.threshold) == ("(a+b)/c", "threshold", 1)
    f = parse_formula("Tỷ lệ ≥ 0.25%: điểm tối đa Tỷ lệ <0.25%: điểm = Điểm tối đa * tỷ lệ/0.25%")
    assert f.threshold == 0.25


def test_rate_used_but_not_printed_is_a_over_b():
    f = parse_formula("a = Số cơ sở thực hiện; b = Tổng số cơ sở; - Tỷ lệ ≥ 80%: điểm tối đa - Tỷ lệ < 80%: "
                      "Điểm = Tỷ lệ*Điểm tối đa/80%")
    assert (f.ratio, f.rule, f.threshold) == ("a/b", "threshold", 80)


def test_less_than_sign_is_not_taken_for_a_tag():
    f = parse_formula("+ Tỷ lệ<95%: Tỷ lệ/95%*Điểm tối đa. + Tỷ lệ>=95%: Điểm tối đa")
    assert "Tỷ lệ<95%" in f.text and f.threshold == 95


def test_threshold_typo_in_rate_word():
    f = parse_formula("- Tỷ lệ=a/b - Điểm: Tỷ lệ ≥ 95%: điểm tối đa Ty lệ < 95%: điểm = Điểm tối đa/95% * tỷ lệ")
    assert (f.rule, f.threshold) == ("threshold", 95)


def test_period_thresholds_pick_the_year():
    text = ("a= Tổng số dân; b= Số dân hài lòng; c= Tổng số DN; d= Số DN hài lòng. - Điểm= Giai đoạn 2025-2027: + Tỷ lệ>=95%: Điểm tối đa; "
            "+ Tỷ lệ<95%: Tỷ lệ/95%*Điểm tối đa. Giai đoạn 2028-2030: + Tỷ lệ>=99%: Điểm tối đa; "
            "+ Tỷ lệ<99%: Tỷ lệ/99%*Điểm tối đa.")
    f = parse_formula(text, year=2026)
    assert (f.ratio, f.rule, f.threshold) == (None, "threshold", 95)
    assert f.period_thresholds == [{"from": 2025, "to": 2027, "threshold": 95},
                                   {"from": 2028, "to": 2030, "threshold": 99}]
    assert parse_formula(text, year=2029).threshold == 99
    assert parse_formula(text).threshold == 95


def test_all_or_nothing_both_wordings():
    f = parse_formula("- Tỷ lệ=a/b - Điểm= + Điểm tối đa nếu tỷ lệ =100% + 0 nếu tỷ lệ dưới 100%")
    assert (f.ratio, f.rule, f.threshold) == ("a/b", "all_or_nothing", None)
    f = parse_formula("- Tỷ lệ = a/b - Điểm: + Tỷ lệ = 100%: Điểm tối đa; + Tỷ lệ < 100%: 0 điểm")
    assert f.rule == "all_or_nothing"


def test_binary():
    assert parse_formula("- Đã ban hành: Điểm tối đa; - Chưa ban hành: 0 điểm.").rule == "binary"
    assert parse_formula("- Đã ban hành: Điểm tối đa;").rule == "binary"
    assert parse_formula("- Có: Điểm tối đa - Không: 0 điểm").rule == "binary"


def test_tiers_partial_state_and_count_ladder():
    f = parse_formula("- Đã triển khai và cá thể hóa: Điểm tối đa; - Đã triển khai, chưa cá thể hóa: "
                      "1/2*Điểm tối đa; - Chưa triển khai: 0 điểm")
    assert f.rule == "tiers"
    assert [p["share"] for p in f.parts] == [1.0, 0.5, 0.0]
    f = parse_formula("+ Từ 20 trở lên: điểm tối đa; + Từ 10 đến 19: 1/2 *Điểm tối đa; + Dưới 10: 1/4* Điểm tối đa")
    assert f.rule == "tiers"


def test_tiers_level_ladder_with_rate():
    f = parse_formula("- Tỷ lệ $= (a+b)/c$ Thang điểm: Mức 1 ≥ 10% (điểm tối đa) Mức 2 ≥ 7% (70% điểm) "
                      "Mức 3 ≥ 3% (30% điểm) Mức 4 < 3% (0 điểm)")
    assert (f.ratio, f.rule, f.threshold) == ("(a+b)/c", "tiers", None)
    assert [(p["share"], p.get("min"), p.get("below")) for p in f.parts] == [
        (1.0, 10, None), (0.7, 7, None), (0.3, 3, None), (0.0, None, 3)]


def test_checklist_unnumbered_and_numbered():
    f = parse_formula("- Đáp ứng yêu cầu chức năng: $4/5$ *Điểm tối đa; - Đã chuyển đổi IPv6: $1/5$ *Điểm tối đa; "
                      "- Chưa đáp ứng: 0 điểm")
    assert (f.rule, [p["share"] for p in f.parts]) == ("checklist", [0.8, 0.2])
    f = parse_formula("Điểm=Mục 1+Mục 2+Mục 3, trong đó: 1. Có ứng dụng AI phục vụ CCVC: 1/2 *Điểm tối đa. "
                      "2. Có ứng dụng AI phục vụ người dân: 1/4 *Điểm tối đa. 3. Có ứng dụng khác: 1/4 *Điểm tối đa")
    assert (f.ratio, f.rule) == (None, "checklist")
    assert [p["share"] for p in f.parts] == [0.5, 0.25, 0.25]


def test_checklist_items_with_own_rates():
    f = parse_formula("1. Triển khai a = Số đã triển khai; b = Số tối thiểu; - Tỷ lệ = a/b - Điểm = Tỷ lệ * 1/2 * "
                      "Điểm tối đa 2. Mô hình c = Số tập trung; d = Số đã triển khai; - Tỷ lệ = c/d - Điểm = "
                      "Tỷ lệ * 1/2 * Điểm tối đa")
    assert (f.ratio, f.rule) == (None, "checklist")
    assert [(p["ratio"], p["share"]) for p in f.parts] == [("a/b", 0.5), ("c/d", 0.5)]


def test_min_max_wordings():
    f = parse_formula("- Tỷ lệ = a/b - Tính điểm theo phương pháp Min-Max dựa vào tỷ lệ a/b cao nhất")
    assert (f.ratio, f.rule) == ("a/b", "min_max")
    f = parse_formula("a. Tổng số tên miền b. Tổng số doanh nghiệp Tỷ lệ = a/b - Địa phương có tỷ lệ cao nhất: "
                      "điểm tối đa - Các địa phương còn lại: điểm = tỷ lệ của địa phương/tỷ lệ cao nhất * điểm tối đa")
    assert (f.ratio, f.rule) == ("a/b", "min_max")
    assert set(f.variables) == {"a", "b"}


def test_per_item_and_sum_of_parts():
    f = parse_formula("- Mỗi hoạt động có ứng dụng AI: 1 điểm; - Tổng điểm không quá Điểm tối đa.")
    assert (f.rule, f.parts[0]["points"]) == ("per_item", 1)
    assert parse_formula("Mỗi sản phẩm được 2 điểm, không quá điểm tối đa").parts[0]["points"] == 2
    assert parse_formula("Cộng điểm từ 5.12.1 - 5.12.6").rule == "sum_of_parts"
    assert parse_formula("Điểm bằng tổng điểm của các chỉ số thành phần").rule == "sum_of_parts"


def test_explanation_after_the_rule_is_ignored():
    f = parse_formula("- Đã triển khai: Điểm tối đa; - Chưa triển khai: 0 điểm Giải thích: nền tảng đạt "
                      "1/2 * Điểm tối đa khi ...")
    assert f.rule == "binary"


def test_html_cell_input():
    f = parse_formula("<p>a = Số người;</p> <p>b = Tổng dân số;</p> <p>- Tỷ lệ = a/b</p> <p>- Điểm:</p> "
                      "<p>+ Tỷ lệ $\\geq 50\\%$: Điểm tối đa;</p> <p>+ Tỷ lệ $< 50\\%$: Tỷ lệ/50%*Điểm tối đa</p>")
    assert (f.ratio, f.rule, f.threshold) == ("a/b", "threshold", 50)
    assert "\n" not in f.text and "<p>" not in f.text


# ---------------------------------------------------------------- evaluate


def _f(**kw) -> Formula:
    return Formula(text="", **kw)


def test_evaluate_rate_rules():
    assert evaluate(_f(ratio="a/b", rule="proportional"), {"a": 3, "b": 4}, 20) == pytest.approx(15)
    assert evaluate(_f(ratio="(a+b)/c", rule="proportional"), {"a": 1, "b": 1, "c": 4}, 20) == pytest.approx(10)
    th = _f(ratio="a/b", rule="threshold", threshold=80)
    assert evaluate(th, {"rate": 0.9}, 20) == 20
    assert evaluate(th, {"rate": 0.4}, 20) == pytest.approx(10)
    assert evaluate(th, {"a": 1}, 20) is None  # b missing
    assert evaluate(th, {"a": 1, "b": 0}, 20) is None
    aon = _f(ratio="a/b", rule="all_or_nothing")
    assert (evaluate(aon, {"rate": 1.0}, 10), evaluate(aon, {"rate": 0.99}, 10)) == (10, 0)


def test_evaluate_condition_rules():
    assert evaluate(_f(rule="binary"), {"met": True}, 10) == 10
    assert evaluate(_f(rule="binary"), {"met": False}, 10) == 0
    assert evaluate(_f(rule="binary"), {}, 10) is None
    tiers = parse_formula("- Tỷ lệ = (a+b)/c Mức 1 ≥ 10% (điểm tối đa) Mức 2 ≥ 7% (70% điểm) Mức 3 ≥ 3% (30% điểm) "
                          "Mức 4 < 3% (0 điểm)")
    assert evaluate(tiers, {"rate": 0.08}, 10) == pytest.approx(7)
    assert evaluate(tiers, {"rate": 0.01}, 10) == 0
    assert evaluate(tiers, {"level": 3}, 10) == pytest.approx(3)
    money = parse_formula("Mức 1: ≥ 2 tỷ: 100% điểm phần này; Mức 2: ≥ 1 tỷ: 70% điểm phần này; "
                          "Mức 3: ≥ 0,5 tỷ: 30% điểm phần này; Mức 4: < 0,5 tỷ: 0% điểm phần này.")
    assert evaluate(money, {"value": 0.7}, 10) == pytest.approx(3)
    count = parse_formula("- Đã có chuyên mục, số tin bài đạt: + Từ 20 trở lên: điểm tối đa; + Từ 10 đến 19: "
                          "1/2 *Điểm tối đa; + Dưới 10: 1/4* Điểm tối đa; + Chưa có chuyên mục: 0 điểm.")
    assert [evaluate(count, {"value": v}, 8) for v in (25, 12, 3)] == [8, 4, 2]
    assert evaluate(count, {"level": 4}, 8) == 0
    checklist = _f(rule="checklist", parts=[{"share": 0.5}, {"share": 0.25}, {"share": 0.25}])
    assert evaluate(checklist, {"items": [True, False, 1]}, 20) == pytest.approx(15)
    assert evaluate(checklist, {"items": [True]}, 20) is None


def test_evaluate_relative_and_counting_rules():
    mm = _f(ratio="a/b", rule="min_max")
    assert evaluate(mm, {"rate": 0.3}, 10, best=0.6, worst=0.0) == pytest.approx(5)
    assert evaluate(mm, {"value": 4}, 10, best=8) == pytest.approx(5)
    assert evaluate(mm, {"value": 4}, 10) is None
    per = _f(rule="per_item", parts=[{"points": 1}])
    assert (evaluate(per, {"count": 3}, 10), evaluate(per, {"count": 30}, 10)) == (3, 10)
    assert evaluate(_f(rule="sum_of_parts"), {"parts": [1.5, 2, 3]}, 10) == pytest.approx(6.5)


# ---------------------------------------------------------------- gold comparison

GOLD = ROOT / "tests" / "data" / "gold"
CORPUS = ROOT / "corpus"
_CODE = re.compile(r"^(\d+(?:\.\d+)*)$")


def _scraped_pairs(path: Path, header_word: str) -> dict[str, str]:
    """Web-scrape layout: a line '|' opens a row, each cell's text ends with ' |'. After the
    header naming `header_word`, a row 'code | name | guidance | ...' gives (code, guidance)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if header_word in line)
    pairs: dict[str, str] = {}
    i = start
    while i < len(lines):
        code = lines[i].rstrip(" |").strip()
        if _CODE.match(code) and lines[i].endswith("|"):
            cells, buf, j = [], [], i + 1
            while j < len(lines) and len(cells) < 2:
                buf.append(lines[j])
                if lines[j].endswith("|"):
                    cells.append("\n".join(buf).rstrip(" |"))
                    buf = []
                j += 1
            if len(cells) == 2:
                pairs[code] = cells[1]
            i = j
            continue
        i += 1
    return pairs


def _tab_pairs(path: Path) -> dict[str, str]:
    """Tab layout: 'STT<TAB>name<TAB>guidance<TAB>...'; after a repeated header line, a row
    with an empty STT continues the previous row's guidance; 'a', 'b' rows are components."""
    pairs: dict[str, str] = {}
    last_code, parent, after_header = None, None, False
    for line in path.read_text(encoding="utf-8").split("\n"):
        cols = line.split("\t")
        if len(cols) < 3:
            continue
        stt = re.sub(r"<[^>]+>", "", cols[0]).strip()
        if stt == "STT":
            after_header = True
            continue
        if not stt and after_header and last_code:
            pairs[last_code] += "\n" + cols[2]
        elif _CODE.match(stt):
            last_code = parent = stt
            pairs[stt] = cols[2]
        elif re.fullmatch(r"[a-z]", stt) and parent:
            last_code = f"{parent}/{stt}"
            pairs[last_code] = cols[2]
        after_header = False
    return pairs


def _cases():
    sources = [("000_e240fa90282517b0", lambda p: _scraped_pairs(p, "Cách xác định và tính điểm")),
               ("001_c1af69010fc00801", _tab_pairs)]
    for stem, reader in sources:
        gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
        year = int(gold["document"]["date"][:4])  # the plan's year, as the pipeline knows it
        pairs = reader(CORPUS / f"{stem}.txt")
        for table in gold["tables"]:
            if table["kind"] != "assignment":
                continue
            for row in table["rows"]:
                if row["code"] in pairs:
                    yield stem, row["code"], pairs[row["code"]], row.get("formula"), year


def measure(verbose: bool = False) -> dict[str, float]:
    hits = {"ratio": 0, "rule": 0, "threshold": 0, "none": 0}
    counts = {"with": 0, "without": 0}
    for stem, code, text, gold, year in _cases():
        got = parse_formula(text, year)
        assert got is None or got.rule in RULES
        if gold is None:
            counts["without"] += 1
            ok = got is None or got.rule is None
            hits["none"] += ok
            if verbose and not ok:
                print(f"{stem[:3]} {code}: expected none, got {got.rule}")
            continue
        counts["with"] += 1
        mine = {"ratio": got and got.ratio, "rule": got and got.rule, "threshold": got and got.threshold}
        for key in ("ratio", "rule", "threshold"):
            same = mine[key] == gold.get(key)
            hits[key] += same
            if verbose and not same:
                print(f"{stem[:3]} {code}: {key} gold={gold.get(key)!r} got={mine[key]!r} | {text[:140]!r}")
        if gold.get("period_thresholds") and (not got or got.period_thresholds != gold["period_thresholds"]):
            hits["threshold"] -= 1
            if verbose:
                print(f"{stem[:3]} {code}: period_thresholds differ")
    out = {k: hits[k] / counts["with"] for k in ("ratio", "rule", "threshold")}
    out["none"] = hits["none"] / max(counts["without"], 1)
    out["rows_with_formula"], out["rows_without"] = counts["with"], counts["without"]
    return out


def test_gold_formulas_accuracy():
    scores = measure()
    assert scores["rows_with_formula"] >= 120  # the harness found the rows
    for key in ("ratio", "rule", "threshold", "none"):
        assert scores[key] >= 0.95, (key, scores)


if __name__ == "__main__":
    print(measure(verbose=True))


# ---------------------------------------------------------------- arithmetic (no eval)

def test_rates_are_computed_from_their_parsed_tree():
    from normalize.formulas import compute, parse_expression, variables_of
    tree = parse_expression("(a + b) / c")
    assert tree == ("/", ("+", "a", "b"), "c") and variables_of(tree) == {"a", "b", "c"}
    assert compute(tree, {"a": 1, "b": 3, "c": 8}) == 0.5
    assert compute(parse_expression("a/b×100"), {"a": 1, "b": 4}) == 25
    assert compute(parse_expression("a ÷ (b - c)"), {"a": 6, "b": 5, "c": 2}) == 2
    assert compute(parse_expression("a - b − c"), {"a": 10, "b": 3, "c": 2}) == 5  # left to right; − is minus
    assert compute(tree, {"a": 1, "b": 3, "c": 0}) is None  # a zero divisor gives no rate
    assert compute(tree, {"a": 1, "c": 8}) is None  # nor does a missing variable


def test_anything_but_arithmetic_is_refused_not_run():
    from normalize.formulas import ExpressionError, parse_expression
    for text in ("9**9**9", "__import__('os').system('x')", "a.b", "ab/c", "(a+b", "a/", "1e9/a",
                 "(" * 30 + "a" + ")" * 30, "a+" * 150 + "b"):
        with pytest.raises(ExpressionError):
            parse_expression(text)


def test_a_foreign_ratio_that_is_not_arithmetic_scores_nothing():
    hostile = Formula(text="", ratio="9**9**9", rule="proportional")
    assert evaluate(hostile, {"a": 1, "b": 2}, 10) is None
    assert evaluate(Formula(text="", ratio="a/b", rule="proportional"), {"a": 1, "b": 2}, 10) == 5
