"""Offline answer templates (English and Korean): news, relations, forecasts, and the
fixed texts (refusals, clarifications, missing data, as-of line)."""

from __future__ import annotations

from typing import Any

from agents.formatting import money, name, num
from agents.state import Language
from agents.templates_graph import no_relation
from agents.templates_market import josa

REFUSAL = {
    "weather": ("I can only help with stocks (prices, news, company relations), so I can't "
                "check the weather.",
                "저는 주식 관련 질문(주가, 뉴스, 기업 관계)만 도와드릴 수 있어 "
                "날씨는 확인할 수 없습니다."),
    "trading": ("I can't place orders or trade for you: Stockelper is read-only. I can show "
                "the price, news and relations of a stock instead.",
                "주문이나 매매는 할 수 없습니다. Stockelper는 조회 전용입니다. "
                "대신 주가, 뉴스, 기업 "
                "관계를 보여 드릴 수 있습니다."),
    "instructions": ("I can't share my internal instructions, but I'm glad to answer questions "
                     "about stocks.",
                     "내부 지시사항은 공유할 수 없습니다. "
                     "주식에 관한 질문이라면 기꺼이 답해 드릴게요."),
    "advice": ("I can't tell you what to buy or sell: Stockelper shows data, not investment "
               "advice. Name a company and I'll show its price, news and relations.",
               "어떤 종목을 사거나 팔지는 말씀드릴 수 없습니다. Stockelper는 투자 조언이 아닌 "
               "데이터를 보여 드립니다. 회사를 알려 주시면 주가, 뉴스, 관계를 보여 드릴게요."),
    "other": ("I answer questions about US and Korean stocks: prices and returns, news, company "
              "relations and forecasts. Try 'How did NVDA do this week?'",
              "미국·한국 주식에 대한 질문(주가와 수익률, 뉴스, 기업 관계, 전망)에 "
              "답해 드립니다. 예: "
              "'삼성전자 이번 주 주가 어때?'"),
    "unavailable": ("That needs a part of Stockelper that is not set up here yet (the "
                    "relations graph or the forecast models). I can still show prices and news.",
                    "그 질문에 필요한 기능(관계 그래프나 예측 모델)이 아직 준비되지 않았습니다. "
                    "주가와 뉴스는 보여 드릴 수 있습니다."),
    "need_ticker": ("Which company do you mean? For example: 'Apple price' or 'NVDA news'.",
                    "어느 회사를 말씀하시는지 알려 주세요. 예: '삼성전자 주가', '애플 뉴스'"),
}


def scope_note(kind: str, lang: Language) -> str:
    """Put before the data when part of the question is out of reach: whether to buy or
    sell ("advice"), or valuation and financials the stores do not hold ("fundamentals")."""
    if kind == "fundamentals":
        return ("밸류에이션·배당·재무 데이터(PER, 배당수익률, 매출 등)는 아직 제공하지 않습니다. "
                "대신 주가 데이터를 보여 드립니다." if lang == "ko" else
                "I don't have valuation, dividend or financial-statement data (P/E, yield, "
                "revenue); here is the price data instead.")
    return ("매수·매도 여부는 말씀드릴 수 없습니다(투자 조언을 하지 않습니다). 판단에 참고할 "
            "데이터입니다." if lang == "ko" else
            "I can't tell you whether to buy or sell (I don't give investment advice); here is "
            "the data to judge for yourself.")


def refusal(reason: str, lang: Language) -> str:
    en, ko = REFUSAL.get(reason, REFUSAL["other"])
    return ko if lang == "ko" else en


def _title(text: str) -> str:
    # quoted untrusted text: neutralise markdown link syntax and line breaks
    return " ".join(text.replace("[", "(").replace("]", ")").split())


def _articles(count: int) -> str:
    return f"{count} article" + ("" if count == 1 else "s")


def news(data: dict[str, Any], lang: Language, heading: str) -> str:
    lines = []
    for item in data["items"]:
        publisher = item.get("publisher") or ("출처 미상" if lang == "ko" else "unknown source")
        when = item["published_at"][:16].replace("T", " ")
        lines.append(f"- [{_title(item['title'])}]({item['url']}) — {publisher}, {when} UTC")
    if lang == "ko":
        head = f"{heading} 최신 뉴스 {data['count']}건입니다:" if heading else (
            f"최신 뉴스 {data['count']}건입니다:")
        if data.get("query") and not data.get("query_relaxed"):
            head = f"'{data['query']}' 관련 뉴스 {data['count']}건입니다:"
    else:
        head = f"Latest news on {heading} ({_articles(data['count'])}):" if heading else (
            f"Latest news ({_articles(data['count'])}):")
        if data.get("query") and not data.get("query_relaxed"):
            head = f"News matching '{data['query']}' ({_articles(data['count'])}):"
    return "\n".join([head, *lines])


