"""The curated company relations that ship with the project (kg/data/relations.csv).

Columns: `src,relation,dst,evidence,as_of[,evidence_ko]`. `relation` is one of SUPPLIES
(src supplies dst), COMPETES_WITH, SUBSIDIARY_OF (src is a subsidiary of dst) and
PARTNERS_WITH; tickers are yfinance symbols; `as_of` is the ISO date the evidence note was
last checked; `evidence_ko` (optional column, may be empty) is the same note in Korean.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import cast

from kg.schema import CURATED_TYPES, SYMMETRIC_TYPES, RelType

COLUMNS = ("src", "relation", "dst", "evidence", "as_of", "evidence_ko")
REQUIRED_COLUMNS = COLUMNS[:5]


@dataclass(frozen=True, slots=True)
class CuratedRelation:
    src: str
    type: RelType
    dst: str
    evidence: str
    as_of: str
    evidence_ko: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity of the edge; symmetric relations ignore the order of the endpoints."""
        if self.type in SYMMETRIC_TYPES:
            a, b = sorted((self.src, self.dst))
            return (a, self.type, b)
        return (self.src, self.type, self.dst)


class RelationsFileError(ValueError):
    pass


def parse_relations(lines: Iterable[str], *, origin: str = "<relations>") -> list[CuratedRelation]:
    """Validate and parse the CSV text; raises RelationsFileError naming the bad line."""
    reader = csv.DictReader(line for line in lines if line.strip() and not line.startswith("#"))
    if tuple(reader.fieldnames or ()) not in (COLUMNS, REQUIRED_COLUMNS):
        raise RelationsFileError(
            f"{origin}: header must be {','.join(REQUIRED_COLUMNS)}[,evidence_ko]")
    out: list[CuratedRelation] = []
    seen: set[tuple[str, str, str]] = set()
    for number, row in enumerate(reader, start=2):
        relation = CuratedRelation(
            src=(row["src"] or "").strip(),
            type=cast(RelType, (row["relation"] or "").strip().upper()),
            dst=(row["dst"] or "").strip(),
            evidence=(row["evidence"] or "").strip(),
            as_of=(row["as_of"] or "").strip(),
            evidence_ko=(row.get("evidence_ko") or "").strip(),
        )
        problem = _problem(relation)
        if problem:
            raise RelationsFileError(f"{origin} row {number}: {problem}")
        if relation.key in seen:
            raise RelationsFileError(f"{origin} row {number}: duplicate of {relation.key}")
        seen.add(relation.key)
        out.append(relation)
    return out


def _problem(relation: CuratedRelation) -> str | None:
    if relation.type not in CURATED_TYPES:
        return f"relation {relation.type!r} is not one of {', '.join(CURATED_TYPES)}"
    if not relation.src or not relation.dst or relation.src == relation.dst:
        return "src and dst must be two different tickers"
    if not relation.evidence:
        return "evidence note is required"
    try:
        date.fromisoformat(relation.as_of)
    except ValueError:
        return f"as_of {relation.as_of!r} is not an ISO date"
    return None


def load_relations(path: Path | None = None) -> list[CuratedRelation]:
    """The shipped file, or another file with the same columns."""
    if path is not None:
        with path.open(encoding="utf-8", newline="") as handle:
            return parse_relations(handle, origin=str(path))
    text = resources.files("kg").joinpath("data/relations.csv").read_text(encoding="utf-8")
    return parse_relations(io.StringIO(text), origin="kg/data/relations.csv")


def tickers_of(relations: Iterable[CuratedRelation]) -> Iterator[str]:
    for relation in relations:
        yield relation.src
        yield relation.dst
