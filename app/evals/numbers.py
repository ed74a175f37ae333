"""Number extraction from answer text, English and Korean formats.

Finds every figure a reader would take as a fact: `1,234.56`, `12.3%`, `+1.2%p`, `$185.20`,
`₩72,000`, `7만 2,000원`, `1.2조`, `3.4 billion`, `2.1B`, and dates (`2026-11-20`,
`2026년 11월 20일`, `11월 20일`, `Nov 20, 2026`). Values are absolute (the sign of a change
is carried by words such as "down" / "하락" as often as by `-`), with a tolerance of half a
unit of the last digit shown, so a grader can compare them with unrounded data.

Masked before extraction: URLs, tickers (`005930.KS`, `MA50`), and window or threshold
labels that name an analysis rather than state a fact (`20-day`, `52주`, `RSI(14)`,
`50일선`, `within 2 steps`, `start = 100`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

NumberKind = Literal["number", "percent", "money", "date", "month_day"]

_MONTHS = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_KO_UNITS = {"조": 1e12, "억": 1e8, "만": 1e4, "천": 1e3}
_EN_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9,
             "bn": 1e9, "b": 1e9, "trillion": 1e12, "t": 1e12, "tn": 1e12}

_URL = re.compile(r"\]\([^)\s]*\)|https?://\S+|www\.\S+")
_MASKS = [re.compile(p, re.IGNORECASE) for p in (
    r"\b\d{6}\.(?:KS|KQ)(?![A-Za-z0-9])",                  # KRX tickers (then any particle)
    r"\b[A-Za-z]{1,6}\d+[A-Za-z\d]*\b",                    # MA50, H100, Q3 ...
    r"\b\d{1,3}[- ](?:day|week|month|session)(?:s)?[- ](?:moving )?(?:average|avg|line|high|"
    r"low|range|sma|ma)\b",                                # 20-day moving average, 52-week high
    r"\b\d{1,3}-(?:day|week|session)\b",                   # 20-day, 52-week (adjectives)
    r"(?<![\d,.])\d{1,3}\s?일\s?(?:이동\s?평균(?:선)?|이평선?|평균|선)",  # 20일 이동평균, 50일선
    r"(?<![\d,.])52\s?주",                                            # 52주 최고가
    r"\bRSI\s?\(?\d{1,2}\)?",                              # RSI(14)
    r"\bwithin \d+\b",                                     # within 2 supply-chain steps
    r"(?<![\d,.])\d+\s?단계\s?이내",                                  # 2단계 이내
    r"\b(?:at least|over) \d(?:\.\d+)?\s?(?:x|times)\b",   # at least 2x the average
    r"(?<![\d,.])\d(?:\.\d+)?\s?배\s?(?:이상|를 넘)",                  # 2배 이상
    r"(?:start|기준)\s?=\s?100",                           # rebased charts
    r"\b\d{1,2}:\d{2}(?::\d{2})?\b",                     # clock times
    r"\b(?:S&P|KOSPI|KOSDAQ|Nasdaq|NASDAQ|Russell)[- ]?\d+\b",  # index names
)]

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:\s?UTC|Z)?)?")
_SLASH = re.compile(r"\b(\d{4})[./](\d{1,2})[./](\d{1,2})\b")
_KO_DATE = re.compile(r"(\d{4})\s?년\s?(\d{1,2})\s?월\s?(\d{1,2})\s?일")
_KO_MD = re.compile(r"(?<!\d)(\d{1,2})\s?월\s?(\d{1,2})\s?일")
_EN_DATE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(\d{4}))?\b", re.IGNORECASE)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_KO_BIG = re.compile(
    rf"(?:(?:{_NUM})\s?(?:조|억|만|천)+\s?)+(?:(?:{_NUM})(?=\s?(?:원|달러|주\b|주[^가-힣]|주$)))?")
_KO_TOKEN = re.compile(rf"({_NUM})|(조|억|만|천)")
_PLAIN = re.compile(
    rf"(?<![A-Za-z0-9_.])(US\$|\$|₩|€|£|KRW\s?|USD\s?)?([+\-−±]?)({_NUM})"
    r"(\s?(?:%p|%|퍼센트|percentage points?|pp\b))?"
    r"(?:\s?(thousand|million|billion|trillion|mn|bn|tn|[kmbt])\b)?"
    r"(\s?(?:원|달러|won|dollars?))?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Number:
    """One figure found in a text. Dates carry `day` (ISO) instead of a value;
    `month_day` dates carry "MM-DD"."""

    text: str
    kind: NumberKind
    value: float = 0.0
    tolerance: float = 0.0
    day: str | None = None
    start: int = 0
    signed: float | None = None  # the value with its sign, when a sign was written

    def matches(self, candidate: float) -> bool:
        slack = 1e-6 * max(1.0, abs(candidate))
        return abs(abs(candidate) - self.value) <= self.tolerance + slack


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _mask(text: str, patterns: list[re.Pattern[str]]) -> str:
    for pattern in patterns:
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def _half_unit(number_text: str) -> float:
    decimals = len(number_text.split(".", 1)[1]) if "." in number_text else 0
    return 0.5 * 10.0 ** (-decimals)


def _float(number_text: str) -> float:
    return float(number_text.replace(",", ""))


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _korean_amount(text: str) -> tuple[float, float]:
    """`3억 5천만` -> 350,000,000: 천 scales within a group of four digits, 만/억/조 close the
    group. The tolerance is half a unit of the last number written, at its scale."""
    total = 0.0
    group: list[list[float]] = []  # [value, half unit, scale] of numbers in this group
    for token in _KO_TOKEN.finditer(text):
        number, unit = token.groups()
        if number:
            group.append([_float(number), _half_unit(number), 1.0])
        elif unit == "천":
            if group:
                group[-1][2] *= 1e3
        else:
            for item in group:
                item[2] *= _KO_UNITS[unit]
            total += sum(v * scale for v, _, scale in group)
            group = [[0.0, item[1], item[2]] for item in group[-1:]]  # keep the last's scale
    total += sum(v * scale for v, _, scale in group)
    last = group[-1] if group else [0.0, 0.5, 1.0]
    return total, last[1] * last[2]


def extract_numbers(text: str, *, mask_tickers: tuple[str, ...] = ()) -> list[Number]:
    """Every figure in `text`, in order of appearance (see module docstring)."""
    work = _URL.sub(lambda m: " " * len(m.group()), text)
    if mask_tickers:
        names = "|".join(re.escape(t) for t in sorted(mask_tickers, key=len, reverse=True))
        work = re.sub(rf"(?<![A-Za-z0-9.])(?:{names})(?![A-Za-z0-9])",
                      lambda m: " " * len(m.group()), work)
    work = _mask(work, _MASKS)
    found: list[Number] = []

    def take(match: re.Match[str], number: Number) -> None:
        nonlocal work
        found.append(number)
        work = _blank(work, match.start(), match.end())

    for pattern in (_ISO, _SLASH, _KO_DATE):
        for m in list(pattern.finditer(work)):
            day = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if day:
                take(m, Number(text=m.group(), kind="date", day=day, start=m.start()))
    for m in list(_EN_DATE.finditer(work)):
        month, dom = _MONTHS[m.group(1).lower()[:3]], int(m.group(2))
        if m.group(3):
            day = _valid(int(m.group(3)), month, dom)
            if day:
                take(m, Number(text=m.group(), kind="date", day=day, start=m.start()))
        elif 1 <= dom <= 31:
            take(m, Number(text=m.group(), kind="month_day", day=f"{month:02d}-{dom:02d}",
                           start=m.start()))
    for m in list(_KO_MD.finditer(work)):
        month, dom = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= dom <= 31:
            take(m, Number(text=m.group(), kind="month_day", day=f"{month:02d}-{dom:02d}",
                           start=m.start()))
    for m in list(_KO_BIG.finditer(work)):
        value, tolerance = _korean_amount(m.group())
        kind: NumberKind = "money" if re.search(r"원|달러", work[m.end():m.end() + 3]) else "number"
        take(m, Number(text=m.group().strip(), kind=kind, value=value, tolerance=tolerance,
                       start=m.start()))
    for m in list(_PLAIN.finditer(work)):
        currency, sign, digits, unit, scale_word, won = m.groups()
        scale = _EN_SCALE.get((scale_word or "").lower(), 1.0)
        if scale_word and scale_word.lower() in "kmbt" and not currency:
            scale = 1.0  # a bare "5 m" or "3 t" is not a scale without a currency sign
        kind = "percent" if unit else "money" if (currency or won) else "number"
        value = _float(digits) * scale
        signed = -value if sign in ("-", "−") else value if sign == "+" else None
        found.append(Number(text=m.group().strip(), kind=kind, value=value,
                            tolerance=_half_unit(digits) * scale, start=m.start(),
                            signed=signed))
    return sorted(found, key=lambda n: n.start)
