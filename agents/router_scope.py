"""Scope rules of the offline router: refusals (instructions, trading orders, weather,
other topics), requests for investment advice, crypto. The LLM router runs the same
deterministic refusals first."""

from __future__ import annotations

import re

from agents.state import Refusal


def _rx(*words: str) -> re.Pattern[str]:
    return re.compile("|".join(words), re.IGNORECASE)


REFUSALS: list[tuple[Refusal, re.Pattern[str]]] = [
    ("instructions", _rx(
        r"system prompt", r"your (instructions|prompt|rules)", r"ignore (all |the )?(previous|"
        r"prior|above)", r"developer mode", r"jailbreak", r"reveal (your|the) (prompt|instru)",
        r"시스템 ?프롬프트", r"지시(사항)?(을|를)? ?(무시|알려|보여)",
        r"프롬프트(를|을)? ?(알려|보여|공개)",
        r"이전 지시", r"규칙(을|를)? ?무시", r"system override", r"\byou are now\b",
        r"new instructions", r"act as (a |an )?(broker|trader)", r"너는 이제(부터)?",
        r"지금부터 (너는|넌)", r"역할을 바꿔")),
    ("trading", _rx(
        r"\b(buy|sell|short|purchase)\s+(\d+|some|all|a few|me)\b", r"place (an? )?(order|trade)",
        r"\bexecute (a |the )?(trade|order)", r"\bmy (broker|brokerage) account",
        r"\b(buy|sell|short|dump|liquidate|unload)\s+(my|our|the|it|them|these|those)\b",
        r"(^|[.!:;]\s*)(please\s+)?(buy|sell|short)\s+\w+\s+(shares|stocks?|stake|position)\b",
        r"allowed to (trade|buy|sell)", r"\b(trade|invest) (it |them )?for me\b",
        r"(전량|전부|모두|다|몽땅)\s?(매도|매수|팔|사)", r"(내|제)\s?\S+\s?(주식|지분)\s?(팔|사)",
        r"(매수|매도|구매|구입|팔아|사)\s?(줘|주세요|해줘|해 줘|해주세요)",
        r"\d+\s?주\s?(사|매수|매도|팔)",
        r"주문(을|를)? ?(넣|해|내)")),
    ("weather", _rx(r"\bweather\b", r"\bforecast for (today|tomorrow) in\b", r"날씨", r"기온",
                    r"\brain(ing)?\b", r"비 (와|올)")),
    ("other", _rx(r"\b(recipe|poem|joke|song lyrics|translate this)\b", r"요리법", r"농담",
                  r"시를 ?써")),
]
# "Should I buy Tesla?": the data is shown, with a note that it is not advice; without a
# company it is a refusal. Crypto is out of scope when no listed company is named.
ADVICE = _rx(r"\bshould (i|we) (buy|sell|invest|hold|short|dump|add)",
             r"\bworth (buying|investing)", r"\bgood (time|idea|moment) to (buy|sell|invest)",
             r"\b(is|are) \S+( \S+)? a (good|bad) (buy|investment)",
             r"\bwhich (stocks?|shares?) (should|to) (i )?(buy|sell|pick)",
             r"\brecommend (a |some |me )?(stocks?|shares?)", r"사도 (돼|되나|될까|괜찮)",
             r"(살|팔|매수할|매도할)까\??", r"(매수|매도|투자)해도 (돼|되나|될까|괜찮)",
             r"(종목|주식) ?추천", r"추천 ?(종목|주식)", r"(매수|매도) ?추천",
             r"(사|팔)야 (돼|되나|할까|하나|해|하는)",
             r"(종목|주식).{0,12}추천해\s?(줘|주세요|줄래)", r"target price",
             r"price target", r"목표\s?(주가|가)")
# Valuation and financials are not in the stores: say so, then show what is there.
FUNDAMENTALS = _rx(r"\bp/?e\b", r"\bp/?b\b", r"price.to.(earnings|book)", r"valuation",
                   r"dividend", r"\beps\b", r"earnings per share", r"market cap", r"revenue",
                   r"operating (profit|income)", r"balance sheet", r"(?-i:\bPER\b)",
                   r"\bpbr\b", r"배당", r"시가\s?총액", r"시총", r"밸류에이션", r"재무",
                   r"매출액", r"영업\s?이익", r"순이익", r"주당\s?순이익")
CRYPTO = _rx(r"\bbitcoin\b", r"\bbtc\b", r"\bethereum\b", r"\bcrypto", r"\bdogecoin\b",
             r"비트코인", r"이더리움", r"가상\s?(화폐|자산)", r"암호\s?화폐", r"코인 ?(시세|가격)")


def refusal_of(text: str) -> Refusal:
    for reason, pattern in REFUSALS:
        if pattern.search(text):
            return reason
    return "none"


# The direction a "why" question takes for granted ("why did X drop?"): the answer says so
# when the prices moved the other way.
FELL = _rx(r"\b(fall|fell|falling|drop|dropped|dropping|plunge|plunged|crash|crashed|sink|sank|"
           r"slump|slumped|tumble|tumbled|down)\b", r"떨어", r"하락", r"급락", r"폭락", r"빠졌",
           r"내렸", r"빠진")
ROSE = _rx(r"\b(rise|rose|rising|jump|jumped|surge|surged|soar|soared|rally|rallied|spike|"
           r"spiked|gain|gained|up)\b", r"올랐", r"오른", r"상승", r"급등", r"폭등", r"뛰었")


def assumed_direction(text: str) -> int:
    """-1 when the question assumes a fall, 1 a rise, 0 neither or both."""
    fell, rose = bool(FELL.search(text)), bool(ROSE.search(text))
    return -1 if fell and not rose else 1 if rose and not fell else 0
