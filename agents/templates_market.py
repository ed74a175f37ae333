"""Offline answer templates for the market agent (English and Korean)."""

from __future__ import annotations

import re
from typing import Any

from agents.formatting import money, name, num, pct, shares, updown
from agents.state import Language
from agents.templates_screen import measure_screen

PERIOD_LABEL = {
    "en": {"1d": "the last session", "1w": "the past week", "1m": "the past month",
           "3m": "the past 3 months", "6m": "the past 6 months", "ytd": "the year to date",
           "1y": "the past year", "3y": "the past 3 years", "5y": "the past 5 years",
           "10y": "the past 10 years"},
    "ko": {"1d": "최근 1거래일", "1w": "최근 1주", "1m": "최근 1개월", "3m": "최근 3개월",
           "6m": "최근 6개월", "ytd": "올해 들어", "1y": "최근 1년", "3y": "최근 3년",
           "5y": "최근 5년", "10y": "최근 10년"},
}


# Final consonant of how a trailing digit or letter is read: 0 (none), 8 (ㄹ), other (closed).
_DIGIT_FINAL = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8,
                "9": 0}
_LETTER_FINAL = {"L": 8, "M": 16, "N": 4}
_TRAILING_PAREN = re.compile(r"\([^()]*\)\s*$")


def _final(word: str) -> int:
    # "삼성전자(005930.KS)" is read without its trailing ticker; a sentence ending in
    # "115,205원" keeps its earlier parentheses out of it
    base = _TRAILING_PAREN.sub("", word).strip() or word
    last = base[-1]
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28
    if last in _DIGIT_FINAL:
        return _DIGIT_FINAL[last]
    return _LETTER_FINAL.get(last.upper(), 0)  # NAVER -> 네이버는, AMD -> 에이엠디는


def josa(word: str, with_final: str, without_final: str) -> str:
    """Pick a Korean particle by whether `word` ends in a consonant (은/는, 이/가, 과/와)."""
    return word + (with_final if _final(word) else without_final)


def ro(word: str) -> str:
    """Word + 으로/로 (로 after a vowel or ㄹ)."""
    return word + ("로" if _final(word) in (0, 8) else "으로")


def _cur(item: dict[str, Any]) -> str:
    return str(item.get("currency") or "")


def quote(item: dict[str, Any], lang: Language) -> str:
    c, n = _cur(item), name(item, lang)
    close, chg, chg_pct = item["close"], item.get("change"), item.get("change_pct")
    if lang == "ko":
        text = f"{josa(n, '은', '는')} {item['date']} 종가 {money(close, c, lang)}"
        if chg_pct is not None and chg is not None:
            text = ro(text) + (f" 전일({money(item['prev_close'], c, lang)}) 대비"
                               f" {pct(chg_pct, signed=False)}"
                     f"({money(abs(chg), c, lang)}) {updown(chg_pct, lang)}했습니다.")
        else:
            text += "입니다."
        text += (f" 당일 고가 {money(item['high'], c, lang)}, 저가 {money(item['low'], c, lang)},"
                 f" 거래량 {shares(item['volume'], lang)}이고, 52주 범위는"
                 f" {money(item['low_52w'], c, lang)}~{money(item['high_52w'], c, lang)}입니다.")
        return text
    text = f"{n} closed at {money(close, c, lang)} on {item['date']}"
    if chg_pct is not None and chg is not None:
        text += (f", {updown(chg_pct, lang)} {pct(chg_pct, signed=False)}"
                 f" ({money(abs(chg), c, lang)}) from the previous close of"
                 f" {money(item['prev_close'], c, lang)}.")
    else:
        text += "."
    text += (f" Day range {money(item['low'], c, lang)}–{money(item['high'], c, lang)}, volume"
             f" {shares(item['volume'], lang)}; 52-week range {money(item['low_52w'], c, lang)}–"
             f"{money(item['high_52w'], c, lang)}.")
    return text


