"""The composer: one answer in the user's language from the agent results only.

Offline it renders templates; with an LLM it synthesises from the results (news quoted as
untrusted data), checks every number and link in code, and falls back to the templates
when anything is ungrounded, the LLM fails, or the budget is spent."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.runnables import RunnableConfig

from agents import templates as T
from agents import templates_graph as TG
from agents import templates_market as TM
from agents.budget import LLMBudget, call_with_timeout
from agents.grounding import pool_of, unverified_numbers
from agents.ports import SymbolLookup
from agents.prompts import COMPOSER_SYSTEM, COMPOSER_USER
from agents.router_scope import assumed_direction, refusal_of
from agents.state import AgentResult, Language, RoutePlan
from app.chat_types import Artifact, Citation

_LINK = re.compile(r"https?://[^\s)\]>]+")


@dataclass(frozen=True, slots=True)
class Composition:
    text: str
    citations: list[Citation]
    artifacts: list[Artifact]
    as_of: date | None
    unverified: list[str]
    synthetic: bool = False
    source: str = "template"  # template | llm | template_fallback
    notes: dict[str, Any] = field(default_factory=dict)


def _center(tickers: list[str], symbols: SymbolLookup, lang: Language) -> str:
    names = []
    for t in tickers:
        c = symbols.get(t)
        label = (c.name_ko if lang == "ko" else c.name_en) if c else t
        names.append(f"{label}({t})" if lang == "ko" else f"{label} ({t})")
    return ", ".join(names)


def _dates(results: list[AgentResult]) -> tuple[str | None, str | None, str | None]:
    def newest(*agents: str) -> str | None:
        found = [r.as_of for r in results if r.agent in agents and r.as_of]
        return max(found).isoformat() if found else None

    return newest("market", "prediction"), newest("news"), newest("graph")


def render_offline(
    *, results: list[AgentResult], plan: RoutePlan, language: Language, tickers: list[str],
    symbols: SymbolLookup, question: str = "",
) -> str:
    order = {"market": 0, "prediction": 1, "news": 2, "graph": 3}
    # how related companies moved reads best right after the subject's own move
    results = sorted(results, key=lambda r: (order[r.agent], r.action == "peers"))
    parts: list[str] = []
    if plan.refusal in ("advice", "fundamentals"):
        parts.append(T.scope_note(plan.refusal, language))
    if "why-move" in plan.reason:
        parts.append(T.why_intro(language, any(r.agent == "graph" and not r.error
                                               for r in results)))
        parts += _premise(question, results, language)
    for r in sorted(results, key=lambda r: order[r.agent]):
        if r.error:
            subject = _center(list(r.tickers[:1] if r.agent == "graph" else r.tickers),
                              symbols, language) or None
            parts.append(T.no_data(r.agent, list(r.tickers), language, r.error, r.action,
                                   detail=next(iter(r.data.get("unavailable", {}).values()),
                                               None), subject=subject,
                                   country=r.data.get("country"), query=r.data.get("query")))
        elif r.agent == "market":
            parts.append(TM.render(r.action, r.data, language))
        elif r.agent == "news":
            parts.append(T.news(r.data, language, _center(list(r.tickers), symbols, language)))
        elif r.agent == "graph":
            parts.append(TG.graph(r.data, language, _center(list(r.tickers[:1]), symbols,
                                                           language)))
        elif r.agent == "prediction":
            parts += [T.prediction(i, language) for i in r.data["items"]]
    prices, news, relations = _dates(results)
    if prices or news or relations:
        parts.append(T.as_of_line(prices, news, language, relations))
    return "\n\n".join(p for p in parts if p)


def _premise(question: str, results: list[AgentResult], language: Language) -> list[str]:
    """"Why did X drop?" when X rose over the window: say so before anything else."""
    assumed = assumed_direction(question)
    market = next((r for r in results if r.agent == "market" and r.action != "peers"
                   and not r.error and r.data.get("items")), None)
    if not assumed or market is None:
        return []
    item = market.data["items"][0]
    change = item.get("change_pct")
    if change is None or change == 0 or (change > 0) == (assumed > 0):
        return []
    return [T.premise_note(item, language)]


def _collect(results: list[AgentResult]) -> tuple[list[Citation], list[Artifact], date | None]:
    citations = list(dict.fromkeys(c for r in results for c in r.citations))
    artifacts = [a for r in results for a in r.artifacts]
    dates = [r.as_of for r in results if r.as_of and r.agent in ("market", "prediction")]
    dates = dates or [r.as_of for r in results if r.as_of]
    return citations, artifacts, max(dates) if dates else None


class OfflineComposer:
    def __init__(self, *, symbols: SymbolLookup) -> None:
        self.symbols = symbols

    def __call__(
        self, *, question: str, results: list[AgentResult], plan: RoutePlan,
        language: Language, tickers: list[str], budget: LLMBudget,
        config: RunnableConfig | None = None,
    ) -> Composition:
        text = render_offline(results=results, plan=plan, language=language, tickers=tickers,
                              symbols=self.symbols, question=question)
        citations, artifacts, as_of = _collect(results)
        return Composition(
            text=text, citations=citations, artifacts=artifacts, as_of=as_of,
            unverified=unverified_numbers(text, pool_of(results)),
            synthetic=any(r.synthetic for r in results),
        )


class LLMComposer(OfflineComposer):
    def __init__(self, *, model: BaseChatModel, symbols: SymbolLookup, timeout_s: float = 30.0,
                 max_words: int = 220) -> None:
        super().__init__(symbols=symbols)
        self._model = model
        self._timeout_s = timeout_s
        self._max_words = max_words

    def __call__(
        self, *, question: str, results: list[AgentResult], plan: RoutePlan,
        language: Language, tickers: list[str], budget: LLMBudget,
        config: RunnableConfig | None = None,
    ) -> Composition:
        offline = super().__call__(question=question, results=results, plan=plan,
                                   language=language, tickers=tickers, budget=budget)
        if not results or all(r.error for r in results):
            return offline
        messages = self._messages(question, results, language, offline.as_of)
        chars = sum(len(str(m.content)) for m in messages)
        try:
            budget.reserve(prompt_chars=chars)
            reply = call_with_timeout(lambda: self._model.invoke(messages, config=config),
                                      timeout_s=self._timeout_s)
        except Exception as exc:  # LLM down, timeout or budget spent: the templates answer
            return _fallback(offline, {"llm_error": f"{type(exc).__name__}: {exc}"})
        budget.record(getattr(reply, "usage_metadata", None), fallback_chars=chars)
        text = reply.text.strip() if hasattr(reply, "text") else str(reply.content).strip()
        flagged = unverified_numbers(text, pool_of(results))
        known = {c.url for c in offline.citations}
        bad_links = [u for u in _LINK.findall(text) if u.rstrip(".,") not in known]
        off_topic = not _mentions_subject(text, results, tickers, self.symbols)
        trading = refusal_of(text) in ("trading", "instructions")
        if flagged or bad_links or off_topic or trading or not text:
            return _fallback(offline, {"llm_unverified": flagged, "llm_bad_links": bad_links,
                                       "llm_off_topic": off_topic, "llm_trading": trading})
        if offline.as_of and offline.as_of.isoformat() not in text:
            text += "\n\n" + T.as_of_line(*_dates(results)[:2], language, _dates(results)[2])
        if plan.refusal in ("advice", "fundamentals"):
            text = T.scope_note(plan.refusal, language) + "\n\n" + text
        return Composition(text=text, citations=offline.citations, artifacts=offline.artifacts,
                           as_of=offline.as_of, unverified=[], synthetic=offline.synthetic,
                           source="llm")

    def _messages(self, question: str, results: list[AgentResult], language: Language,
                  as_of: date | None) -> list[SystemMessage | HumanMessage]:
        facts, news = [], []
        for r in results:
            data = dict(r.data)
            if r.agent == "news":
                news += [{k: i[k] for k in ("title", "summary", "publisher", "published_at",
                                            "url")} for i in data.pop("items", [])]
            facts.append({"agent": r.agent, "action": r.action, "tickers": list(r.tickers),
                          "as_of": r.as_of.isoformat() if r.as_of else None,
                          "error": r.error, "data": data})
        system = COMPOSER_SYSTEM.format(
            language_name="Korean" if language == "ko" else "English",
            max_words=self._max_words, as_of=as_of.isoformat() if as_of else "unknown")
        user = COMPOSER_USER.format(
            question=question, results=json.dumps(facts, ensure_ascii=False, default=str),
            news=json.dumps(news, ensure_ascii=False, default=str))
        return [SystemMessage(system), HumanMessage(user)]


def _mentions_subject(text: str, results: list[AgentResult], tickers: list[str],
                      symbols: SymbolLookup) -> bool:
    """An answer about companies must name at least one of them (a reply hijacked by
    instructions hidden in news text usually does not)."""
    subjects = list(dict.fromkeys([*tickers, *(t for r in results for t in r.tickers)]))
    if not subjects:
        return True
    lowered = text.lower()
    for ticker in subjects:
        company = symbols.get(ticker)
        names = [ticker, ticker.split(".")[0]]
        if company:
            names += [company.name_en.split(" ")[0], company.name_ko, *company.aliases]
        if any(n and n.lower() in lowered for n in names):
            return True
    return False


def _fallback(offline: Composition, notes: dict[str, Any]) -> Composition:
    return Composition(text=offline.text, citations=offline.citations,
                       artifacts=offline.artifacts, as_of=offline.as_of,
                       unverified=offline.unverified, synthetic=offline.synthetic,
                       source="template_fallback", notes=notes)
