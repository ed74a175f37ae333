"""Offline templates for watchlist screens on volume spikes and RSI (English and Korean)."""

from __future__ import annotations

from typing import Any

from agents.formatting import name, num, shares
from agents.state import Language

MOOD = {"en": {"overbought": "overbought", "oversold": "oversold", "neutral": "neutral"},
        "ko": {"overbought": "과매수", "oversold": "과매도", "neutral": "중립"}}


def measure_screen(data: dict[str, Any], lang: Language) -> str:
    by = {i["ticker"]: i for i in data["items"]}
    ranked = [by[t] for t in data["ranked"]]
    if data["measure"] == "volume":
        return _volume(ranked, data["count"], lang)
    return _rsi(ranked, data["count"], lang)


def _volume(ranked: list[dict[str, Any]], count: int, lang: Language) -> str:
    spiked = [i for i in ranked if i["spikes"]]
    lines = []
    for i in spiked:
        days = ", ".join(f"{s['date']} ({num(s['ratio'], 2)}{'배' if lang == 'ko' else 'x'})"
                         for s in i["spikes"])
        lines.append(f"- {name(i, lang)}: {days}")
    top = ranked[0]
    latest = (f"{name(top, lang)} {top['date']} 거래량 {shares(top['volume'], lang)}"
              f"(20일 평균의 {num(top['volume_ratio'], 2)}배)" if lang == "ko" else
              f"{name(top, lang)} traded {shares(top['volume'], lang)} on {top['date']},"
              f" {num(top['volume_ratio'], 2)}x its 20-day average")
    if lang == "ko":
        head = (f"관심종목 {count}개 중 기간 내 20일 평균의 2배 이상 거래가 몰린 날이 있는 종목은"
                f" {len(spiked)}개입니다." if spiked else
                f"관심종목 {count}개 모두 기간 내 20일 평균의 2배를 넘는 거래량 급증이 없었습니다.")
        tail = f"마지막 거래일 거래량이 평균 대비 가장 많은 종목: {latest}."
        return "\n".join([head, *lines, tail])
    head = (f"{len(spiked)} of the {count} stocks on your watchlist had sessions with at least 2x"
            " their 20-day average volume in the period:" if spiked else
            f"None of the {count} stocks on your watchlist had a 2x volume spike in the period.")
    return "\n".join([head, *lines, f"Highest volume against its average in the last session: "
                      f"{latest}."])


def _rsi(ranked: list[dict[str, Any]], count: int, lang: Language) -> str:
    def line(i: dict[str, Any]) -> str:
        return (f"- {name(i, lang)}: RSI(14) {num(i['rsi14'], 1)}"
                f" ({MOOD[lang].get(str(i['rsi_state']), '')})")

    hot = [i for i in ranked if i["rsi_state"] == "overbought"]
    cold = [i for i in ranked if i["rsi_state"] == "oversold"]
    picked = hot + cold or ranked[:3] + ranked[-3:]
    shown = list({i["ticker"]: i for i in picked}.values())  # a short list holds no repeats
    if lang == "ko":
        head = (f"관심종목 {count}개 중 과매수 구간 {len(hot)}개, 과매도 구간 {len(cold)}개입니다."
                if hot or cold else
                f"관심종목 {count}개 모두 RSI(14)가 중립 구간입니다. 가장 높은 종목과 낮은 종목:")
    else:
        head = (f"Of the {count} stocks on your watchlist, {len(hot)} are overbought and"
                f" {len(cold)} oversold on RSI(14):" if hot or cold else
                f"All {count} stocks on your watchlist are in RSI(14)'s neutral range; the"
                " highest and lowest:")
    return "\n".join([head, *(line(i) for i in shown)])
