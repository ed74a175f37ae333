"""Number formatting shared by the templates; the grounding check parses the same forms."""

from __future__ import annotations

from agents.state import Language


def num(value: float | int, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def money(value: float | None, currency: str, language: Language) -> str:
    if value is None:
        return "-"
    if currency == "KRW":
        text = num(value, 0)
        return f"{text}원" if language == "ko" else f"₩{text}"
    if currency == "USD":
        return f"{num(value, 2)}달러" if language == "ko" else f"${num(value, 2)}"
    return f"{num(value, 2)} {currency}".strip()


def pct(value: float | None, *, signed: bool = True) -> str:
    if value is None:
        return "-"
    return f"{value:+.2f}%" if signed else f"{abs(value):.2f}%"


def shares(value: int, language: Language) -> str:
    return f"{num(value)}주" if language == "ko" else f"{num(value)} shares"


def name(item: dict[str, object], language: Language) -> str:
    label = item.get("name_ko") if language == "ko" else item.get("name_en")
    ticker = item.get("ticker")
    if not label or label == ticker:
        return str(ticker)
    return f"{label}({ticker})" if language == "ko" else f"{label} ({ticker})"


def updown(value: float | None, language: Language) -> str:
    if value is None:
        return ""
    if language == "ko":
        return "상승" if value > 0 else "하락" if value < 0 else "보합"
    return "up" if value > 0 else "down" if value < 0 else "flat"
