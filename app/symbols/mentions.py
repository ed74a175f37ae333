"""Finding the companies named in free English/Korean text (questions, headlines)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from app.symbols.normalize import compact, fold, is_hangul, is_latin_or_digit, strip_suffixes
from app.symbols.types import AmbiguousGroup, Company, Mention

CaseRule = Literal["any", "capital", "exact"]

# Names that are also ordinary words: matched only when capitalised ("Target", not "price target").
COMMON_WORD_NAMES = frozenset(
    {
        "target", "oracle", "shell", "block", "square", "progressive", "strategy", "intel",
        "micron", "adobe", "caterpillar", "lucid", "vertex", "cadence", "microchip", "freeport",
        "orion", "booking", "southern", "lilly", "snowflake", "workday", "robinhood", "intuit",
        "occidental", "chipotle", "gilead", "amazon", "keybank", "coke", "seagate",
    }
)
# Korean names that are ordinary words (비자 = visa, 타겟 = target): left to `resolve` only.
KOREAN_COMMON_WORDS = frozenset(
    {"비자", "타겟", "블록", "스퀘어", "쉘", "셸", "스냅", "릴리", "델", "프로그레시브", "스파이"}
)
# Tickers that are words or everyday abbreviations: matched only as $TICKER (or the whole text).
DOLLAR_ONLY_TICKERS = frozenset(
    {
        "A", "AI", "ALL", "AMT", "APP", "ARE", "BA", "CAT", "CB", "CL", "COIN", "COST", "DASH",
        "DE", "DG", "GD", "HD", "HON", "HOOD", "ICE", "IT", "KEY", "KO", "KR", "LOW", "MA",
        "MO", "NET", "NOW", "ON", "PG", "PINS", "PM", "RTX", "SHOP", "SNAP", "SNOW", "SO",
        "SPOT", "TM", "USB",
    }
)
# What may follow a Korean name in the same word: particles, alone or two in a row (에서는).
PARTICLES = frozenset(
    "은 는 이 가 을 를 의 와 과 도 에 에서 에게 께 께서 한테 로 으로 만 보다 까지 부터 랑 이랑 "
    "하고 처럼 조차 마저 나 이나 야 아 요 이요 이다 다 라 이라 라고 이라고 측 등 주 주가 주식 "
    "대비 같은 쪽 만큼 뿐 들 씨".split()
)
_TICKER = re.compile(r"(?<![A-Za-z0-9$])(\$?)([A-Z][A-Z0-9]{0,4}(?:[.-][A-Z])?)(?![A-Za-z0-9])")
_NON_ALNUM = re.compile(r"[\W_]+")
_KR_CODE = re.compile(r"(?<![0-9])(\d{6})(?:\.(?:KS|KQ))?(?![0-9])")


@dataclass(frozen=True, slots=True)
class _Form:
    cased: str  # the form as written, spaces and punctuation removed (case kept)
    rule: CaseRule
    tickers: tuple[str, ...]


def _case_rule(form: str, key: str) -> CaseRule:
    if not any(ch.isalpha() and not is_hangul(ch) for ch in form):
        return "any"
    if key in COMMON_WORD_NAMES:
        return "capital"
    # Short forms with capitals (UPS, KT, HP, Arm, Meta, S-Oil) are words when lower-case.
    return "exact" if len(key) <= 4 and any(ch.isupper() for ch in form) else "any"


def _case_ok(form: _Form, written: str) -> bool:
    if form.rule == "capital":
        return written[:1].isupper()
    if form.rule == "exact":
        return written in (form.cased, form.cased.upper())
    return True


def is_particles(run: str) -> bool:
    return run in PARTICLES or any(
        run[:i] in PARTICLES and run[i:] in PARTICLES for i in range(1, len(run))
    )


class MentionScanner:
    """Scans text for names, aliases, tickers ($TSLA, NVDA) and KRX codes; longest match wins."""

    def __init__(
        self,
        *,
        curated: Sequence[Company],
        extra: Sequence[Company],
        groups: Iterable[AmbiguousGroup],
    ) -> None:
        self._forms: dict[str, list[_Form]] = {}
        self._lengths: dict[str, list[int]] = {}
        self._curated_tickers = {c.ticker for c in curated}
        self._tickers = self._curated_tickers | {c.ticker for c in extra}
        self._codes = {c.code: c.ticker for c in (*curated, *extra) if c.country == "KR"}
        grouped: set[str] = set()
        for group in groups:
            tickers = (group.primary,) if group.primary else group.tickers
            for name in group.names:
                grouped.add(compact(name))
                self._add(name, tickers)
        for company in curated:
            short = strip_suffixes(company.name_en)
            for name in {company.name_en, short, company.name_ko, *company.aliases}:
                if compact(name) not in grouped:
                    self._add(name, (company.ticker,))
        for company in extra:  # listings: only multi-word names, capitalised
            for name in {company.name_en, strip_suffixes(company.name_en)}:
                if len(name.split()) > 1 and compact(name) not in grouped:
                    self._add(name, (company.ticker,), rule="capital", claim=False)
        for prefix in self._lengths:
            self._lengths[prefix].sort(reverse=True)

    def _add(
        self, name: str, tickers: tuple[str, ...], rule: CaseRule | None = None, claim: bool = True
    ) -> None:
        key = compact(name)
        if len(key) < 2 or key in KOREAN_COMMON_WORDS or key.upper() in DOLLAR_ONLY_TICKERS:
            return  # "RTX" the name is as ambiguous in text as RTX the ticker
        if not claim and key in self._forms:
            return
        cased = _NON_ALNUM.sub("", name)
        form = _Form(cased=cased, rule=rule or _case_rule(name, key), tickers=tickers)
        forms = self._forms.setdefault(key, [])
        if form not in forms:
            forms.append(form)
        lengths = self._lengths.setdefault(key[:2], [])
        if len(key) not in lengths:
            lengths.append(len(key))

    def scan(self, text: str) -> list[Mention]:
        found = self._names(text) + self._symbols(text)
        chosen: list[tuple[int, int, str]] = []
        for start, end, ticker in sorted(found, key=lambda m: (m[0] - m[1], m[0])):
            if all(end <= s or start >= e for s, e, _ in chosen):
                chosen.append((start, end, ticker))
        chosen.sort()
        return [Mention(ticker=t, start=s, end=e, text=text[s:e]) for s, e, t in chosen]

    def _symbols(self, text: str) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        whole = text.strip()
        for match in _TICKER.finditer(text):
            dollar, symbol = match.group(1), match.group(2).replace(".", "-")
            if symbol not in self._tickers or not self._tail_ok(text, match.end()):
                continue
            strict = symbol not in self._curated_tickers or symbol in DOLLAR_ONLY_TICKERS
            if dollar or not (strict or len(symbol) == 1) or whole == match.group(2):
                out.append((match.start(), match.end(), symbol))
        for match in _KR_CODE.finditer(text):
            ticker = self._codes.get(match.group(1))
            if ticker:
                out.append((match.start(), match.end(), ticker))
        return out

    def _tail_ok(self, text: str, end: int) -> bool:
        """What follows a match must end the word; Hangul may only be particles (삼성전자는)."""
        if end >= len(text):
            return True
        nxt = text[end]
        if is_hangul(nxt):
            run_end = end
            while run_end < len(text) and is_hangul(text[run_end]):
                run_end += 1
            return is_particles(text[end:run_end])
        return not (is_latin_or_digit(nxt) and is_latin_or_digit(text[end - 1]))

    def _names(self, text: str) -> list[tuple[int, int, str]]:
        chars: list[str] = []
        where: list[int] = []
        for i, ch in enumerate(text):
            for folded in ch.lower() if ch.isascii() else fold(ch):
                if folded.isalnum():
                    chars.append(folded)
                    where.append(i)
        stream = "".join(chars)
        out: list[tuple[int, int, str]] = []
        for k, i in enumerate(where):
            if k and where[k - 1] == i:
                continue
            prev = text[i - 1] if i else " "
            if is_hangul(stream[k]) and is_hangul(prev):
                continue
            if not is_hangul(stream[k]) and is_latin_or_digit(prev):
                continue
            hit = self._longest_at(text, stream, where, k)
            if hit:
                out.append(hit)
        return out

    def _longest_at(
        self, text: str, stream: str, where: list[int], k: int
    ) -> tuple[int, int, str] | None:
        for length in self._lengths.get(stream[k : k + 2], ()):
            if k + length > len(stream):
                continue
            forms = self._forms.get(stream[k : k + length])
            if not forms:
                continue
            start, end = where[k], where[k + length - 1] + 1
            if k + length < len(where) and where[k + length] == end - 1:
                continue  # the match ends inside a character that folded to several
            if not self._tail_ok(text, end):
                continue
            written = _NON_ALNUM.sub("", text[start:end])
            tickers = {t for f in forms if _case_ok(f, written) for t in f.tickers}
            if len(tickers) == 1:
                return start, end, tickers.pop()
            if tickers:
                return None  # an ambiguous name ("LG") hides shorter matches inside it
        return None
