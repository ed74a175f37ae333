"""Symbol directory: resolve (EN/KO, codes, typos, ambiguity), mentions, seed, listing refresh."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.symbols import (
    Company,
    ListingUnavailable,
    SymbolDirectory,
    refresh_directory,
)
from app.symbols.listings import parse_nasdaq_listed, parse_other_listed
from app.symbols.nasdaq_trader import NasdaqTraderListings
from app.symbols.normalize import name_key
from app.symbols.seed import load_companies_csv, load_seed, write_companies_csv


@pytest.fixture(scope="module")
def directory() -> SymbolDirectory:
    return SymbolDirectory.from_seed()


RESOLVES = [
    # tickers and codes
    ("AAPL", "AAPL"), ("aapl", "AAPL"), ("$AAPL", "AAPL"), ("TSLA", "TSLA"), ("orcl", "ORCL"),
    ("GOOGL", "GOOGL"), ("GOOG", "GOOG"), ("BRK.B", "BRK-B"), ("brk-b", "BRK-B"),
    ("TSM", "TSM"), ("ON", "ON"), ("$ON", "ON"), ("SPY", "SPY"), ("qqq", "QQQ"),
    ("005930", "005930.KS"), ("005930.KS", "005930.KS"), ("005930.ks", "005930.KS"),
    ("005935", "005935.KS"), ("000660", "000660.KS"), ("247540.KQ", "247540.KQ"),
    # English names and aliases
    ("apple", "AAPL"), ("Apple", "AAPL"), ("Apple Inc.", "AAPL"), ("APPLE INC", "AAPL"),
    ("Microsoft", "MSFT"), ("microsoft corp", "MSFT"), ("nvidia", "NVDA"),
    ("NVIDIA Corporation", "NVDA"), ("tesla inc", "TSLA"), ("Amazon", "AMZN"),
    ("amazon.com", "AMZN"), ("Meta", "META"), ("Facebook", "META"),
    ("Meta Platforms, Inc.", "META"), ("Taiwan Semiconductor", "TSM"), ("TSMC", "TSM"),
    ("Advanced Micro Devices", "AMD"), ("Intel", "INTC"), ("Qualcomm", "QCOM"),
    ("Micron", "MU"), ("Texas Instruments", "TXN"), ("Applied Materials", "AMAT"),
    ("Lam Research", "LRCX"), ("KLA", "KLAC"), ("Arm", "ARM"), ("JPMorgan", "JPM"),
    ("JPMorgan Chase & Co.", "JPM"), ("Bank of America", "BAC"), ("Goldman Sachs", "GS"),
    ("Berkshire Hathaway", "BRK-B"), ("Eli Lilly", "LLY"), ("Johnson & Johnson", "JNJ"),
    ("J&J", "JNJ"), ("Walmart", "WMT"), ("Procter & Gamble", "PG"), ("McDonald's", "MCD"),
    ("The Coca-Cola Company", "KO"), ("Visa", "V"), ("Samsung", "005930.KS"),
    ("Samsung Electronics", "005930.KS"), ("samsung electronics co., ltd.", "005930.KS"),
    ("SK hynix", "000660.KS"), ("Hynix", "000660.KS"), ("Hyundai Motor", "005380.KS"),
    ("Kia", "000270.KS"), ("NAVER", "035420.KS"), ("LG Energy Solution", "373220.KS"),
    ("EcoPro BM", "247540.KQ"), ("Alteogen", "196170.KQ"), ("Pearl Abyss", "263750.KQ"),
    ("JYP", "035900.KQ"), ("iShares MSCI South Korea ETF", "EWY"),
    # Korean names and aliases
    ("애플", "AAPL"), ("마이크로소프트", "MSFT"), ("마소", "MSFT"), ("엔비디아", "NVDA"),
    ("테슬라", "TSLA"), ("아마존", "AMZN"), ("메타", "META"), ("페이스북", "META"),
    ("페북", "META"), ("넷플릭스", "NFLX"), ("브로드컴", "AVGO"), ("팔란티어", "PLTR"),
    ("삼성전자", "005930.KS"), ("삼전", "005930.KS"), ("삼성 전자", "005930.KS"),
    ("삼성전자우", "005935.KS"), ("SK하이닉스", "000660.KS"), ("SK 하이닉스", "000660.KS"),
    ("하이닉스", "000660.KS"), ("닉스", "000660.KS"), ("엘지에너지솔루션", "373220.KS"),
    ("LG에너지솔루션", "373220.KS"), ("LG엔솔", "373220.KS"), ("엔솔", "373220.KS"),
    ("현대차", "005380.KS"), ("현대자동차", "005380.KS"), ("기아", "000270.KS"),
    ("셀트리온", "068270.KS"), ("네이버", "035420.KS"), ("(주)카카오", "035720.KS"),
    ("주식회사 카카오", "035720.KS"), ("삼바", "207940.KS"), ("에코프로비엠", "247540.KQ"),
    ("에코프로", "086520.KQ"), ("알테오젠", "196170.KQ"), ("에이치엘비", "028300.KQ"),
    ("펄어비스", "263750.KQ"), ("한화에어로스페이스", "012450.KS"), ("한전", "015760.KS"),
    ("포스코", "005490.KS"), ("LG지주", "003550.KS"), ("ＡＡＰＬ", "AAPL"),
    # typos
    ("nvidai", "NVDA"), ("microsft", "MSFT"), ("samsng electronics", "005930.KS"),
    ("테슬러", "TSLA"), ("qualcom", "QCOM"), ("Broadcomm", "AVGO"), ("팔란티아", "PLTR"),
    ("엔비디야", "NVDA"),
    # Korean names with their particle attached
    ("삼성전자는", "005930.KS"), ("애플의", "AAPL"), ("하이닉스가", "000660.KS"),
    ("테슬라에서는", "TSLA"),
]


@pytest.mark.parametrize(("text", "ticker"), RESOLVES)
def test_resolve_finds_the_company(directory: SymbolDirectory, text: str, ticker: str) -> None:
    result = directory.resolve(text)
    assert result.status == "found", result
    assert result.company is not None and result.company.ticker == ticker


def test_resolve_reports_how_it_matched(directory: SymbolDirectory) -> None:
    assert directory.resolve("AAPL").method == "ticker"
    assert directory.resolve("005930").method == "code"
    assert directory.resolve("애플").method == "name"
    assert directory.resolve("삼전").method == "alias"
    fuzzy = directory.resolve("nvidai")
    assert fuzzy.method == "fuzzy" and 0.5 < fuzzy.score < 1.0


@pytest.mark.parametrize(
    ("text", "tickers"),
    [
        ("Alphabet", {"GOOGL", "GOOG"}), ("Google", {"GOOGL", "GOOG"}),
        ("구글", {"GOOGL", "GOOG"}), ("알파벳", {"GOOGL", "GOOG"}),
        ("LG", {"003550.KS", "066570.KS", "051910.KS", "373220.KS"}),
        ("엘지", {"066570.KS", "051910.KS"}), ("SK", {"034730.KS", "000660.KS", "017670.KS"}),
        ("현대", {"005380.KS", "012330.KS"}),
    ],
)
def test_resolve_reports_ambiguity(
    directory: SymbolDirectory, text: str, tickers: set[str]
) -> None:
    result = directory.resolve(text)
    assert result.status == "ambiguous" and result.company is None
    assert tickers <= {c.ticker for c in result.matches}


@pytest.mark.parametrize(
    "text",
    ["weather", "", "   ", "x" * 10_000, "on", "it", "all", "a", "OM", "ONN", "날씨", "hello world",
     "Inc.", "asdfghjkl", "주식회사", "the price target"],
)
def test_resolve_not_found(directory: SymbolDirectory, text: str) -> None:
    result = directory.resolve(text)
    assert result.status == "not_found" and result.matches == ()


def test_get_by_ticker_and_bare_code(directory: SymbolDirectory) -> None:
    aapl = directory.get("aapl")
    assert aapl is not None and aapl.name_ko == "애플" and aapl.currency == "USD"
    samsung = directory.get("005930")
    assert samsung is not None and samsung.ticker == "005930.KS" and samsung.exchange == "KOSPI"
    assert directory.get("brk.b") is not None
    assert directory.get("NOPE") is None and directory.get("999999") is None


MENTIONS = [
    ("Why did NVDA fall today?", ["NVDA"]),
    ("삼성전자와 SK하이닉스 비교해줘", ["005930.KS", "000660.KS"]),
    ("Apple and Microsoft earnings", ["AAPL", "MSFT"]),
    ("compare it with AMD", ["AMD"]),
    ("테슬라 주가 어때?", ["TSLA"]),
    ("Samsung Electronics supplies memory to Apple", ["005930.KS", "AAPL"]),
    ("애플의 아이폰, 엔비디아와 하이닉스가 올랐다", ["AAPL", "NVDA", "000660.KS"]),
    ("삼성전자는 오늘 삼전우보다 덜 올랐다", ["005930.KS", "005935.KS"]),
    ("$TSLA and $ON rally", ["TSLA", "ON"]),
    ("NVDA는 왜 떨어졌어?", ["NVDA"]),
    ("005930 주가 알려줘", ["005930.KS"]),
    ("LG화학과 LG전자, LG에너지솔루션에서는", ["051910.KS", "066570.KS", "373220.KS"]),
    ("삼성전자우 배당", ["005935.KS"]),
    ("구글 실적 발표", ["GOOGL"]),
    ("Target cuts its outlook", ["TGT"]),
    ("AT&T and Verizon", ["T", "VZ"]),
    ("S-OIL 실적", ["010950.KS"]),
    ("UPS shares jump", ["UPS"]),
    ("Visa and Mastercard", ["V", "MA"]),
    ("Apple's new iPhone", ["AAPL"]),
    ("팔란티어랑 아이온큐 어때", ["PLTR", "IONQ"]),
    ("$A beats", ["A"]),
    ("ON", ["ON"]),
    ("Is BRK.B cheap?", ["BRK-B"]),
    ("SK 하이닉스가 HBM 공급", ["000660.KS"]),
]


@pytest.mark.parametrize(("text", "tickers"), MENTIONS)
def test_find_mentions(directory: SymbolDirectory, text: str, tickers: list[str]) -> None:
    mentions = directory.find_mentions(text)
    assert [m.ticker for m in mentions] == tickers
    for m in mentions:
        assert text[m.start : m.end] == m.text
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


@pytest.mark.parametrize(
    "text",
    [
        "pineapple smoothie", "metadata about the file", "analysts raised the price target",
        "a visa application", "ups and downs", "soil quality", "IT spending and ALL of it NOW",
        "it is ON sale", "메타버스 애플리케이션", "비자 발급", "LG 계열사", "SK 그룹주", "",
        "the weather is fine", "I want a KEY and a CAT", "RTX 5090 graphics card", "x" * 10_000,
    ],
)
def test_find_mentions_negatives(directory: SymbolDirectory, text: str) -> None:
    assert directory.find_mentions(text) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("AaNVDpl삼성전자애플는의 $.,0593K-"), max_size=60))
def test_mentions_are_ordered_disjoint_slices(directory: SymbolDirectory, text: str) -> None:
    mentions = directory.find_mentions(text)
    for m in mentions:
        assert text[m.start : m.end] == m.text and directory.get(m.ticker) is not None
    for left, right in zip(mentions, mentions[1:], strict=False):
        assert left.end <= right.start
    assert directory.resolve(text).status in {"found", "ambiguous", "not_found"}


def test_longest_match_wins(directory: SymbolDirectory) -> None:
    [mention] = directory.find_mentions("Samsung Electronics")
    assert (mention.ticker, mention.text) == ("005930.KS", "Samsung Electronics")


# --- seed integrity ---------------------------------------------------------------------------

GICS = {
    "Information Technology", "Communication Services", "Consumer Discretionary",
    "Consumer Staples", "Energy", "Financials", "Health Care", "Industrials", "Materials",
    "Real Estate", "Utilities", "Multi-Sector", "Fixed Income", "Commodities",
}
REQUIRED = (
    "AAPL MSFT NVDA GOOGL GOOG AMZN META TSLA AVGO BRK-B TSM ASML AMD INTC QCOM MU TXN AMAT LRCX "
    "KLAC ARM JPM BAC LLY SPY QQQ DIA IWM VOO VTI SOXX SMH XLK XLF XLE EWY TLT GLD ARKK "
    "005930.KS 005935.KS 000660.KS 373220.KS 247540.KQ 086520.KQ 196170.KQ 028300.KQ "
    "263750.KQ 035900.KQ"
).split()


def test_seed_counts_and_formats() -> None:
    companies, _ = load_seed()
    us = [c for c in companies if c.country == "US"]
    kr = [c for c in companies if c.country == "KR"]
    assert len(us) >= 160 and len(kr) >= 90
    tickers = [c.ticker for c in companies]
    assert len(tickers) == len(set(tickers))
    assert set(REQUIRED) <= set(tickers)
    for c in kr:
        assert re.fullmatch(r"\d{6}\.(KS|KQ)", c.ticker), c
        assert (c.exchange, c.currency) == ({"KS": "KOSPI", "KQ": "KOSDAQ"}[c.ticker[-2:]], "KRW")
    for c in us:
        assert re.fullmatch(r"[A-Z]{1,5}(-[A-Z])?", c.ticker), c
        assert c.currency == "USD" and c.exchange in {"NASDAQ", "NYSE", "NYSEARCA"}
    for c in companies:
        assert c.name_en and c.name_ko and c.sector in GICS, c


def test_seed_names_do_not_collide_unless_declared() -> None:
    companies, groups = load_seed()
    declared = {name_key(n) for g in groups for n in g.names}
    owners: dict[str, set[str]] = {}
    for c in companies:
        for form in (c.name_en, c.name_ko, *c.aliases):
            owners.setdefault(name_key(form), set()).add(c.ticker)
    assert {k: v for k, v in owners.items() if len(v) > 1 and k not in declared} == {}
    known = {c.ticker for c in companies}
    for g in groups:
        assert set(g.tickers) <= known and len(g.tickers) > 1
        assert g.primary is None or g.primary in g.tickers


# --- listings refresh -------------------------------------------------------------------------

NASDAQ_LISTED = """\
Symbol|Security Name|Market Category|Test Issue|Financial Status|Round Lot Size|ETF|NextShares
AAPL|Apple Inc. - Common Stock|Q|N|N|100|N|N
ZZTT|Zeta Tidewater Robotics Inc. - Class A Common Stock|G|N|N|100|N|N
QQQM|Invesco NASDAQ 100 ETF|G|N|N|100|Y|N
ZXZZT|NASDAQ TEST STOCK|G|Y|N|100|N|N
ZZTTW|Zeta Tidewater Robotics Inc. - Warrant|G|N|N|100|N|N
File Creation Time: 1123202618:00|||||||
"""
OTHER_LISTED = """\
ACT Symbol|Security Name|Exchange|CQS Symbol|ETF|Round Lot Size|Test Issue|NASDAQ Symbol
BRK.B|Berkshire Hathaway Inc. Class B|N|BRK.B|N|100|N|BRK.B
QWRX|Quarrywright Minerals Corp. Common Stock|N|QWRX|N|100|N|QWRX
ABR$D|Arbor Realty Trust 6.375% Series D Preferred Stock|N|ABRpD|N|100|N|ABR-D
VGSH|Vanguard Short-Term Treasury ETF|P|VGSH|Y|100|N|VGSH
File Creation Time: 1123202618:00|||||||
"""


class FixtureListings:
    def fetch(self) -> list[Company]:
        return parse_nasdaq_listed(NASDAQ_LISTED) + parse_other_listed(OTHER_LISTED)


def test_parsers_read_the_nasdaq_trader_format() -> None:
    nasdaq = {c.ticker: c for c in parse_nasdaq_listed(NASDAQ_LISTED)}
    assert set(nasdaq) == {"AAPL", "ZZTT", "QQQM"}  # test issue and warrant skipped
    assert nasdaq["ZZTT"].name_en == "Zeta Tidewater Robotics Inc."
    assert nasdaq["QQQM"].kind == "etf" and nasdaq["AAPL"].exchange == "NASDAQ"
    other = {c.ticker: c for c in parse_other_listed(OTHER_LISTED)}
    assert set(other) == {"BRK-B", "QWRX", "VGSH"}
    assert other["QWRX"].name_en == "Quarrywright Minerals Corp."
    assert (other["QWRX"].exchange, other["VGSH"].exchange) == ("NYSE", "NYSEARCA")


def test_parser_rejects_other_files() -> None:
    with pytest.raises(ListingUnavailable):
        parse_nasdaq_listed("<html>maintenance</html>")


def test_refresh_merges_listings_and_seed_wins(directory: SymbolDirectory) -> None:
    refreshed, added = refresh_directory(source=FixtureListings(), directory=directory)
    assert added == 4  # ZZTT, QQQM, QWRX, VGSH; AAPL and BRK-B already known
    assert len(refreshed.companies()) == len(directory.companies()) + 4
    aapl = refreshed.get("AAPL")
    assert aapl is not None and aapl.name_ko == "애플"
    assert refreshed.resolve("Quarrywright Minerals").company == refreshed.get("QWRX")
    assert refreshed.resolve("apple").company == aapl
    assert [m.ticker for m in refreshed.find_mentions("$QWRX and Zeta Tidewater Robotics")] == [
        "QWRX", "ZZTT"]
    assert refreshed.find_mentions("QWRX is up") == []  # listing tickers need a $
    assert directory.get("QWRX") is None  # the original is unchanged


def test_nasdaq_trader_source_raises_a_clear_error_offline() -> None:
    source = NasdaqTraderListings(base_url="http://127.0.0.1:9/SymDir", timeout=2.0)
    with pytest.raises(ListingUnavailable, match="could not reach 127.0.0.1"):
        source.fetch()


def test_listing_csv_round_trip(tmp_path: Path) -> None:
    companies = FixtureListings().fetch() + list(load_seed()[0][:3])
    path = tmp_path / "listings.csv"
    assert write_companies_csv(path, companies) == len(companies)
    assert load_companies_csv(path) == companies
