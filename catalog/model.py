"""The catalog's data model: frameworks and their indicators, with provenance per fact.

An indicator file (`data/<framework>.json`) is a list of indicators; a pillar (main
index, code "1".."9") is an indicator too, with `pillar` equal to its own code.
Every fact read from a document carries `source[fact] = {document, line}`; `evidence[fact]`
keeps every value any ingested document states for it (a `Claim` each, with its sources),
so agreement can be counted and conflicts shown instead of overwritten.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Source:
    document: str
    line: int | None = None

    def to_json(self) -> dict:
        return {"document": self.document, "line": self.line}

    @property
    def document_key(self) -> str:
        """One document printed in several formats (plan.txt, plan.pdf) counts once."""
        name = self.document.rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0] if "." in name else name
        return self.document[:len(self.document) - len(name)] + stem


@dataclass
class Claim:
    """One value some documents state for a fact, and where each states it."""
    value: object
    sources: list[Source] = field(default_factory=list)

    @property
    def documents(self) -> int:
        """How many documents agree on this value."""
        return len({s.document_key for s in self.sources})

    @classmethod
    def from_json(cls, data: dict) -> Claim:
        return cls(data["value"], [Source(**where) for where in data.get("sources") or []])

    def to_json(self) -> dict:
        return {"value": self.value, "documents": self.documents,
                "sources": [s.to_json() for s in self.sources]}


@dataclass
class FormulaDef:
    text: str | None = None
    rule: str | None = None
    ratio: str | None = None
    threshold: float | None = None
    period_thresholds: list[dict] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict | None) -> FormulaDef | None:
        if not data:
            return None
        return cls(
            text=data.get("text"), rule=data.get("rule"), ratio=data.get("ratio"),
            threshold=data.get("threshold"), period_thresholds=list(data.get("period_thresholds") or []),
            variables=dict(data.get("variables") or {}),
        )

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Indicator:
    framework: str
    code: str
    pillar: str
    name: str | None
    max_points: float | None = None
    formula: FormulaDef | None = None
    source: dict[str, Source] = field(default_factory=dict)
    unit: str | None = None
    aliases: list[str] = field(default_factory=list)  # printed wordings, kept for matching
    evidence: dict[str, list[Claim]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.framework}:{self.code}"

    @property
    def is_pillar(self) -> bool:
        return self.code == self.pillar

    @property
    def parent_code(self) -> str | None:
        """'5.12.1' -> '5.12'; a pillar has none."""
        return self.code.rsplit(".", 1)[0] if "." in self.code else None

    @classmethod
    def from_json(cls, data: dict) -> Indicator:
        return cls(
            framework=data["framework"], code=str(data["code"]), pillar=str(data["pillar"]),
            name=data.get("name"), max_points=data.get("max_points"),
            formula=FormulaDef.from_json(data.get("formula")),
            source={fact: Source(**where) for fact, where in (data.get("source") or {}).items()},
            unit=data.get("unit"), aliases=list(data.get("aliases") or []),
            evidence={fact: [Claim.from_json(c) for c in claims]
                      for fact, claims in (data.get("evidence") or {}).items()},
        )

    def to_json(self) -> dict:
        return {
            "framework": self.framework, "code": self.code, "pillar": self.pillar, "name": self.name,
            "max_points": self.max_points,
            "formula": self.formula.to_json() if self.formula else None,
            "unit": self.unit, "aliases": list(self.aliases),
            "source": {fact: where.to_json() for fact, where in sorted(self.source.items())},
            "evidence": {fact: [c.to_json() for c in claims] for fact, claims in sorted(self.evidence.items())},
        }

    def conflicts(self) -> dict[str, list[Claim]]:
        """Facts on which documents state more than one value (names are wordings, never conflicts)."""
        return {fact: claims for fact, claims in self.evidence.items() if fact != "name" and len(claims) > 1}


@dataclass(frozen=True)
class Component:
    """A lettered input row printed under an indicator (6.22/a): an input, not an indicator."""
    framework: str
    code: str
    parent: str
    name: str
    source: Source | None = None

    @classmethod
    def from_json(cls, data: dict) -> Component:
        where = data.get("source")
        return cls(data["framework"], str(data["code"]), str(data["parent"]), data["name"],
                   Source(**where) if where else None)

    def to_json(self) -> dict:
        return {"framework": self.framework, "code": self.code, "parent": self.parent, "name": self.name,
                "source": self.source.to_json() if self.source else None}


@dataclass(frozen=True)
class Decision:
    number: str | None
    date: str | None
    issuer: str | None = None
    status: str = "approved"


@dataclass
class Framework:
    id: str
    title: str
    decisions: list[Decision]
    effective_from: str | None
    total_points: float | None
    indicators_file: str | None
    pillar_max: dict[str, float] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)

    def by_code(self) -> dict[str, Indicator]:
        return {ind.code: ind for ind in self.indicators}

    def pillars(self) -> list[Indicator]:
        return [ind for ind in self.indicators if ind.is_pillar]

    def children(self, code: str) -> list[Indicator]:
        return [ind for ind in self.indicators if ind.parent_code == code]


@dataclass
class Catalog:
    frameworks: dict[str, Framework]

    def indicators(self, framework: str | None = None) -> list[Indicator]:
        if framework is not None:
            found = self.frameworks.get(framework)
            return list(found.indicators) if found else []
        return [ind for fw in self.frameworks.values() for ind in fw.indicators]

    def get(self, framework: str, code: str) -> Indicator | None:
        found = self.frameworks.get(framework)
        return found.by_code().get(str(code)) if found else None

    def with_lists(self) -> list[str]:
        """Framework ids that have an indicator list, in force order."""
        return [fid for fid, fw in self.frameworks.items() if fw.indicators]


class CatalogError(Exception):
    """The catalog files are missing or malformed; the message is one line for a user."""