def history(item: dict[str, Any], lang: Language) -> str:
    c, n, p = _cur(item), name(item, lang), item["change_pct"]
    s, e = money(item["start_close"], c, lang), money(item["end_close"], c, lang)
    hi, lo = money(item["high"], c, lang), money(item["low"], c, lang)
    if lang == "ko":
        return (f"{josa(n, '은', '는')} {PERIOD_LABEL['ko'].get(item['period'], '')}"
                f"({item['start_date']}~{item['end_date']}, {item['sessions']}거래일) {s}에서"
                f" {ro(e)} {pct(p, signed=False)} {updown(p, lang)}했습니다. 기간 최고가는"
                f" {hi}({item['high_date']}), 최저가는 {lo}({item['low_date']})이며,"
                " 일평균 거래량은"
                f" {shares(item['avg_volume'], lang)}입니다." + _from_high(item, lang))
    return (f"Over {PERIOD_LABEL['en'].get(item['period'], 'the period')} ({item['start_date']} to"
            f" {item['end_date']}, {item['sessions']} sessions) {n} went from {s} to {e}, "
            f"{updown(p, lang)} {pct(p, signed=False)}. The period high was {hi} on"
            f" {item['high_date']} and the low {lo} on {item['low_date']}; average daily volume"
            f" was {shares(item['avg_volume'], lang)}." + _from_high(item, lang))


def _from_high(item: dict[str, Any], lang: Language) -> str:
    """Where the last close sits against the period high, in words: the two prices are
    already in the sentence, and a derived gap is not a figure the store holds."""
    gap = item.get("below_high_pct")
    if gap is None:
        return ""
    level = 0 if gap == 0 else 1 if gap < 1 else 2 if gap < 5 else 3
    if lang == "ko":
        return " " + ("마지막 종가가 기간 최고가입니다.",
                      "마지막 종가는 기간 최고가와 거의 같은 수준입니다.",
                      "마지막 종가는 기간 최고가보다 조금 낮습니다.",
                      "마지막 종가는 기간 최고가보다 크게 낮습니다.")[level]
    return " " + ("The last close is the period high.", "The last close is almost at the "
                  "period high (less than one percent below).", "The last close is a little "
                  "below the period high (less than five percent).", "The last close is well "
                  "below the period high (five percent or more).")[level]


def ranking(data: dict[str, Any], lang: Language, *, screen: bool) -> str:
    by_ticker = {i["ticker"]: i for i in data["items"]}
    ranked = [by_ticker[t] for t in data["ranked"]]
    first = ranked[0]
    label = PERIOD_LABEL[lang].get(data["period"], data["period"])
    span = f"{first['start_date']}~{first['end_date']}" if lang == "ko" else (
        f"{first['start_date']} to {first['end_date']}")

    def line(i: dict[str, Any]) -> str:
        c = _cur(i)
        return (f"- {name(i, lang)}: {pct(i['change_pct'])} ({money(i['start_close'], c, lang)}"
                f" → {money(i['end_close'], c, lang)})")

    shown = ranked if not screen or len(ranked) <= 6 else [*ranked[:3], *ranked[-3:]]
    lines = [line(i) for i in shown]
    if data.get("missing"):
        lines.append(("- 가격 데이터 없음: " if lang == "ko" else "- No price data: ")
                     + ", ".join(data["missing"]))
    if screen and data.get("lead") == "fallers":
        return _fallers(ranked, lines, data["count"], label, span, lang)
    if screen:
        top, bottom = ranked[0], ranked[-1]
        if lang == "ko":
            head = (f"관심종목 {data['count']}개 중 {label}({span}) 가장 많이 오른 종목은"
                    f" {name(top, lang)}({pct(top['change_pct'])}), 가장 약한 종목은"
                    f" {name(bottom, lang)}({pct(bottom['change_pct'])})입니다.")
        else:
            head = (f"Of the {data['count']} stocks on your watchlist, {name(top, lang)} rose the"
                    f" most over {label} ({span}) at {pct(top['change_pct'])}, and"
                    f" {name(bottom, lang)} did worst at {pct(bottom['change_pct'])}.")
        return head + "\n" + "\n".join(lines)
    last = ranked[-1]
    if lang == "ko":
        head = f"{label}({span}) 수익률 비교:"
        tail = (f"{josa(name(first, lang), '이', '가')} {name(last, lang)}보다"
                f" {num(data.get('gap_pct', 0.0), 2)}%p 앞섰습니다.") if len(ranked) > 1 else ""
    else:
        head = f"Returns over {label} ({span}):"
        tail = (f"{name(first, lang)} led {name(last, lang)} by {num(data.get('gap_pct', 0.0), 2)}"
                f" percentage points.") if len(ranked) > 1 else ""
    return "\n".join([head, *lines, tail]).strip()


