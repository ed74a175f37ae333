"""Number extraction: English and Korean formats, dates, and what must not count."""

from __future__ import annotations

import pytest

from app.evals.numbers import Number, extract_numbers


def values(text: str, **kwargs: object) -> list[tuple[str, float | str | None]]:
    found = extract_numbers(text, **kwargs)  # type: ignore[arg-type]
    return [(n.kind, n.day if n.day else n.value) for n in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("closed at $185.20", [("money", 185.20)]),
    ("volume 212,345,678 shares", [("number", 212345678.0)]),
    ("down 2.35% today", [("percent", 2.35)]),
    ("a gap of 1.25%p", [("percent", 1.25)]),
    ("-3.1% on the day", [("percent", 3.1)]),
    ("revenue of $2.1B", [("money", 2.1e9)]),
    ("3.4 billion won", [("money", 3.4e9)]),
    ("₩72,000", [("money", 72000.0)]),
    ("종가 72,000원", [("money", 72000.0)]),
    ("57.95달러", [("money", 57.95)]),
    ("7만 2,000원", [("money", 72000.0)]),
    ("10만원", [("money", 100000.0)]),
    ("시가총액 1.2조", [("number", 1.2e12)]),
    ("3억 5천만", [("number", 350_000_000.0)]),
    ("거래량 4,916,452주", [("number", 4916452.0)]),
    ("1.85x its average", [("number", 1.85)]),
])
def test_figures(text: str, expected: list[tuple[str, float]]) -> None:
    assert values(text) == expected


def test_tolerance_is_half_the_last_digit_and_scales_with_units() -> None:
    pct, krw, big = extract_numbers("12.3% 72,000원 1.2조")
    assert pct.tolerance == pytest.approx(0.05)
    assert krw.tolerance == pytest.approx(0.5)
    assert big.tolerance == pytest.approx(0.05e12)
    assert pct.matches(12.34) and pct.matches(-12.26) and not pct.matches(12.36)


@pytest.mark.parametrize(("text", "day"), [
    ("on 2026-11-20", "2026-11-20"),
    ("2026-11-20 14:30 UTC", "2026-11-20"),
    ("2026년 1월 3일", "2026-01-03"),
    ("Nov 20, 2026", "2026-11-20"),
    ("2026/11/20", "2026-11-20"),
])
def test_dates(text: str, day: str) -> None:
    assert values(text) == [("date", day)]


def test_month_day_without_year() -> None:
    assert values("11월 20일 종가") == [("month_day", "11-20")]
    assert values("since Nov 3") == [("month_day", "11-03")]


def test_impossible_dates_are_not_dates() -> None:
    assert all(n.kind != "date" for n in extract_numbers("2026-13-45"))


@pytest.mark.parametrize("text", [
    "삼성전자(005930.KS)", "MA50 and H100", "the 20-day moving average", "52-week range",
    "52주 범위", "RSI(14)", "50일선 위", "20일 이동평균", "within 2 supply-chain steps",
    "at least 2x the 20-day average", "평균의 2배 이상", "start = 100", "S&P 500",
    "[Nvidia up 5%](https://x.com/a/123?id=9)", "https://example.com/2026/11/20/story-42",
    "14:30",
])
def test_labels_links_and_tickers_are_not_facts(text: str) -> None:
    found = [n for n in extract_numbers(text) if n.kind != "month_day"]
    # a link's title is kept (it is a claim), its URL never is
    assert [n.text for n in found] == (["5%"] if "Nvidia up" in text else [])


def test_masked_tickers() -> None:
    assert values("3M rose", mask_tickers=("3M",)) == []


def test_a_label_does_not_eat_part_of_a_number() -> None:
    assert values("거래량 4,916,452주") == [("number", 4916452.0)]
    assert values("1,252일 이동평균") != []


def test_numbers_attached_to_hangul_are_found() -> None:
    assert values("연12.3%") == [("percent", 12.3)]


def test_number_dataclass_matches_absolute_values() -> None:
    n = Number(text="2.35%", kind="percent", value=2.35, tolerance=0.005)
    assert n.matches(-2.3512) and not n.matches(2.36)
