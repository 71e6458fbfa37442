"""A small hand-made catalog for the catalog's tests (two frameworks, a few indicators)."""
from catalog.model import Catalog, Component, Decision, FormulaDef, Framework, Indicator


def ind(fw, code, name, max_points=None, formula=None):
    return Indicator(fw, code, code.split(".")[0], name, max_points, formula)


def small_catalog() -> Catalog:
    old = Framework("dti-2022", "old", [Decision("922/QĐ-BTTTT", "2022-05-20")], "2022-05-20", 100, "x.json")
    old.indicators = [
        ind("dti-2022", "1", "Hạ tầng số", 60),
        ind("dti-2022", "1.1", "Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang", 30,
            FormulaDef("a = Số hộ gia đình có kết nối Internet băng rộng cáp quang; b = Tổng số hộ gia đình; "
                       "Tỷ lệ = a/b; Điểm = Tỷ lệ * Điểm tối đa", "proportional", "a/b",
                       variables={"a": "Số hộ gia đình có kết nối Internet băng rộng cáp quang",
                                  "b": "Tổng số hộ gia đình"})),
        ind("dti-2022", "1.2", "Tỷ lệ dịch vụ công trực tuyến toàn trình (tương đương mức độ 4)", 30),
        ind("dti-2022", "2", "Nhân lực số", 40),
        ind("dti-2022", "2.1", "Tỷ lệ công chức, viên chức chuyên trách, kiêm nhiệm về chuyển đổi số", 20,
            FormulaDef("a = Số lượng công chức chuyên trách về chuyển đổi số; b = Số lượng công chức kiêm nhiệm về chuyển đổi số; c = Tổng số công chức; - Tỷ lệ = (a+b)/c - Tính điểm theo phương pháp Min-Max dựa vào tỷ lệ cao nhất thì điểm tối đa và giảm dần", "min_max", "(a+b)/c", variables={
                "a": "Số lượng công chức chuyên trách về chuyển đổi số",
                "b": "Số lượng công chức kiêm nhiệm về chuyển đổi số", "c": "Tổng số công chức"})),
        ind("dti-2022", "2.2", "Số lượng giao dịch trên sàn thương mại điện tử Vỏ sò và Postmart", 10),
        ind("dti-2022", "2.3", "Tổng chi Ngân sách nhà nước cho chính quyền số", 10),
    ]
    old.components = [Component("dti-2022", "2.3/a", "2.3", "Kinh phí đầu tư từ Ngân sách nhà nước cho chính quyền số")]
    old.pillar_max = {"1": 60, "2": 40}
    new = Framework("dti-2025", "new", [Decision("405/QĐ-BKHCN", "2025-04-03")], "2025-04-03", 100, "y.json")
    new.indicators = [
        ind("dti-2025", "1", "Hạ tầng số", 100),
        ind("dti-2025", "1.1", "Tỷ lệ thôn, bản được phủ sóng di động băng rộng", 50),
        ind("dti-2025", "1.2", "Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang", 50),
    ]
    new.pillar_max = {"1": 100}
    return Catalog({"dti-2022": old, "dti-2025": new})
