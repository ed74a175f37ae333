"""Number grounding, checked in code: every number and date in an answer must appear in
the agent results (formatting normalised: 1,234.5 / 12.3% / ₩71,500 / 1.2조 원 / 3.4B).

A written number matches a result value when they agree to the written precision: "181"
matches 181.23, "2.3%" matches 2.3456. Signs are ignored ("down 2.35%" is -2.35)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from agents.state import AgentResult

UNITS = {"조": 1e12, "억": 1e8, "만": 1e4, "천": 1e3, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12,
         "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9,
         "mn": 1e6}
_DATE = re.compile(r"\b(\d{4})[-./](\d{1,2})[-./](\d{1,2})\b(?:[ T](\d{2}):(\d{2}))?")
_KO_DATE = re.compile(r"(\d{4})년\s?(\d{1,2})월\s?(\d{1,2})일")
_URL = re.compile(r"https?://[^\s)\]]+")
_TICKER = re.compile(r"\b\d{6}\.(?:KS|KQ)\b|\b[A-Z]{1,5}\d?\b")
_LIST_MARK = re.compile(r"^\s*\d{1,2}[.)]\s", re.MULTILINE)
_KO_COMBO = re.compile(r"(\d+)조\s?(\d[\d,]*)억")
_NUMBER = re.compile(
    r"(?<![\w.])[-+−]?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?)"
    r"(?:\s?(조|억|만|천|thousand|million|billion|trillion|bn|mn|[kKmMbBtT](?![a-zA-Z])))?"
    r"(\s?%p?)?"
)


class ValuePool:
    """The numbers and dates found anywhere in agent results (values and inside strings)."""

    def __init__(self) -> None:
        self._numbers: list[float] = []
        self.dates: set[str] = set()

    def add_number(self, value: float) -> None:
        self._numbers.append(abs(float(value)))

    def add_text(self, text: str) -> None:
        for y, m, d in _dates_in(text):
            self.dates.add(f"{y:04d}-{m:02d}-{d:02d}")
            self.add_number(y)
        for _raw, value, _digits, unit, _pct in _numbers_in(_DATE.sub(" ", text)):
            self.add_number(value)
            if unit != 1:
                self.add_number(value * unit)

    def freeze(self) -> None:
        self._numbers.sort()

    def has(self, value: float, tolerance: float) -> bool:
        target = abs(value)
        i = bisect_left(self._numbers, target - tolerance)
        return i < len(self._numbers) and self._numbers[i] <= target + tolerance


def _dates_in(text: str) -> Iterable[tuple[int, int, int]]:
    for match in _DATE.finditer(text):
        yield int(match.group(1)), int(match.group(2)), int(match.group(3))
    for match in _KO_DATE.finditer(text):
        yield int(match.group(1)), int(match.group(2)), int(match.group(3))


def _numbers_in(text: str) -> Iterable[tuple[str, float, int, float, bool]]:
    for match in _NUMBER.finditer(text):
        digits = len(match.group(2) or "")
        value = float(match.group(1).replace(",", ""))
        unit_word = (match.group(3) or "").lower()
        yield match.group(0).strip(), value, digits, UNITS.get(unit_word, 1.0), bool(
            match.group(4))


def _walk(value: Any, pool: ValuePool) -> None:
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int | float):
        pool.add_number(value)
    elif isinstance(value, str):
        pool.add_text(value)
    elif isinstance(value, date | datetime):
        pool.add_text(value.isoformat())
    elif isinstance(value, dict):
        for item in value.values():
            _walk(item, pool)
    elif isinstance(value, list | tuple):
        for item in value:
            _walk(item, pool)


def pool_of(results: Iterable[AgentResult]) -> ValuePool:
    pool = ValuePool()
    for result in results:
        _walk(result.data, pool)
        _walk(list(result.tickers), pool)
        if result.as_of:
            pool.add_text(result.as_of.isoformat())
        for c in result.citations:
            _walk([c.title, c.publisher, c.published_at], pool)
    pool.freeze()
    return pool


def unverified_numbers(text: str, pool: ValuePool) -> list[str]:
    """Numbers and dates in `text` that no agent result supports (empty: all grounded)."""
    flagged: list[str] = []
    body = _URL.sub(" ", text)
    for y, m, d in _dates_in(body):
        iso = f"{y:04d}-{m:02d}-{d:02d}"
        if iso not in pool.dates:
            flagged.append(iso)
    body = _KO_DATE.sub(" ", _DATE.sub(" ", body))
    body = _LIST_MARK.sub(" ", _TICKER.sub(" ", body))
    for match in _KO_COMBO.finditer(body):
        value = int(match.group(1)) * 1e12 + float(match.group(2).replace(",", "")) * 1e8
        if not pool.has(value, 0.5e8):
            flagged.append(match.group(0))
    body = _KO_COMBO.sub(" ", body)
    for raw, value, digits, unit, is_pct in _numbers_in(body):
        tolerance = 0.5 * 10 ** (-digits)
        ok = pool.has(value * unit, tolerance * unit + 1e-9) or pool.has(value, tolerance)
        if not ok and is_pct:
            ok = pool.has(value / 100, tolerance / 100)
        if not ok:
            flagged.append(raw)
    return flagged
