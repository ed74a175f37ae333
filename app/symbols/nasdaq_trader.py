"""Adapter: NASDAQ Trader's symbol directory files (the only module here that does HTTP)."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlsplit

from app.symbols.listings import ListingUnavailable, parse_nasdaq_listed, parse_other_listed
from app.symbols.types import Company

BASE_URL = "https://www.nasdaqtrader.com/dynamic/SymDir"


class NasdaqTraderListings:
    """Fetches nasdaqlisted.txt and otherlisted.txt; raises ListingUnavailable when offline."""

    def __init__(self, *, base_url: str = BASE_URL, timeout: float = 10.0) -> None:
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout

    def _download(self, name: str) -> str:
        url = f"{self._base_url}/{name}"
        request = urllib.request.Request(url, headers={"User-Agent": "stockelper/0.1"})
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                body: bytes = response.read()
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            host = urlsplit(url).hostname or url
            raise ListingUnavailable(f"could not reach {host}: {exc}") from exc
        return body.decode("utf-8", errors="replace")

    def fetch(self) -> list[Company]:
        nasdaq = parse_nasdaq_listed(self._download("nasdaqlisted.txt"))
        return nasdaq + parse_other_listed(self._download("otherlisted.txt"))
