from catalog.crosswalk import load_links, measure_of, members_of


def test_linked_versions_share_one_measure():
    ids = {measure_of("dti-2022", "3.3"), measure_of("dti-2025", "3.4"), measure_of("dti-2026-draft", "1.3")}
    assert len(ids) == 1
    assert not next(iter(ids)).startswith("dti-")


def test_unlinked_indicator_is_its_own_measure():
    assert measure_of("dti-2022", "99.99") == "dti-2022:99.99"
    assert members_of("dti-2022:99.99") == ["dti-2022:99.99"]


def test_every_link_has_a_reason_and_valid_keys():
    for link in load_links():
        assert link.reason.strip()
        for key in (link.source, link.target):
            framework, code = key.split(":")
            assert framework in {"dti-2022", "dti-2025", "dti-2026-draft"} and code
