"""Symbol directory: resolves what people type (EN/KO names, aliases, codes, typos) to tickers."""

from app.symbols.directory import SymbolDirectory
from app.symbols.listings import ListingSource, ListingUnavailable, refresh_directory
from app.symbols.nasdaq_trader import NasdaqTraderListings
from app.symbols.types import AmbiguousGroup, Company, Mention, Resolution

__all__ = [
    "AmbiguousGroup",
    "Company",
    "ListingSource",
    "ListingUnavailable",
    "Mention",
    "NasdaqTraderListings",
    "Resolution",
    "SymbolDirectory",
    "refresh_directory",
]
