"""The guard: input size, language, ticker resolution (with follow-ups) and ambiguity.

It never guesses a company: an ambiguous name ("LG", "현대") gets a short clarifying
question listing the candidates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agents.ports import SymbolLookup
from agents.state import Language
from agents.templates_market import josa
from app.symbols.types import Company, Country

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
    r"how about|which one|both|either|each of them)\b", re.IGNORECASE)
_COMPARE = re.compile(r"compar|\bvs\.?\b|versus|비교|대비|보다", re.IGNORECASE)
_FOLLOW_KO = re.compile(r"(그럼|그러면|그 회사|이 회사|그 종목|이 종목|해당|그거|그것|거기|걔|"
                        r"그쪽|여기|같은|얘|그 기업|이 기업|동일|둘 다|둘 중|두 회사|두 종목|"
                        r"이렇게|저렇게|그렇게)")
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
    country: Country | None = None  # "Korean companies", "미국 기업": a filter on the answer
    typo: bool = False  # `ambiguous` holds one near match of a misspelt name: ask, never guess


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
    typos: list[tuple[str, list[Company]]] = []
    for match in _TOKEN.finditer(stripped):
        if any(s <= match.start() < e for s, e in covered):
            continue
        token = _strip_particle(match.group().strip(".-"))
        if len(token) < 2 or token.lower() in _STOP or len(token) > 20:
            continue
        res = symbols.resolve(token)
        if res.status == "ambiguous" and res.method in ("name", "alias"):
            ambiguous.append((token, list(res.matches)))
        elif res.status == "found" and res.method == "fuzzy" and len(token) >= 4:
            typos.append((token, list(res.matches[:1])))  # "Nvidai", "삼성젼자"
    if not tickers and not ambiguous and typos:
        ambiguous, typo = typos[:1], True
    else:
        typo = False
    country = country_of(_without_spans(stripped, covered))
    if ambiguous:
        return GuardResult(language=language, tickers=tickers, ambiguous=ambiguous,
                           country=country, typo=typo)
    follow = bool(_FOLLOW_EN.search(stripped) or _FOLLOW_KO.search(stripped)
                  or _LEADING.match(stripped))
    carried = False
    if focus and not _WATCHLIST.search(stripped):
        back = _first_back_reference(stripped)
        refers_first = back is not None and back < mentions[0].start if mentions else False
        compares_one = len(tickers) == 1 and bool(_COMPARE.search(stripped))
        if tickers and (refers_first or compares_one) and not set(tickers) & set(focus):
            # "compare it with AMD", "AMD랑 비교하면?" ("Is Apple above its ..." is not)
            tickers = [*focus, *tickers]
            carried = True
        elif not tickers and (follow or not leftover_words(stripped)):
            tickers = list(focus)  # "그럼 경쟁사는?", "and its suppliers?", "RSI?"
            carried = True
    return GuardResult(language=language, tickers=tickers[:MAX_TICKERS], follow_up=carried,
                       country=country)


# Case-sensitive "US" / "U.S." ("tell us" is not a country); company names are removed first
# ("Korean Air", "한국전력" name a company, not a filter).
_COUNTRIES: list[tuple[Country, re.Pattern[str]]] = [
    ("KR", re.compile(r"(?i:\bkorean?\b|\bsouth korea|\bkospi\b|\bkosdaq\b)|한국|국내|"
                      r"코스피|코스닥|\bKR\b")),
    ("US", re.compile(r"\bU\.?S\.?A?\b|(?i:\bamerican?\b|\bunited states\b|\bwall street\b|"
                      r"\bnasdaq\b|\bnyse\b)|미국|\b미\s?(기업|회사)|뉴욕|나스닥")),
]


def country_of(text: str) -> Country | None:
    """The country a question limits its companies to; None when it names none or both."""
    found = [country for country, pattern in _COUNTRIES if pattern.search(text)]
    return found[0] if len(found) == 1 else None


def _without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


_LEADING = re.compile(r"\s*(and|also|plus|then)\b", re.IGNORECASE)
_FILLER = frozenset(
    "show me tell give what whats what's is are was were the a an of for about on in to do "
    "does did how much many please can you could i my its it any there their this that now "
    "today current currently latest recent recently 보여줘 알려줘 어때 뭐야 어디야 좀 줘 해줘 "
    "있어 있나 어떻게 돼 얼마 지금 요즘 최근 현재 뭐 무엇 어디 누구 관련 대한 는 은 이 가 "
    "only just ones companies firms among them those 기업 회사 기업만 회사만 그중 중 것만".split())


def leftover_words(text: str) -> list[str]:
    """Words left once intent words, periods and filler are removed: a topic such as
    "HBM" or "반도체" means the question is not about the previous company."""
    from agents.router_offline import intent_patterns

    rest = text
    for pattern in [*intent_patterns(), *(p for _, p in _COUNTRIES)]:
        rest = pattern.sub(" ", rest)
    words = [_strip_particle(w) for w in re.findall(r"[\w&+-]+", rest)]
    return [w for w in words if len(w) > 1 and w.lower() not in _FILLER and not w.isdigit()]


def _first_back_reference(text: str) -> int | None:
    found = [m.start() for m in (_BACK_EN.search(text), _BACK_KO.search(text)) if m]
    return min(found) if found else None


_BACK_EN = re.compile(r"\b(it|its|it's|them|they|their|this stock|that stock|the company)\b",
                      re.IGNORECASE)
_BACK_KO = re.compile(r"(그 회사|이 회사|그 종목|이 종목|그거|그것|걔|얘|그 기업|이 기업|이거)")


def clarify_text(ambiguous: list[tuple[str, list[Company]]], language: Language,
                 typo: bool = False) -> str:
    token, matches = ambiguous[0]
    if typo:
        c = matches[0]
        which = josa(f"{c.name_ko}({c.ticker})", "을", "를")
        return (f"'{token}'(이)라는 회사는 찾지 못했습니다. {which} 말씀하시나요? 맞다면 회사 "
                "이름이나 종목코드로 알려 주세요." if language == "ko" else
                f"I don't know '{token}'. Did you mean {c.name_en} ({c.ticker})? Reply with the "
                "company name or ticker.")
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