def prediction(item: dict[str, Any], lang: Language) -> str:
    c, n = str(item.get("currency") or ""), name(item, lang)
    lo, hi = money(item["interval_low"], c, lang), money(item["interval_high"], c, lang)
    d = item["direction"]
    if lang == "ko":
        text = (f"{n} 향후 {item['horizon']}거래일 모델 전망(기준일 {item['as_of']}, 최근 종가"
                f" {money(item['last_close'], c, lang)}): {item['interval_level_pct']}% 가격 범위는"
                f" {lo}~{hi}, 상승 확률은 {item['p_up_pct']}%, 예상 변동성은 연"
                f" {num(item['vol_annualised_pct'], 1)}%입니다.")
        edge = "기준선보다 나은" if d["has_edge"] else "기준선보다 낫다고 확인되지 않은"
        text += (f" 방향 예측은 과거 {d['n']}건 검증에서 {edge} 성과를 보였고, 범위의 실제 적중률은"
                 f" {num(item['interval_coverage_pct'], 1)}%였습니다."
                 " 투자 권유가 아닌 통계적 추정입니다.")
        return text
    text = (f"Model outlook for {n} over the next {item['horizon']} trading days (as of"
            f" {item['as_of']}, last close {money(item['last_close'], c, lang)}):"
            f" {item['interval_level_pct']}% price range {lo} to {hi}; chance of a rise"
            f" {item['p_up_pct']}%; expected volatility {num(item['vol_annualised_pct'], 1)}%"
            " a year.")
    edge = "beat" if d["has_edge"] else "did not reliably beat"
    text += (f" In {d['n']} past walk-forward tests the direction model {edge} its baseline,"
             f" and the ranges held {num(item['interval_coverage_pct'], 1)}% of the time."
             " This is a statistical estimate, not investment advice.")
    return text


def no_data(agent: str, tickers: list[str], lang: Language, error: str | None,
            relation: str | None = None, detail: str | None = None, *,
            subject: str | None = None, country: str | None = None,
            query: str | None = None) -> str:
    """`subject`: the companies by name, as the answer names them (default: tickers);
    `query`: the news topic searched for."""
    who = subject or ", ".join(tickers)
    if agent == "news" and query and not tickers and error == "no_data":
        return (f"'{query}' 관련 저장된 뉴스를 찾지 못했습니다." if lang == "ko" else
                f"I found no stored news matching '{query}'.")
    if agent == "prediction" and detail and "no trained" in detail:
        return ("아직 학습된 예측 모델이 없습니다"
                "(`stockelper forecast train`으로 학습할 수 있습니다)." if lang == "ko"
                else f"No forecast for {who}: {detail}.")
    if error == "store":
        return ("데이터 저장소에 연결할 수 없거나 아직 초기화되지 않았습니다(`stockelper init`)."
                if lang == "ko" else "The data store is not reachable or not initialised yet "
                "(run `stockelper init`).")
    if error == "failed":
        what = {"market": ("price data", "가격 데이터"), "news": ("news", "뉴스"),
                "graph": ("relations graph", "관계 그래프"),
                "prediction": ("forecast", "예측")}.get(agent, (agent, agent))
        return (f"{josa(what[1], '을', '를')} 지금 불러올 수 없습니다"
                "(아직 만들어지지 않았거나 갱신 중입니다)."
                if lang == "ko" else
                f"The {what[0]} is not available right now (not built yet, or being "
                "rebuilt).")
    if agent == "graph" and error == "no_data" and relation and tickers:
        return no_relation(relation, who or tickers[0], lang, country)
    en = {"market": f"I have no stored price data for {who} yet.",
          "news": f"I found no stored news{' for ' + who if who else ''}.",
          "graph": f"The relations graph has nothing on {who} yet.",
          "prediction": f"No forecast is available for {who} (no trained model or too little "
                        "history)."}
    ko = {"market": f"{who}의 저장된 가격 데이터가 아직 없습니다.",
          "news": f"{who + ' 관련 ' if who else ''}저장된 뉴스를 찾지 못했습니다.",
          "graph": f"관계 그래프에 {who} 정보가 아직 없습니다.",
          "prediction": f"{who}에 대한 전망을 만들 수 없습니다"
                        "(학습된 모델이 없거나 데이터가 부족합니다)."}
    return (ko if lang == "ko" else en).get(agent, "")


def as_of_line(prices: str | None, news_date: str | None, lang: Language,
               relations: str | None = None) -> str:
    if lang == "ko":
        parts = [f"가격 기준일 {prices}" if prices else "",
                 f"뉴스 최신 {news_date}" if news_date else "",
                 f"관계 정보 확인일 {relations}" if relations else ""]
        return "데이터 기준: " + ", ".join(p for p in parts if p) + "."
    parts = [f"prices as of {prices}" if prices else "",
             f"news up to {news_date}" if news_date else "",
             f"relations checked as of {relations}" if relations else ""]
    return "Data: " + "; ".join(p for p in parts if p) + "."


def premise_note(item: dict[str, Any], lang: Language) -> str:
    """The question assumed the other direction than the prices show."""
    change, who = item["change_pct"], name(item, lang)
    if lang == "ko":
        moved = "올랐습니다" if change > 0 else "내렸습니다"
        return (f"참고로 이 기간 {josa(who, '은', '는')} 오히려 {abs(change):.2f}% {moved}"
                f"({item.get('start_date') or '전일'} 대비).")
    moved = "rose" if change > 0 else "fell"
    since = item.get("start_date") or "the previous close"
    return f"Note: over this window {who} actually {moved} {abs(change):.2f}% (since {since})."


def why_intro(lang: Language, with_graph: bool) -> str:
    if lang == "ko":
        what = "가격 움직임과 관련 뉴스, 관계 기업을" if with_graph else "가격 움직임과 관련 뉴스를"
        return f"{what} 정리했습니다. 뉴스가 원인을 설명할 수 있지만 단정할 수는 없습니다."
    what = ("the move, the latest news and related companies" if with_graph
            else "the move and the latest news")
    return f"Here is {what}; the news may explain it, but I can't confirm the cause."
