"""Refreshing the directory from live exchange listings (port + parsers + refresh step)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Protocol

from app.symbols.directory import SymbolDirectory
from app.symbols.types import Company, Kind


class ListingUnavailable(RuntimeError):
    """The listing source could not be reached or returned something unreadable."""


class ListingSource(Protocol):
    """Where current listings come from. Adapters return Company records, nothing else."""

    def fetch(self) -> list[Company]: ...


# nasdaqlisted.txt: Market Category (Q/G/S = Global Select/Global/Capital Market).
# otherlisted.txt: Exchange code -> exchange name.
OTHER_EXCHANGES = {"A": "NYSEAMERICAN", "N": "NYSE", "P": "NYSEARCA", "Z": "BATS", "V": "IEX"}
_SHARE_CLASS_NOISE = re.compile(
    r"\s*-?\s*(?:(?:Class [A-Z] )?(?:Common Stock|Ordinary Shares|Common Shares|Common Units)"
    r"|American Depositary Shares|ETF Shares)\b.*$",
    re.IGNORECASE,
)
_SKIPPED_ISSUES = re.compile(r"\b(?:Warrants?|Rights?|Units?|Notes? due|Preferred)\b", re.I)


def clean_security_name(name: str) -> str:
    """'Apple Inc. - Common Stock' -> 'Apple Inc.'."""
    head = name.split(" - ")[0] if " - " in name else name
    return _SHARE_CLASS_NOISE.sub("", head).strip() or head.strip()


def _rows(text: str, header_first: str) -> Iterator[dict[str, str]]:
    lines = [line.rstrip("\r") for line in text.splitlines() if line.strip()]
    if not lines or not lines[0].startswith(header_first):
        raise ListingUnavailable(f"unexpected listing header: {lines[0][:80] if lines else ''!r}")
    header = lines[0].split("|")
    for line in lines[1:]:
        if line.startswith("File Creation Time"):
            break
        cells = line.split("|")
        if len(cells) == len(header):
            yield dict(zip(header, cells, strict=True))


def _company(symbol: str, name: str, exchange: str, etf: str) -> Company | None:
    symbol = symbol.strip().replace(".", "-")  # yfinance spells BRK.B as BRK-B
    if not symbol or "$" in symbol or _SKIPPED_ISSUES.search(name):
        return None
    kind: Kind = "etf" if etf.strip() == "Y" else "stock"
    clean = clean_security_name(name)
    return Company(ticker=symbol, name_en=clean, name_ko=clean, exchange=exchange,
                   country="US", currency="USD", sector="", kind=kind)


def parse_nasdaq_listed(text: str) -> list[Company]:
    """Parse NASDAQ Trader's nasdaqlisted.txt (pipe-delimited); test issues are skipped."""
    out = []
    for row in _rows(text, "Symbol|"):
        if row.get("Test Issue") == "Y":
            continue
        company = _company(row["Symbol"], row["Security Name"], "NASDAQ", row.get("ETF", "N"))
        if company:
            out.append(company)
    return out


def parse_other_listed(text: str) -> list[Company]:
    """Parse NASDAQ Trader's otherlisted.txt (NYSE, NYSE American, NYSE Arca, Cboe, IEX)."""
    out = []
    for row in _rows(text, "ACT Symbol|"):
        if row.get("Test Issue") == "Y":
            continue
        exchange = OTHER_EXCHANGES.get(row.get("Exchange", ""), row.get("Exchange", ""))
        company = _company(row["ACT Symbol"], row["Security Name"], exchange, row.get("ETF", "N"))
        if company:
            out.append(company)
    return out


def refresh_directory(
    *, source: ListingSource, directory: SymbolDirectory
) -> tuple[SymbolDirectory, int]:
    """Merge the source's current listings into `directory`; returns it and how many were new.

    Raises ListingUnavailable when the source cannot be reached (the directory is unchanged).
    """
    refreshed = directory.with_companies(source.fetch())
    return refreshed, len(refreshed) - len(directory)
