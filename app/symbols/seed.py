"""The curated seed (CSV files shipped in app/symbols/data) and the CSV format it uses."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import cast

from app.symbols.types import AmbiguousGroup, Company, Country, Kind

DATA_DIR = Path(__file__).with_name("data")
SEED_FILES = ("us.csv", "kr.csv")
AMBIGUOUS_FILE = "ambiguous.csv"
FIELDS = ("ticker", "exchange", "country", "currency", "sector", "kind", "name_en", "name_ko",
          "aliases")
ALIAS_SEPARATOR = "|"


class SeedError(ValueError):
    """A seed or listing CSV row that cannot be turned into a Company."""


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(ALIAS_SEPARATOR) if part.strip())


def _company(row: dict[str, str], where: str) -> Company:
    try:
        country, kind = row["country"].strip(), (row.get("kind") or "stock").strip()
        if country not in ("US", "KR") or kind not in ("stock", "etf"):
            raise SeedError(f"{where}: bad country {country!r} or kind {kind!r}")
        return Company(
            ticker=row["ticker"].strip(),
            name_en=row["name_en"].strip(),
            name_ko=row["name_ko"].strip(),
            exchange=row["exchange"].strip(),
            country=cast(Country, country),
            currency=row["currency"].strip(),
            sector=row["sector"].strip(),
            kind=cast(Kind, kind),
            aliases=_split(row.get("aliases") or ""),
        )
    except KeyError as exc:
        raise SeedError(f"{where}: missing column {exc}") from exc


def load_companies_csv(path: Path) -> list[Company]:
    """Read companies from a CSV file with the seed's header (aliases `|`-separated)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [_company(row, f"{path.name}:{n}") for n, row in
                enumerate(csv.DictReader(handle), start=2)]


def write_companies_csv(path: Path, companies: Iterable[Company]) -> int:
    """Write companies in the seed's CSV format (e.g. to persist refreshed listings)."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FIELDS)
        for c in companies:
            writer.writerow([c.ticker, c.exchange, c.country, c.currency, c.sector, c.kind,
                             c.name_en, c.name_ko, ALIAS_SEPARATOR.join(c.aliases)])
            count += 1
    return count


def load_groups_csv(path: Path) -> list[AmbiguousGroup]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            AmbiguousGroup(names=_split(row["names"]), tickers=_split(row["tickers"]),
                           primary=(row.get("primary") or "").strip() or None)
            for row in csv.DictReader(handle)
        ]


@cache
def load_seed() -> tuple[tuple[Company, ...], tuple[AmbiguousGroup, ...]]:
    """The shipped seed, parsed once per process (immutable, so sharing it is safe)."""
    companies = tuple(c for name in SEED_FILES for c in load_companies_csv(DATA_DIR / name))
    return companies, tuple(load_groups_csv(DATA_DIR / AMBIGUOUS_FILE))
