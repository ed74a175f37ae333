"""Offline answer templates for the relations graph (English and Korean): related companies
by role, exposure along the supply chain and ownership, and connection paths. Korean answers
quote the Korean evidence note of an edge and fall back to the English one."""

from __future__ import annotations

from typing import Any

from agents.state import Language
from agents.templates_market import josa

ROLE = {
    "en": {"competitor": "competitors", "peer": "industry peers", "supplier": "suppliers",
           "customer": "customers", "partner": "partners", "parent": "parent companies",
           "subsidiary": "subsidiaries", "co_mentioned": "often in the news with",
           "exposure": "dependent companies", "overview": "relations", "path": "connections",
           "ownership": "parent or subsidiary companies"},
    "ko": {"competitor": "경쟁사", "peer": "동종 업계", "supplier": "공급사", "customer": "고객사",
           "partner": "협력사", "parent": "모회사", "subsidiary": "자회사",
           "co_mentioned": "뉴스 동시 언급", "exposure": "의존 기업", "overview": "관계",
           "path": "연결 관계", "ownership": "모회사·자회사"},
}
# The graph's country is where a company is listed (TSMC's and Toyota's ADRs are "US").
COUNTRY = {"en": {"KR": "Korean", "US": "US-listed"}, "ko": {"KR": "한국", "US": "미국 상장"}}
VERB = {"en": {"SUPPLIES": "supplies", "COMPETES_WITH": "competes with", "PARTNERS_WITH":
               "partners with", "SUBSIDIARY_OF": "is a subsidiary of", "CO_MENTIONED":
               "is in the news with"},
        "ko": {"SUPPLIES": "공급", "COMPETES_WITH": "경쟁", "PARTNERS_WITH": "협력",
               "SUBSIDIARY_OF": "자회사", "CO_MENTIONED": "뉴스 동시 언급"}}


def note(item: dict[str, Any], lang: Language) -> str | None:
    """The evidence note in the answer's language (Korean falls back to English); links
    are cited separately, never quoted as a note."""
    text = (item.get("evidence_ko") or item.get("evidence")) if lang == "ko" else (
        item.get("evidence"))
    return None if not text or str(text).startswith("http") else str(text)


def ref(item: dict[str, Any], lang: Language) -> str:
    label = item["name_ko"] if lang == "ko" else item["name_en"]
    if not item.get("ticker") or item["ticker"] == label:
        return str(label)
    return f"{label}({item['ticker']})" if lang == "ko" else f"{label} ({item['ticker']})"


def graph(data: dict[str, Any], lang: Language, center: str) -> str:
    if data.get("path") is not None or data["relation"] == "path":
        return _path(data, lang, center)
    if data["relation"] == "exposure":
        return _exposure(data, lang, center)
    groups = _groups(data["items"], lang)
    only = _only(data, lang)
    head = (f"관계 그래프에 나타난 {center}의 관계입니다{only}." if lang == "ko"
            else f"What the relations graph shows for {center}{only}:")
    if data.get("relation") == "competitors" and "competitor" not in groups:
        head += (" (큐레이션된 경쟁사 정보가 없어 같은 산업의 기업을 보여 드립니다.)"
                 if lang == "ko"
                 else " (no curated competitors, so these are companies in the same industry)")
    return "\n".join([head + _missing(data, lang), *_sections(groups, lang)])


def _groups(items: list[dict[str, Any]], lang: Language) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for item in items:
        text = note(item, lang)
        groups.setdefault(item["role"], []).append(ref(item, lang) + (f" — {text}"
                                                                      if text else ""))
    return groups


def _sections(groups: dict[str, list[str]], lang: Language) -> list[str]:
    parts = []
    for role, names in groups.items():
        role_label = ROLE[lang].get(role, role)
        role_label = role_label[:1].upper() + role_label[1:]
        parts.append(f"{role_label}:\n" + "\n".join(f"- {n}" for n in names))
    return parts


def _only(data: dict[str, Any], lang: Language) -> str:
    country = COUNTRY[lang].get(str(data.get("country")))
    if not country or data.get("country_missing"):
        return ""
    return f"({country} 기업만)" if lang == "ko" else f", {country} companies only"


def _missing(data: dict[str, Any], lang: Language) -> str:
    country = COUNTRY[lang].get(str(data.get("country")))
    if not country or not data.get("country_missing"):
        return ""
    return (f" 관계 그래프에 해당하는 {country} 기업이 없어 전체를 보여 드립니다." if lang == "ko"
            else f" The graph has no {country} companies here, so all are listed.")


