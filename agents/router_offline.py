"""The offline router: deterministic bilingual intent rules over the resolved tickers.

Every decision is explainable: `RoutePlan.reason` names the rules that fired."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from agents.router_scope import ADVICE, CRYPTO, FUNDAMENTALS, _rx, refusal_of
from agents.state import GraphRelation, MarketAction, Period, Refusal, RoutePlan
from app.chat_types import AgentId
from app.symbols.types import Country

_WHY = _rx(r"\bwhy\b", r"what happened", r"what'?s going on", r"\breason", r"왜", r"이유",
           r"무슨 일", r"원인")
_MOVE = _rx(r"\b(fall|fell|drop|dropp|plunge|plung|crash|sink|sank|slump|tumbl|rise|rose|"
            r"jump|surge|soar|rall|spik|gain|up|down)", r"떨어", r"하락", r"급락", r"폭락",
            r"올랐", r"오른", r"상승", r"급등", r"폭등", r"빠졌", r"내렸", r"움직")
NEWS = _rx(r"\bnews\b", r"headline", r"\barticles?\b", r"\breports?\b", r"\bannounce",
           r"뉴스", r"소식", r"기사", r"보도", r"발표", r"이슈")
# A shock to one company ("a TSMC outage", "공장이 멈추면") asks who is exposed to it: checked
# before the supplier words, so "공급망 차질" is exposure, not a list of suppliers.
SHOCK = _rx(r"\boutages?\b", r"disrupt", r"shut ?down", r"\bhalts? (production|output|"
            r"shipments)", r"stop(s|ped|ping)? (production|making|shipping|supply|supplying|"
            r"deliver)", r"goes? (offline|bankrupt|bust)", r"\b(be|been|being|gets?|got) hit\b",
            r"\bhit (hardest|if|by|when|from)\b", r"\bexposed\b", r"\bexposure", r"ripple",
            r"knock-on", r"\baffected\b", r"\bimpact(ed)? (if|by|when)", r"\bsuffer",
            r"영향\s?(을|이)?\s?받", r"타격", r"차질", r"멈추", r"멈춘", r"멈췄", r"셧다운",
            r"(생산|공급|가동|조업|출하|납품)\s?(이|을)?\s?중단", r"노출", r"파급", r"피해",
            r"\bcut(s|ting)? (back )?(its |their )?(orders|production|output|capex|spending)",
            r"what (would|will) happen to", r"(주문|발주|투자)(을|를)?\s?(줄이|축소|취소|끊)")
GRAPH: list[tuple[GraphRelation, re.Pattern[str]]] = [
    ("exposure", SHOCK),
    ("suppliers", _rx(r"supplier", r"suppl(y|ies) .* to", r"supply chain", r"who supplies",
                      r"\b(compan(y|ies)|firms?|which|who) (\w+ )?suppl(y|ies)\b",
                      r"\bdoes \S+( \S+)? buy from\b", r"(에|한테) 납품하는",
                      r"supplied by", r"makes chips for", r"공급사", r"공급업체",
                      r"납품", r"협력사", r"공급망", r"밸류\s?체인")),
    ("customers", _rx(r"customer", r"\bclients?\b", r"\bbuyers?\b", r"who buys", r"고객사",
                      r"\bsells? to\b", r"\b(compan(y|ies)|firms?|who|which) (\w+ )?buys? from\b",
                      r"고객", r"거래처", r"매출처")),
    ("competitors", _rx(r"competitor", r"\brivals?\b", r"competes?", r"competition",
                        r"경쟁사", r"경쟁", r"라이벌")),
    ("ownership", _rx(r"subsidiar", r"parent (company|group)", r"\bowns?\b", r"owned by",
                      r"(largest|major|controlling) (share|stock)holder", r"\bstake",
                      r"자회사", r"계열사", r"모회사", r"지주사", r"대주주", r"최대주주", r"지분")),
    ("partners", _rx(r"partner", r"alliance", r"파트너", r"제휴", r"협력 관계")),
    ("peers", _rx(r"\bpeers?\b", r"same industry", r"similar compan", r"동종", r"같은 업종",
                  r"비슷한 회사")),
    ("exposure", _rx(r"depend", r"rel(y|ies|ying) on", r"의존", r"기대는")),
    ("path", _rx(r"connected", r"connection", r"\blink(ed)? (to|between|with)", r"relationship "
                 r"between", r"연결", r"사이의 관계", r"(어떤|무슨) 관계", r"관계가 있",
                 r"관계(는|가)? ?(뭐|어때|어떻게)")),
    ("overview", _rx(r"relations?(hips?)?\b", r"related compan", r"compan(y|ies) related",
                     r"related to", r"관계", r"관련 (회사|기업)",
                     r"연관")),
]
PREDICT = _rx(r"forecast", r"predict", r"outlook", r"expected (price|return)", r"will .* (go|be"
              r" higher|rise|fall)", r"next (week|month|quarter)", r"전망", r"예측", r"예상",
              r"오를까", r"내릴까", r"떨어질까", r"앞으로")
MARKET: list[tuple[MarketAction, re.Pattern[str]]] = [
    ("screen", _rx(r"my stocks", r"my watchlist", r"watchlist", r"my portfolio", r"my holdings",
                   r"which (of|stocks)", r"top (gainers|losers|movers)", r"관심\s?종목",
                   r"내 종목", r"내 주식", r"보유\s?종목", r"어떤 종목", r"포트폴리오")),
    ("compare", _rx(r"compar", r"\bvs\.?\b", r"versus", r"\bthan\b", r"outperform", r"비교",
                    r"대비", r"보다", r"중 (어느|뭐)")),
    ("technical", _rx(r"moving average", r"\bma ?\d+", r"\brsi(?![a-z])", r"technical",
                      r"overbought", r"oversold", r"이동\s?평균", r"이평", r"과매수", r"과매도",
                      r"기술적", r"\bsma(?![a-z])")),
    ("volume", _rx(r"volume", r"spike", r"traded", r"turnover", r"거래량", r"거래대금",
                   r"거래(가|도)? ?(많|적|늘|줄|몰)")),
    ("history", _rx(r"perform", r"history", r"historical", r"return", r"\bhigh", r"\blow",
                    r"52.?week", r"52주", r"over the (last|past)", r"since",
                    r"this (year|month|week)",
                    r"trend", r"chart", r"수익률", r"추이", r"흐름", r"동안", r"최고", r"최저",
                    r"신고가", r"신저가", r"차트", r"올해", r"이번 ?(달|주)", r"성과")),
    ("quote", _rx(r"price", r"quote", r"trading at", r"how much", r"\bclose", r"\bcost",
                  r"주가", r"시세", r"얼마", r"현재가", r"종가", r"가격")),
]
PERIODS: list[tuple[Period, re.Pattern[str]]] = [
    ("10y", _rx(r"10 ?years?", r"decade", r"10년")), ("5y", _rx(r"5 ?years?", r"5년")),
    ("3y", _rx(r"3 ?years?", r"3년")),
    ("ytd", _rx(r"this year", r"\bytd\b", r"year to date", r"올해", r"연초", r"금년")),
    ("1y", _rx(r"(1|one) ?year", r"past year", r"last year", r"52.?week", r"12 months", r"52주",
               r"1년", r"일년", r"지난 ?해", r"작년")),
    ("6m", _rx(r"6 ?months?", r"six months", r"half.year", r"6개월", r"반년")),
    ("3m", _rx(r"3 ?months?", r"three months", r"quarter", r"3개월", r"석 달", r"분기")),
    ("1m", _rx(r"(1|one|this|past|last) ?month", r"30 days", r"한 ?달", r"1개월", r"이번 ?달",
               r"지난 ?달")),
    ("1w", _rx(r"(this|past|last|one|1) ?week", r"5 days", r"7 days", r"이번 ?주", r"일주일",
               r"1주", r"지난 ?주", r"한 ?주")),
    ("1d", _rx(r"today", r"yesterday", r"오늘", r"어제", r"하루")),
]
_TOPIC_STOP = frozenset(
    "news headline headlines about any latest on the for me show of what is are there recent "
    "today articles article give tell a an in related regarding stories story get find search "
    "please new anything with to and or from this week month 뉴스 관련 소식 기사 최신 최근 보여줘 "
    "알려줘 찾아줘 대한 좀 요즘 오늘 이번 주 있어 있나요 뭐 무슨 나온 소식은 뉴스는".split())
_HORIZON = re.compile(r"(\d{1,3})\s*(trading )?(days?|일)")


def intent_patterns() -> list[re.Pattern[str]]:
    """Every intent and period rule (the guard strips them to find topic words)."""
    return [_WHY, _MOVE, NEWS, PREDICT, *(p for _, p in GRAPH), *(p for _, p in MARKET),
            *(p for _, p in PERIODS)]


def period_of(text: str) -> Period | None:
    for period, pattern in PERIODS:
        if pattern.search(text):
            return period
    return None


def route_offline(
    *, text: str, tickers: list[str], available: Collection[AgentId], follow_up: bool = False,
    last_plan: Mapping[str, Any] | None = None, country: Country | None = None,
) -> RoutePlan:
    """`country`: the guard's country filter ("Korean companies"), kept for the graph."""
    refusal = refusal_of(text)
    if refusal != "none":
        return RoutePlan(scope="out_of_scope", refusal=refusal, reason=f"refusal:{refusal}")
    if not tickers and (ADVICE.search(text) or CRYPTO.search(text)):
        reason: Refusal = "advice" if ADVICE.search(text) else "other"
        return RoutePlan(scope="out_of_scope", refusal=reason, reason=f"refusal:{reason}")
    period = period_of(text)
    relation = next((r for r, p in GRAPH if p.search(text)), None)
    action = next((a for a, p in MARKET if p.search(text)), None)
    wants_news = bool(NEWS.search(text))
    if action == "history" and (wants_news or relation):
        # "news this week": the period belongs to the news, not to a price history
        without_periods = text
        for _, pattern in PERIODS:
            without_periods = pattern.sub(" ", without_periods)
        action = next((a for a, p in MARKET if p.search(without_periods)), None)
    why = bool(_WHY.search(text) and (_MOVE.search(text) or tickers))
    wants_forecast = bool(PREDICT.search(text))
    rules: list[str] = []
    agents: list[AgentId] = []
    if why:
        rules.append("why-move")
        agents += ["market", "news", "graph"]
        action, relation = action if action in ("history", "volume") else "quote", "overview"
    if relation == "path" and len(tickers) < 2:
        relation = "overview"
    if relation in ("overview", "exposure") and len(tickers) == 2 and not why and not action:
        relation = "path"  # "카카오와 네이버의 관계", "Does Apple depend on Samsung?"
    if relation:
        rules.append(f"graph:{relation}")
        agents.append("graph")
        if action == "compare" or (action and relation in ("competitors", "peers")
                                   and action != "quote"):
            agents.append("market")
            action = "compare"
    if wants_news:
        rules.append("news")
        agents.append("news")
    if wants_forecast:
        rules.append("forecast")
        agents.append("prediction")
    if action:
        rules.append(f"market:{action}")
        agents.append("market")
    if not agents and tickers:
        graph_before = "graph" in (last_plan or {}).get("agents", [])
        if last_plan and last_plan.get("agents") and (
                follow_up is False or (country and graph_before)):  # "그 중 한국 기업만"
            rules.append("same-intent-as-last")
            return _reuse(last_plan, available, period, country)
        rules.append("default-overview")
        agents, action = ["market", "news"], "quote"
    if action == "compare" and len(tickers) < 2 and "graph" not in agents:
        action = "screen" if not tickers else "history"
    wanted = list(dict.fromkeys(agents))
    agents = [a for a in wanted if a in available]
    if wanted and not agents:
        missing = ",".join(wanted)
        return RoutePlan(scope="out_of_scope", refusal="unavailable",
                         reason=",".join(rules) + f":unavailable({missing})")
    if not agents:
        return RoutePlan(scope="need_ticker" if _needs_ticker(text, action) else "out_of_scope",
                         refusal="none" if _needs_ticker(text, action) else "other",
                         reason="no-intent" if not rules else ",".join(rules) + ":unavailable")
    if action in (None, "screen") and not tickers and "market" not in agents:
        action = None
    if not tickers and (any(a in ("graph", "prediction") for a in agents)
                        or (action not in (None, "screen") and "news" not in agents)):
        # "Nvidai price", "How is it trading?" with no company found: ask, never guess
        return RoutePlan(scope="need_ticker", reason="needs a company: " + ",".join(rules))
    note: Refusal = ("advice" if ADVICE.search(text) else "fundamentals"
                     if FUNDAMENTALS.search(text) and "market" in agents else "none")
    if note != "none":
        rules.append(f"{note}-note")
    return RoutePlan(
        agents=agents,
        market_action=(action or "quote") if "market" in agents else None,
        period=period, graph_relation=(relation or "overview") if "graph" in agents else None,
        country=country if "graph" in agents else None,
        news_query=news_topic(text) if "news" in agents and not tickers else None,
        horizon_days=_horizon(text) if "prediction" in agents else None,
        refusal=note, reason=",".join(rules),
    )


def news_topic(text: str) -> str | None:
    """The topic words of a news question without a company ("News about HBM memory")."""
    words = []
    for token in re.findall(r"[\w&.+-]+", text):
        word = re.sub(r"(에\s?대한|에서|관련|은|는|이|가|을|를|의|에)$", "", token)
        if word and word.lower() not in _TOPIC_STOP and not word.isdigit():
            words.append(word)
    return " ".join(words[:3]) or None


def _needs_ticker(text: str, action: str | None) -> bool:
    return action is not None or bool(PREDICT.search(text))


def _horizon(text: str) -> int:
    match = _HORIZON.search(text)
    if match:
        return max(1, min(int(match.group(1)), 60))
    return 5 if re.search(r"week|주", text, re.IGNORECASE) else 20 if re.search(
        r"month|달|개월", text, re.IGNORECASE) else 5


def _reuse(
    last: Mapping[str, Any], available: Collection[AgentId], period: Period | None,
    country: Country | None = None,
) -> RoutePlan:
    plan = RoutePlan.model_validate(last)
    agents = [a for a in plan.agents if a in available]
    return plan.model_copy(update={"agents": agents, "period": period or plan.period,
                                   "country": country if "graph" in agents else None,
                                   "reason": "same-intent-as-last"})
