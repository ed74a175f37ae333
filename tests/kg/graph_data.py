"""A small graph with known answers, built through the real builder and symbol directory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from app.records import CompanyProfile, Holder, Officer
from app.symbols import SymbolDirectory
from kg.builder import GraphBuilder
from kg.relations import CuratedRelation, parse_relations
from kg.store import GraphStore

AS_OF = date(2025, 6, 30)

RELATIONS_CSV = "".join(f"{row}\n" for row in (
    "src,relation,dst,evidence,as_of,evidence_ko",
    "TSM,SUPPLIES,AAPL,TSMC manufactures Apple's A- and M-series chips,2025-06-30,"
    "TSMC가 애플의 A·M 시리즈 칩을 생산",
    "TSM,SUPPLIES,NVDA,TSMC fabricates Nvidia GPUs,2025-06-30,",
    "000660.KS,SUPPLIES,NVDA,HBM memory for Nvidia accelerators,2025-06-30,"
    "엔비디아 가속기용 HBM 메모리",
    "NVDA,SUPPLIES,MSFT,GPUs for Azure,2025-06-30",  # a short row: no Korean note
    "005930.KS,COMPETES_WITH,000660.KS,The two largest DRAM makers,2025-06-30,D램 양대 제조사",
    "005930.KS,COMPETES_WITH,AAPL,Galaxy phones compete with the iPhone,2025-06-30,",
    "011070.KS,SUPPLIES,AAPL,LG Innotek makes iPhone camera modules,2025-06-30,"
    "LG이노텍이 아이폰 카메라 모듈을 생산",
    "011070.KS,SUBSIDIARY_OF,066570.KS,LG Electronics owns about 40% of LG Innotek,2025-06-30,"
    '"LG전자가 LG이노텍 지분 약 40%를 보유"',
    "NVDA,COMPETES_WITH,AMD,Both sell GPUs,2025-06-30,두 회사 모두 GPU를 판매",
    "373220.KS,SUPPLIES,TSLA,Battery cells for Tesla,2025-06-30,",
))


@dataclass(frozen=True)
class Mention:
    key: str
    published_at: datetime
    tickers: tuple[str, ...]


def relations() -> list[CuratedRelation]:
    return parse_relations(RELATIONS_CSV.splitlines(keepends=True))


def profiles() -> list[CompanyProfile]:
    def semis(ticker: str, **extra: Any) -> CompanyProfile:
        return CompanyProfile(ticker=ticker, sector="Technology", industry="Semiconductors",
                              source="test", **extra)

    return [
        semis(
            "NVDA", name="NVIDIA Corporation", as_of=AS_OF,
            officers=(Officer("Jensen Huang", "President and CEO"),),
            holders=(Holder("Vanguard Group Inc", 8.9, date(2025, 3, 31)), Holder("FMR LLC")),
        ),
        semis("AMD"),
        semis("000660.KS", as_of=AS_OF),
        CompanyProfile(ticker="AAPL", sector="Technology", industry="Consumer Electronics",
                       source="test", as_of=AS_OF),
        CompanyProfile(ticker="ZZZZ.KS", sector="Nowhere", source="test"),  # not in directory
    ]


def mentions() -> list[Mention]:
    day = datetime(2025, 6, 1, 9, tzinfo=UTC)
    return [
        Mention("k1", day, ("005930.KS", "NVDA")),
        Mention("k2", day.replace(day=3), ("삼성전자", "NVDA", "AAPL")),  # a name, resolved
        Mention("k3", day.replace(day=2), ("005930", "NVDA")),  # a bare KRX code, resolved
        Mention("k4", day.replace(day=4), ("Tesla", "Microsoft")),
    ]


def build(store: GraphStore, directory: SymbolDirectory) -> GraphBuilder:
    builder = GraphBuilder(store=store, directory=directory, as_of=AS_OF)
    builder.add_relations(relations())
    builder.add_profiles(profiles())
    builder.add_co_mentions(mentions())
    return builder