def _fallers(ranked: list[dict[str, Any]], lines: list[str], count: int, label: str,
             span: str, lang: Language) -> str:
    """A watchlist screen for "which fell most?": the worst first, and no invented fall."""
    worst, best = ranked[-1], ranked[0]
    fell = worst["change_pct"] < 0
    if lang == "ko":
        head = (f"관심종목 {count}개 중 {label}({span}) 가장 많이 내린 종목은 {name(worst, lang)}"
                f"({pct(worst['change_pct'])})입니다." if fell else
                f"관심종목 {count}개 중 {label}({span}) 내린 종목은 없었고, 가장 약한 종목은"
                f" {name(worst, lang)}({pct(worst['change_pct'])})입니다.")
        head += f" 가장 많이 오른 종목은 {name(best, lang)}({pct(best['change_pct'])})입니다."
    else:
        head = (f"Of the {count} stocks on your watchlist, {name(worst, lang)} fell the most over"
                f" {label} ({span}) at {pct(worst['change_pct'])}" if fell else
                f"None of the {count} stocks on your watchlist fell over {label} ({span}); the"
                f" weakest was {name(worst, lang)} at {pct(worst['change_pct'])}")
        head += f", and {name(best, lang)} rose the most at {pct(best['change_pct'])}."
    shown = [line for line in lines if not line.startswith("- 가격") and
             not line.startswith("- No price")]
    return head + "\n" + "\n".join([*reversed(shown), *lines[len(shown):]])


def technical(item: dict[str, Any], lang: Language) -> str:
    c, n = _cur(item), name(item, lang)
    mas = [(w, item[f"ma{w}"]) for w in (20, 50, 200) if item.get(f"ma{w}") is not None]
    state = item.get("rsi_state")
    if lang == "ko":
        ma_text = ", ".join(f"{w}일 이동평균 {money(v, c, lang)}" for w, v in mas)
        text = (f"{josa(n, '은', '는')} {item['date']} 종가 {money(item['close'], c, lang)}"
                f" 기준 {ma_text}입니다.")
        if item.get("above_ma50") is not None:
            lines = f"50일선 {'위' if item['above_ma50'] else '아래'}"
            if item.get("above_ma200") is not None:
                lines += f", 200일선 {'위' if item['above_ma200'] else '아래'}"
            text += f" 주가는 {lines}에 있습니다."
        if item.get("rsi14") is not None:
            mood = {"overbought": "과매수 구간", "oversold": "과매도 구간", "neutral": "중립 구간"}
            text += f" RSI(14)는 {ro(num(item['rsi14'], 1))} {mood.get(str(state), '')}입니다."
        return text
    ma_text = ", ".join(f"{w}-day moving average {money(v, c, lang)}" for w, v in mas)
    text = f"{n} closed at {money(item['close'], c, lang)} on {item['date']}: {ma_text}."
    if item.get("above_ma50") is not None:
        text += f" The price is {'above' if item['above_ma50'] else 'below'} its 50-day average"
        if item.get("above_ma200") is not None:
            text += f" and {'above' if item['above_ma200'] else 'below'} its 200-day average"
        text += "."
    if item.get("rsi14") is not None:
        mood = {"overbought": "overbought territory", "oversold": "oversold territory",
                "neutral": "the neutral range"}
        text += f" RSI(14) is {num(item['rsi14'], 1)}, in {mood.get(str(state), '')}."
    return text