def _exposure(data: dict[str, Any], lang: Language, center: str) -> str:
    lines, listed = [], {e["ticker"] for e in data["exposures"] if e["hops"] == 1}
    for e in data["exposures"]:
        nodes, links = e["path"]["nodes"], e["path"]["links"]
        if len(links) == 1:
            parent = links[0]["type"] == "SUBSIDIARY_OF"
            how = ("모회사(최대주주)" if parent else "직접 고객사") if lang == "ko" else (
                "parent company (largest shareholder)" if parent else "direct customer")
        else:
            via = ref({**nodes[1], "ticker": nodes[1].get("ticker") or nodes[1]["key"]}, lang)
            how = f"{via} 경유" if lang == "ko" else f"via {via}"
            if nodes[1]["key"] in listed:  # its own line above already quotes the first link
                links = links[1:]
        notes = "; ".join(n for n in (note(link, lang) for link in links) if n)
        lines.append(f"- {ref(e, lang)} — {how}" + (f": {notes}" if notes else ""))
    hops, only = data.get("max_hops", 2), _only(data, lang)
    adj = f"{COUNTRY['ko'][str(data['country'])]} " if only and lang == "ko" else ""
    parts = []
    if lines:
        head = (f"{josa(center, '에', '에')} 의존하는 {adj}기업입니다(고객사, 고객사의 고객사, "
                f"모회사; 최대 {hops}단계, 가까운 순):" if lang == "ko" else
                f"Companies that depend on {center}{only} — its customers, their customers "
                f"and its parent companies, up to {hops} steps, nearest first:")
        parts.append("\n".join([head + _missing(data, lang), *lines]))
    if data["items"]:
        head = (f"{josa(center, '에', '에')} 납품하는 {adj}공급사(이 회사를 고객으로 둔 기업):"
                if lang == "ko" else
                f"Suppliers that sell to {center}{only} (they count it as a customer):")
        names = _groups(data["items"], lang).get("supplier", [])
        parts.append("\n".join([head + ("" if lines else _missing(data, lang)),
                                 *(f"- {n}" for n in names)]))
    return "\n\n".join(parts)


def _path(data: dict[str, Any], lang: Language, center: str) -> str:
    path = data.get("path")
    if not path:
        return (f"관계 그래프에서 {josa(center, '과', '와')} {data.get('target')} 사이의 "
                "연결을 4단계 안에서 찾지 못했습니다."
                if lang == "ko" else
                f"The relations graph has no connection between {center} and "
                f"{data.get('target')} within 4 steps.")
    chain = " → ".join(n["name_ko"] if lang == "ko" else n["name_en"] for n in path["nodes"])
    steps = "\n".join(f"- {_link(link, path['nodes'], lang)}" for link in path["links"])
    hops = f"{path['hops']} step" + ("s" if path["hops"] != 1 else "")
    extra = ""
    if path.get("includes_news"):
        extra = ("\n(뉴스 동시 언급을 포함한 연결입니다.)" if lang == "ko"
                 else "\n(This connection goes through news co-mentions.)")
    return (f"연결 경로({path['hops']}단계): {chain}\n{steps}{extra}" if lang == "ko"
            else f"Connection ({hops}): {chain}\n{steps}{extra}")


def _link(link: dict[str, Any], nodes: list[dict[str, Any]], lang: Language) -> str:
    names = {n["key"]: (n["name_ko"] if lang == "ko" else n["name_en"]) for n in nodes}
    v = VERB[lang].get(link["type"], link["type"])
    text = (f"{names.get(link['from'])} → {names.get(link['to'])}: {v}" if lang == "ko"
            else f"{names.get(link['from'])} {v} {names.get(link['to'])}")
    said = note(link, lang)
    return text + (f" ({said})" if said else "")


def no_relation(relation: str, who: str, lang: Language, country: str | None) -> str:
    label = ROLE[lang].get(relation.rstrip("s"), ROLE[lang].get(relation, relation))
    place = COUNTRY[lang].get(str(country), "")
    if lang == "ko":
        return f"관계 그래프에 {who}의 {place + ' ' if place else ''}{label} 정보가 없습니다."
    return f"The relations graph lists no {place + ' ' if place else ''}{label} for {who}."
