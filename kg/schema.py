"""Graph schema and the typed values that cross the GraphStore port.

Nodes: Company (key `ticker`), Sector, Industry, Institution, Person (key `name`).
Every edge carries `source` and `as_of` (an ISO date string: FalkorDB's Bolt listener
cannot send temporal values); curated edges also carry an `evidence` note and its Korean
`evidence_ko` (None when the curated file has none).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

NodeLabel = Literal["Company", "Sector", "Industry", "Institution", "Person"]
RelType = Literal[
    "IN_SECTOR",
    "IN_INDUSTRY",
    "COMPETES_WITH",
    "SUPPLIES",
    "SUBSIDIARY_OF",
    "PARTNERS_WITH",
    "HOLDS",
    "OFFICER_OF",
    "CO_MENTIONED",
]
Direction = Literal["out", "in", "both"]

NODE_LABELS: tuple[NodeLabel, ...] = ("Company", "Sector", "Industry", "Institution", "Person")
REL_TYPES: tuple[RelType, ...] = (
    "IN_SECTOR",
    "IN_INDUSTRY",
    "COMPETES_WITH",
    "SUPPLIES",
    "SUBSIDIARY_OF",
    "PARTNERS_WITH",
    "HOLDS",
    "OFFICER_OF",
    "CO_MENTIONED",
)

#: The property that identifies a node of each label.
NODE_KEY: Mapping[NodeLabel, str] = {
    "Company": "ticker",
    "Sector": "name",
    "Industry": "name",
    "Institution": "name",
    "Person": "name",
}

#: (source label, target label) of each relationship type.
ENDPOINTS: Mapping[RelType, tuple[NodeLabel, NodeLabel]] = {
    "IN_SECTOR": ("Company", "Sector"),
    "IN_INDUSTRY": ("Company", "Industry"),
    "COMPETES_WITH": ("Company", "Company"),
    "SUPPLIES": ("Company", "Company"),
    "SUBSIDIARY_OF": ("Company", "Company"),
    "PARTNERS_WITH": ("Company", "Company"),
    "HOLDS": ("Institution", "Company"),
    "OFFICER_OF": ("Person", "Company"),
    "CO_MENTIONED": ("Company", "Company"),
}

#: Company-to-company relations that a curated file may contain.
CURATED_TYPES: tuple[RelType, ...] = ("SUPPLIES", "COMPETES_WITH", "SUBSIDIARY_OF", "PARTNERS_WITH")
#: Relations without a direction: stored once, with the smaller ticker as source.
SYMMETRIC_TYPES: frozenset[RelType] = frozenset({"COMPETES_WITH", "PARTNERS_WITH", "CO_MENTIONED"})

#: Properties every edge row must provide (None allowed) for each relationship type.
EDGE_PROPERTIES: Mapping[RelType, tuple[str, ...]] = {
    "IN_SECTOR": ("source", "as_of"),
    "IN_INDUSTRY": ("source", "as_of"),
    "COMPETES_WITH": ("source", "as_of", "evidence", "evidence_ko"),
    "SUPPLIES": ("source", "as_of", "evidence", "evidence_ko"),
    "SUBSIDIARY_OF": ("source", "as_of", "evidence", "evidence_ko"),
    "PARTNERS_WITH": ("source", "as_of", "evidence", "evidence_ko"),
    "HOLDS": ("source", "as_of", "percent"),
    "OFFICER_OF": ("source", "as_of", "title"),
    "CO_MENTIONED": ("source", "as_of", "weight", "first_seen", "last_seen", "articles"),
}

NODE_PROPERTIES: Mapping[NodeLabel, tuple[str, ...]] = {
    "Company": ("ticker", "name_en", "name_ko", "exchange", "country"),
    "Sector": ("name",),
    "Industry": ("name", "sector"),
    "Institution": ("name",),
    "Person": ("name",),
}


@dataclass(frozen=True, slots=True)
class Node:
    label: NodeLabel
    key: str
    props: Mapping[str, Any] = field(default_factory=dict)

    @property
    def name_en(self) -> str:
        return str(self.props.get("name_en") or self.props.get("name") or self.key)

    @property
    def name_ko(self) -> str:
        return str(self.props.get("name_ko") or self.name_en)

    def display_name(self, language: str = "en") -> str:
        return self.name_ko if language == "ko" else self.name_en


@dataclass(frozen=True, slots=True)
class Edge:
    """One stored relationship, in its stored direction (src -> dst)."""

    type: RelType
    src: Node
    dst: Node
    props: Mapping[str, Any] = field(default_factory=dict)

    def other(self, key: str) -> Node:
        return self.dst if self.src.key == key else self.src


@dataclass(frozen=True, slots=True)
class Path:
    """Nodes in walk order and the edges between consecutive nodes (stored directions)."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    @property
    def hops(self) -> int:
        return len(self.edges)
