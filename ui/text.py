"""Safe text for Streamlit markdown: no raw HTML, no LaTeX surprises, only http(s) links."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|<>~$:])")


def md_escape(text: str) -> str:
    """Escape text that must show literally (titles, names) inside markdown."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def answer_markdown(text: str) -> str:
    """Answer text keeps its markdown, but `$` is escaped: Streamlit would otherwise read
    "$120 to $150" as LaTeX. Raw HTML is never enabled, so tags show as text."""
    return text.replace("\\$", "$").replace("$", "\\$")


def safe_url(url: object) -> str | None:
    """The URL if it is an absolute http(s) link, else None (no javascript:, data: ...)."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url.strip().replace(")", "%29").replace(" ", "%20")


def md_link(title: str, url: object) -> str:
    link = safe_url(url)
    label = md_escape(title or (link or ""))
    return f"[{label}]({link})" if link else label


def zone(name: str | None, fallback: str = "UTC") -> ZoneInfo:
    for candidate in (name, fallback, "UTC"):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def parse_when(value: object) -> datetime | date | None:
    """Datetimes, dates and their ISO strings (as plain-data payloads carry them)."""
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                return None
    return None


def fmt_when(value: object, tz: ZoneInfo, *, with_time: bool = True) -> str:
    """A date or a time in the viewer's zone (naive datetimes are taken as UTC)."""
    when = parse_when(value)
    if when is None:
        return "—"
    if isinstance(when, datetime):
        aware = when if when.tzinfo else when.replace(tzinfo=UTC)
        local = aware.astimezone(tz)
        return local.strftime("%Y-%m-%d %H:%M") if with_time else local.strftime("%Y-%m-%d")
    return when.isoformat()


def short_error(exc: BaseException, limit: int = 160) -> str:
    """One readable line: the driver's message for database errors, without the SQL."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    return first[:limit] + ("…" if len(first) > limit else "")
