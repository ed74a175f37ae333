"""Typed answers of kg.queries: what the graph agent and the UI receive (never raw rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from kg.schema import Edge, Node, NodeLabel, RelType

#: How each relationship reads, in English and Korean, from source to target.
VERBS: dict[RelType, tuple[str, str]] = {
    "IN_SECTOR": ("is in the sector", "섹터 소속"),
    "IN_INDUSTRY": ("is in the industry", "산업 소속"),
    "COMPETES_WITH": ("competes with", "경쟁"),
    "SUPPLIES": ("supplies", "공급"),
    "SUBSIDIARY_OF": ("is a subsidiary of", "자회사"),
    "PARTNERS_WITH": ("partners with", "협력"),
    "HOLDS": ("holds shares of", "지분 보유"),
    "OFFICER_OF": ("is an officer of", "임원"),
    "CO_MENTIONED": ("is mentioned in the news with", "뉴스 동시 언급"),
}


@dataclass(frozen=True, slots=True)
class NodeRef:
    label: NodeLabel
    key: str  # ticker for companies, name otherwise
    name_en: str
    name_ko: str

    @classmethod
    def of(cls, node: Node) -> NodeRef:
        return cls(label=node.label, key=node.key, name_en=node.name_en, name_ko=node.name_ko)

    def name(self, language: str = "en") -> str:
        return self.name_ko if language == "ko" else self.name_en


@dataclass(frozen=True, slots=True)
class Fact:
    """One edge in its stored direction, with where it comes from."""

    type: RelType
    src: NodeRef
    dst: NodeRef
    source: str | None
    as_of: str | None
    evidence: str | None = None
    props: dict[str, Any] = field(default_factory=dict)
    evidence_ko: str | None = None  # the curated note in Korean, when the file has one

    @classmethod
    def of(cls, edge: Edge) -> Fact:
        props = dict(edge.props)
        return cls(
            type=edge.type,
            src=NodeRef.of(edge.src),
            dst=NodeRef.of(edge.dst),
            source=props.pop("source", None),
            as_of=props.pop("as_of", None),
            evidence=props.pop("evidence", None),
            evidence_ko=props.pop("evidence_ko", None),
            props=props,
        )

    def note(self, language: str = "en") -> str | None:
        """The evidence note in `language` (Korean falls back to the English note)."""
        return (self.evidence_ko or self.evidence) if language == "ko" else self.evidence

    def sentence(self, language: str = "en") -> str:
        en, ko = VERBS[self.type]
        if language == "ko":
            return f"{self.src.name_ko} → {self.dst.name_ko}: {ko}"
        return f"{self.src.name_en} {en} {self.dst.name_en}"


@dataclass(frozen=True, slots=True)
class Relation:
    """A fact seen from one company: `direction` "out" when the company is the source."""

    company: NodeRef
    direction: Literal["out", "in"]
    other: NodeRef
    fact: Fact

    @property
    def type(self) -> RelType:
        return self.fact.type


@dataclass(frozen=True, slots=True)
class Peer:
    company: NodeRef
    reasons: tuple[str, ...]  # "competitor", "industry:<name>"
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True, slots=True)
class CompanyPath:
    """How two companies connect: `facts[i]` joins `nodes[i]` and `nodes[i + 1]`."""

    nodes: tuple[NodeRef, ...]
    facts: tuple[Fact, ...]
    includes_news: bool = False

    @property
    def hops(self) -> int:
        return len(self.facts)

    def explain(self, language: str = "en") -> list[str]:
        lines = []
        for fact in self.facts:
            line = fact.sentence(language)
            note = fact.note(language)
            if note:
                line += f" ({note})"
            lines.append(line)
        return lines


@dataclass(frozen=True, slots=True)
class Exposure:
    """`company` depends on the queried company through `path` (queried company first)."""

    company: NodeRef
    hops: int
    path: CompanyPath


@dataclass(frozen=True, slots=True)
class GraphNode:
    id: str
    label: NodeLabel
    name_en: str
    name_ko: str
    hop: int


@dataclass(frozen=True, slots=True)
class GraphEdge:
    src: str
    dst: str
    type: RelType
    label_en: str
    label_ko: str
    evidence: str | None = None
    weight: float | None = None
    evidence_ko: str | None = None


@dataclass(frozen=True, slots=True)
class Subgraph:
    center: str
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    truncated: bool = False
