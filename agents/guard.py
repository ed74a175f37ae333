"""The guard: input size, language, ticker resolution (with follow-ups) and ambiguity.

It never guesses a company: an ambiguous name ("LG", "현대") gets a short clarifying
question listing the candidates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agents.ports import SymbolLookup
from agents.state import Language
from app.symbols.types import Company

MAX_CHARS = 1000
MAX_TICKERS = 8
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_LATIN = re.compile(r"[A-Za-z]")
_TOKEN = re.compile(r"[\w.&$-]+", re.UNICODE)
_KO_TAIL = ("에서는", "이랑", "으로", "에서", "과는", "와는", "은", "는", "이", "가", "을", "를",
            "의", "와", "과", "도", "랑", "에", "로", "만")
_FOLLOW_EN = re.compile(
    r"\b(it|its|it's|they|them|their|theirs|that company|this company|the company|"
    r"this stock|that stock|the stock|same|those|these|that one|this one|what about|"
    r"how about|and)\b", re.IGNORECASE)
_FOLLOW_KO = re.compile(r"(그럼|그러면|그 회사|이 회사|그 종목|이 종목|해당|그거|그것|거기|걔|"
                        r"그쪽|여기|같은|얘|그 기업|이 기업|동일)")
_WATCHLIST = re.compile(r"(my stocks|my watchlist|watchlist|my portfolio|my holdings|"
                        r"관심\s?종목|내 종목|내 주식|보유\s?종목|포트폴리오)", re.IGNORECASE)
_STOP = frozenset({"the", "a", "an", "and", "or", "vs", "with", "of", "what", "how", "is",
                   "are", "to", "in", "on", "for", "my", "me", "it", "its", "this", "that"})


@dataclass(frozen=True, slots=True)
class GuardResult:
    language: Language
    tickers: list[str] = field(default_factory=list)
    follow_up: bool = False
    error: str | None = None  # "empty" | "too_long"
    ambiguous: list[tuple[str, list[Company]]] = field(default_factory=list)


def detect_language(text: str) -> Language:
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    return "ko" if hangul and hangul * 2 >= latin * 0.5 else "en"


def _strip_particle(token: str) -> str:
    if not _HANGUL.search(token):
        return token
    for tail in _KO_TAIL:
        if token.endswith(tail) and len(token) > len(tail):
            return token[: -len(tail)]
    return token


def check(
    *, text: str, symbols: SymbolLookup, focus: list[str], language_hint: Language | None = None
) -> GuardResult:
    """Validate and resolve one question given the conversation's current focus tickers."""
    stripped = text.strip()
    language = language_hint or detect_language(stripped)
    if not stripped:
        return GuardResult(language=language, error="empty")
    if len(stripped) > MAX_CHARS:
        return GuardResult(language=language, error="too_long")
    mentions = symbols.find_mentions(stripped)
    tickers: list[str] = []
    for m in mentions:
        if m.ticker not in tickers:
            tickers.append(m.ticker)
    covered = [(m.start, m.end) for m in mentions]
    ambiguous: list[tuple[str, list[Company]]] = []
    for match in _TOKEN.finditer(stripped):
        if any(s <= match.start() < e for s, e in covered):
            continue
        token = _strip_particle(match.group().strip(".-"))
        if len(token) < 2 or token.lower() in _STOP or len(token) > 20:
            continue
        res = symbols.resolve(token)
        if res.status == "ambiguous" and res.method in ("name", "alias"):
            ambiguous.append((token, list(res.matches)))
    if ambiguous:
        return GuardResult(language=language, tickers=tickers, ambiguous=ambiguous)
    follow = bool(_FOLLOW_EN.search(stripped) or _FOLLOW_KO.search(stripped))
    carried = False
    if focus and not _WATCHLIST.search(stripped):
        if follow and tickers and not set(tickers) & set(focus) and _refers_back(stripped):
            tickers = [*focus, *tickers]  # "compare it with AMD"
            carried = True
        elif not tickers and (follow or len(stripped.split()) <= 6):
            tickers = list(focus)  # "그럼 경쟁사는?", "and its suppliers?"
            carried = True
    return GuardResult(language=language, tickers=tickers[:MAX_TICKERS], follow_up=carried)


_BACK_EN = re.compile(r"\b(it|its|it's|them|they|their|this stock|that stock|the company)\b",
                      re.IGNORECASE)
_BACK_KO = re.compile(r"(그 회사|이 회사|그 종목|이 종목|그거|그것|걔|얘|그 기업|이 기업|이거)")


def _refers_back(text: str) -> bool:
    return bool(_BACK_EN.search(text) or _BACK_KO.search(text))


def clarify_text(ambiguous: list[tuple[str, list[Company]]], language: Language) -> str:
    token, matches = ambiguous[0]
    shown = matches[:6]
    if language == "ko":
        options = ", ".join(f"{c.name_ko}({c.ticker})" for c in shown)
        return f"'{token}'(이)라는 이름의 회사가 여러 곳입니다. 어느 회사를 말씀하시나요? {options}"
    options = ", ".join(f"{c.name_en} ({c.ticker})" for c in shown)
    return f"'{token}' could mean several companies. Which one do you mean: {options}?"


def error_text(error: str, language: Language) -> str:
    if error == "too_long":
        return (f"질문이 너무 깁니다. {MAX_CHARS}자 이내로 줄여 주세요." if language == "ko"
                else f"That question is too long; please keep it under {MAX_CHARS} characters.")
    return ("질문을 입력해 주세요. 예: '삼성전자 주가 알려줘'" if language == "ko"
            else "Please type a question, e.g. 'How is NVDA doing?'")
