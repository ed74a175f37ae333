"""SymbolDirectory: tickers <-> names in English and Korean, aliases, codes and typos."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cached_property

from rapidfuzz import process
from rapidfuzz.distance import OSA

from app.symbols.mentions import DOLLAR_ONLY_TICKERS, MentionScanner, is_particles
from app.symbols.normalize import fuzzy_key, name_key
from app.symbols.seed import load_seed
from app.symbols.types import AmbiguousGroup, Company, Mention, Resolution, ResolutionStatus

MAX_QUERY_CHARS = 120  # longer input is a sentence, not a name: use find_mentions
MIN_FUZZY_CHARS = 5  # shorter keys never match fuzzily (no "ON" -> "ORCL")
_BARE_CODE = re.compile(r"\d{6}")


def max_typos(fuzzy_length: int) -> int:
    """Edits (OSA: insert, delete, substitute, swap) tolerated for a key of this length."""
    if fuzzy_length < MIN_FUZZY_CHARS:
        return 0
    return 1 if fuzzy_length < 9 else 2 if fuzzy_length < 16 else 3


class SymbolDirectory:
    """Immutable lookup of companies by ticker, code, name, alias (EN/KO) and near-miss spelling.

    Companies given to the constructor are curated: their names and aliases are indexed and
    matched in free text. Companies added with `with_companies` (refreshed listings) only
    add tickers and names that curated entries do not already claim.
    """

    def __init__(
        self, companies: Iterable[Company], *, groups: Iterable[AmbiguousGroup] = ()
    ) -> None:
        self._init((tuple(companies),), tuple(groups))

    @classmethod
    def from_seed(cls) -> SymbolDirectory:
        companies, groups = load_seed()
        return cls(companies, groups=groups)

    def _init(
        self, tiers: tuple[tuple[Company, ...], ...], groups: tuple[AmbiguousGroup, ...]
    ) -> None:
        self._tiers, self._groups = tiers, groups
        self._by_ticker: dict[str, Company] = {}
        for tier in tiers:
            for company in tier:
                self._by_ticker.setdefault(company.ticker.upper(), company)
        self._by_code = {c.code: c for c in self._by_ticker.values() if c.country == "KR"}
        self._names: dict[str, list[str]] = {}
        self._methods: dict[str, str] = {}
        for tier in tiers:
            self._index_tier(tier)
        for group in groups:
            tickers = [t for t in group.tickers if t.upper() in self._by_ticker]
            for name in group.names:
                key = name_key(name)
                self._names[key], self._methods[key] = tickers, "name"

    @cached_property
    def _scanner(self) -> MentionScanner:
        curated = self._tiers[0] if self._tiers else ()
        extra = [c for tier in self._tiers[1:] for c in tier]
        return MentionScanner(curated=curated, extra=extra, groups=self._groups)

    @cached_property
    def _fuzzy_index(self) -> dict[int, tuple[list[str], list[str]]]:
        """Jamo-split keys bucketed by length (an edit changes the length by at most one)."""
        buckets: dict[int, tuple[list[str], list[str]]] = {}
        for key in self._names:
            fuzzy = fuzzy_key(key)
            keys, names = buckets.setdefault(len(fuzzy), ([], []))
            keys.append(fuzzy)
            names.append(key)
        return buckets

    def _index_tier(self, tier: Sequence[Company]) -> None:
        claimed = set(self._names)  # names of earlier (curated) tiers win
        for company in tier:
            forms = {company.name_en: "name", company.name_ko: "name"}
            forms.update((alias, "alias") for alias in company.aliases if alias not in forms)
            for form, method in forms.items():
                key = name_key(form)
                if not key or key in claimed:
                    continue
                tickers = self._names.setdefault(key, [])
                self._methods.setdefault(key, method)
                if company.ticker not in tickers:
                    tickers.append(company.ticker)

    def companies(self) -> list[Company]:
        return [self._by_ticker[c.ticker.upper()] for tier in self._tiers for c in tier
                if self._by_ticker[c.ticker.upper()] is c]

    def get(self, ticker: str) -> Company | None:
        """By ticker, any case ("aapl", "005930.ks", "BRK.B") or bare KRX code ("005930")."""
        symbol = unicodedata.normalize("NFKC", ticker).strip().lstrip("$").upper()
        return (self._by_ticker.get(symbol) or self._by_ticker.get(symbol.replace(".", "-"))
                or self._by_code.get(symbol))

    def resolve(self, text: str) -> Resolution:
        """What someone typed as a company -> found / ambiguous / not_found (never guesses)."""
        if len(text) > 4 * MAX_QUERY_CHARS:  # a pasted document, not a name
            return Resolution(query=text, status="not_found")
        query = unicodedata.normalize("NFKC", text).strip()
        if not query or len(query) > MAX_QUERY_CHARS:
            return Resolution(query=text, status="not_found")
        company = self._ticker_or_code(query)
        if company:
            method = "code" if _BARE_CODE.fullmatch(query) else "ticker"
            return Resolution(query=text, status="found", matches=(company,), method=method,
                              score=1.0)
        key = name_key(query)
        if key in self._names:
            return self._result(text, self._names[key], self._methods[key], 1.0)
        for cut in range(1, min(4, len(key))):  # a Korean name with its particle: 삼성전자는
            if is_particles(key[-cut:]) and key[:-cut] in self._names:
                stem = key[:-cut]
                return self._result(text, self._names[stem], self._methods[stem], 1.0)
        return self._fuzzy(text, key)

    def _ticker_or_code(self, query: str) -> Company | None:
        symbol = query.lstrip("$").upper()
        if symbol in DOLLAR_ONLY_TICKERS and not (query.startswith("$") or query.isupper()):
            return None  # "on", "it", "all" are words; "ON", "$ON" are tickers
        return self.get(query) if " " not in query else None

    def _fuzzy(self, text: str, key: str) -> Resolution:
        target = fuzzy_key(key)
        limit = max_typos(len(target))
        if not limit:
            return Resolution(query=text, status="not_found")
        hits: list[tuple[int, str]] = []
        for length in range(len(target) - limit, len(target) + limit + 1):
            keys, names = self._fuzzy_index.get(length, ([], []))
            for _, distance, index in process.extract(
                target, keys, scorer=OSA.distance, score_cutoff=limit, limit=None
            ):
                hits.append((int(distance), names[index]))
        if not hits:
            return Resolution(query=text, status="not_found")
        best = min(distance for distance, _ in hits)
        tickers: list[str] = []
        for distance, key in hits:
            if distance == best:
                tickers += [t for t in self._names[key] if t not in tickers]
        return self._result(text, tickers, "fuzzy", 1.0 - best / max(len(target), 1))

    def _result(self, text: str, tickers: Sequence[str], method: str, score: float) -> Resolution:
        matches = tuple(self._by_ticker[t.upper()] for t in tickers)
        if not matches:
            return Resolution(query=text, status="not_found")
        status: ResolutionStatus = "found" if len(matches) == 1 else "ambiguous"
        return Resolution(query=text, status=status, matches=matches, method=method, score=score)

    def find_mentions(self, text: str) -> list[Mention]:
        """Companies named in free text, by position, non-overlapping (longest match wins)."""
        return self._scanner.scan(text)

    def with_companies(self, extra: Iterable[Company]) -> SymbolDirectory:
        """A new directory with refreshed listings merged in; existing entries win conflicts."""
        known = set(self._by_ticker)
        added: list[Company] = []
        for company in extra:
            if company.ticker.upper() not in known:
                known.add(company.ticker.upper())
                added.append(company)
        merged = SymbolDirectory.__new__(SymbolDirectory)
        merged._init((*self._tiers, tuple(added)), self._groups)
        return merged

    def __len__(self) -> int:
        return len(self._by_ticker)
