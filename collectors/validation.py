"""Sanity checks on daily bars before they reach the store.

Policy: a bar that is impossible (non-finite or non-positive price, high < low, open/close
outside [low, high] by more than 1%, negative volume, a date in the future) is rejected and
never stored. A day move larger than 45% is plausible but suspicious (an unadjusted split,
a vendor glitch): the bar is stored if otherwise valid and the move is recorded as a
warning in the run ledger, saying whether the adjusted close moved the same way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import attrgetter

from app.records import PriceBar

JUMP_THRESHOLD = 0.45
_BY_DATE = attrgetter("date")
RANGE_TOLERANCE = 0.01
# Asian markets are ahead of UTC: a bar dated "tomorrow" in UTC can be today's Seoul bar.
FUTURE_TOLERANCE = timedelta(days=1)


@dataclass(slots=True)
class BarCheck:
    valid: list[PriceBar] = field(default_factory=list)
    rejected: list[tuple[PriceBar, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _finite_positive(*values: float) -> bool:
    return all(math.isfinite(v) and v > 0 for v in values)


def bar_problem(bar: PriceBar, *, today: date) -> str | None:
    """Why this bar must not be stored, or None if it is fine."""
    if not _finite_positive(bar.open, bar.high, bar.low, bar.close):
        return "non-positive or missing price"
    if bar.adj_close is not None and not _finite_positive(bar.adj_close):
        return "non-positive or missing adjusted close"
    if bar.high < bar.low:
        return f"high {bar.high:g} < low {bar.low:g}"
    lo, hi = bar.low * (1 - RANGE_TOLERANCE), bar.high * (1 + RANGE_TOLERANCE)
    if not (lo <= bar.open <= hi and lo <= bar.close <= hi):
        return "open/close outside the day's range"
    if bar.volume < 0:
        return "negative volume"
    if bar.date > today + FUTURE_TOLERANCE:
        return "date in the future"
    return None


def check_bars(bars: Sequence[PriceBar], *, today: date) -> BarCheck:
    """Split bars of one ticker into valid and rejected; flag suspicious jumps.

    The fast path below is `bar_problem(bar) is None` written inline (NaN fails every
    comparison); it runs per bar of a ten-year backfill, so it avoids calls per bar."""
    result = BarCheck()
    valid, rejected = result.valid, result.rejected
    limit = today + FUTURE_TOLERANCE
    lo_t, hi_t, inf = 1 - RANGE_TOLERANCE, 1 + RANGE_TOLERANCE, math.inf
    up, down = 1 + JUMP_THRESHOLD, 1 - JUMP_THRESHOLD
    prev: PriceBar | None = None
    prev_close = 0.0
    for bar in sorted(bars, key=_BY_DATE):
        low, h, c, a = bar.low, bar.high, bar.close, bar.adj_close
        lo, hi = low * lo_t, h * hi_t
        if (0 < low <= h < inf and lo <= bar.open <= hi and lo <= c <= hi
                and bar.volume >= 0 and bar.date <= limit and (a is None or 0 < a < inf)):
            valid.append(bar)
            if prev is not None:
                ratio = c / prev_close
                if ratio > up or ratio < down:
                    result.warnings.append(_jump_note(prev, bar))
            prev, prev_close = bar, c
        else:
            rejected.append((bar, bar_problem(bar, today=today) or "invalid bar"))
    return result


def _jump_note(prev: PriceBar, cur: PriceBar) -> str:
    ratio = cur.close / prev.close
    note = f"{cur.date}: close moved x{ratio:.3f} in one day"
    if prev.adj_close and cur.adj_close:
        adj_ratio = cur.adj_close / prev.adj_close
        matched = abs(adj_ratio / ratio - 1) < 0.05
        note += " (adj close moved alike)" if matched else f" but adj close x{adj_ratio:.3f}"
    return note + "; possible split, stored and flagged"


def history_changes(
    stored: dict[date, float], fresh: Sequence[PriceBar], *, tolerance: float = 0.2
) -> str | None:
    """A warning when re-fetched bars differ from stored closes by a split-like ratio
    (the vendor re-adjusted history; older stored bars may need `--since` to refresh)."""
    for bar in fresh:
        old = stored.get(bar.date)
        if old and old > 0:
            ratio = bar.close / old
            if abs(ratio - 1) > tolerance:
                return (f"stored close on {bar.date} differs x{ratio:.3f} from the source: "
                        "history re-adjusted? run `collect prices --since` to refresh")
    return None