def volume(item: dict[str, Any], lang: Language) -> str:
    n, spikes = name(item, lang), item["spikes"]
    if lang == "ko":
        text = (f"{josa(n, '은', '는')} {item['date']} 거래량"
                f" {ro(shares(item['volume'], lang))} 20일 평균"
                f"({shares(item['avg_volume_20'], lang)})의"
                f" {num(item['volume_ratio'], 2)}배입니다.")
        if spikes:
            text += " 평균의 2배 이상 거래가 몰린 날:\n" + "\n".join(
                f"- {s['date']}: {shares(s['volume'], lang)} ({num(s['ratio'], 2)}배, 주가"
                f" {pct(s['change_pct'])})" for s in spikes)
        else:
            text += " 기간 중 20일 평균의 2배를 넘는 거래량 급증은 없었습니다."
        return text
    text = (f"{n} traded {shares(item['volume'], lang)} on {item['date']}, "
            f"{num(item['volume_ratio'], 2)}x its 20-day average of"
            f" {shares(item['avg_volume_20'], lang)}.")
    if spikes:
        text += " Sessions with at least 2x the 20-day average volume:\n" + "\n".join(
            f"- {s['date']}: {shares(s['volume'], lang)} ({num(s['ratio'], 2)}x, price"
            f" {pct(s['change_pct'])})" for s in spikes)
    else:
        text += " There were no volume spikes of 2x the 20-day average in the period."
    return text


def peers(data: dict[str, Any], lang: Language) -> str:
    """How related companies moved over the same window as the subject."""
    items = data["items"]
    subject, others = items[0], items[1:]
    if not others:
        return ""
    lines = "\n".join(f"- {name(i, lang)}: {pct(i['change_pct'])}" for i in others)
    n, same, total = name(subject, lang), data["same_direction"], data["peer_count"]
    broad = same * 3 >= total * 2
    if total < 3:  # too few related companies with prices to read anything into
        head = (f"같은 기간 관련 기업의 움직임({n} {pct(subject['change_pct'])}):" if lang == "ko"
                else f"Related companies over the same window ({n} {pct(subject['change_pct'])}):")
        return f"{head}\n{lines}"
    if lang == "ko":
        head = (f"같은 기간 관련 기업의 움직임({subject['start_date']}~{subject['end_date']},"
                f" {n} {pct(subject['change_pct'])}):")
        mean = pct(data["peer_mean_pct"])
        tail = (f"관련 기업 {total}곳 중 {same}곳이 같은 방향으로 움직여(평균 {mean})"
                " 업종 전반의 흐름일 가능성이 있습니다." if broad else
                f"관련 기업 {total}곳 중 {same}곳만 같은 방향이었고(평균 {mean}),"
                f" {josa(n, '은', '는')} 개별 요인이 컸을 수 있습니다.")
        return f"{head}\n{lines}\n{tail}"
    head = (f"Related companies over the same window ({subject['start_date']} to"
            f" {subject['end_date']}; {n} {pct(subject['change_pct'])}):")
    tail = (f"{same} of {total} moved the same way (average {pct(data['peer_mean_pct'])}),"
            " so the move looks broad rather than specific to the company." if broad else
            f"Only {same} of {total} moved the same way (average {pct(data['peer_mean_pct'])}),"
            f" which points to something specific to {n}.")
    return f"{head}\n{lines}\n{tail}"


def render(action: str, data: dict[str, Any], lang: Language) -> str:
    items = data["items"]
    if action == "peers":
        return peers(data, lang)
    if action == "screen" and data.get("measure"):
        return measure_screen(data, lang)
    if action in ("compare", "screen") and len(items) > 1:
        return ranking(data, lang, screen=action == "screen")
    one = {"quote": quote, "history": history, "compare": history, "screen": history,
           "technical": technical, "volume": volume}[action]
    text = "\n\n".join(one(i, lang) for i in items)
    if data.get("missing"):  # "Tesla vs GM vs Ford" with no stored GM or Ford bars
        text += ("\n(저장된 가격 데이터 없음: " if lang == "ko" else
                 "\n(No stored price data for: ") + ", ".join(data["missing"]) + ")"
    return text
