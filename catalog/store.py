"""Reading and writing the catalog's data files under `catalog/data/`."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from catalog.model import Catalog, CatalogError, Component, Decision, Framework, Indicator

DATA = Path(__file__).parent / "data"


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CatalogError(f"catalog file missing: {path}") from exc
    except ValueError as exc:
        raise CatalogError(f"catalog file is not valid JSON: {path}: {exc}") from exc


def read_framework_file(path: Path, framework: Framework) -> None:
    """Fill a framework's indicators, components and stated pillar totals from its file."""
    if not path.exists():
        return
    data = _read_json(path)
    framework.indicators = [Indicator.from_json(item) for item in data.get("indicators", [])]
    framework.components = [Component.from_json(item) for item in data.get("components", [])]
    framework.pillar_max = {str(k): v for k, v in (data.get("pillar_max") or {}).items()}


def load_catalog(data_dir: Path = DATA) -> Catalog:
    meta = _read_json(data_dir / "frameworks.json")
    frameworks: dict[str, Framework] = {}
    for item in meta["frameworks"]:
        fw = Framework(
            id=item["id"], title=item.get("title", item["id"]),
            decisions=[Decision(**{k: d.get(k) for k in ("number", "date", "issuer")},
                                status=d.get("status", "approved")) for d in item.get("decisions", [])],
            effective_from=item.get("effective_from"), total_points=item.get("total_points"),
            indicators_file=item.get("indicators"),
        )
        if fw.indicators_file:
            read_framework_file(data_dir / fw.indicators_file, fw)
        frameworks[fw.id] = fw
    return Catalog(frameworks)


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    return load_catalog()


def framework_file_json(framework: Framework, about: str, pillar_max_source: dict[str, dict]) -> dict:
    return {
        "about": about,
        "framework": framework.id,
        "pillar_max": framework.pillar_max,
        "pillar_max_source": pillar_max_source,
        "indicators": [ind.to_json() for ind in framework.indicators],
        "components": [comp.to_json() for comp in framework.components],
    }


def dump_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
