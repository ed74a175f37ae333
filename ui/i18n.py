"""UI text in English and Korean. `t(key, lang, **values)`; a missing key shows the key."""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "ko"]
LANGS: tuple[Lang, ...] = ("en", "ko")
LANG_NAMES: dict[Lang, str] = {"en": "English", "ko": "한국어"}

TEXT: dict[str, tuple[str, str]] = {
    # shell
    "app_title": ("Stockelper", "Stockelper"),
    "tagline": (
        "Your bilingual stock assistant, grounded in the data it collects.",
        "수집한 데이터에 근거해 답하는 한영 주식 도우미",
    ),
    "language": ("Language", "언어"),
    "page_chat": ("Chat", "채팅"),
    "page_graph": ("Company graph", "기업 관계도"),
    "page_forecast": ("Forecast track record", "예측 성적표"),
    "page_status": ("Data & status", "데이터·상태"),
    "synthetic_banner": (
        "Synthetic demo data: prices and news shown here are generated for the demo, "
        "not real market data.",
        "합성 데모 데이터: 여기 보이는 시세와 뉴스는 데모용으로 생성된 것이며 실제 시장 "
        "데이터가 아닙니다.",
    ),
    "startup_failed": ("Stockelper could not start", "Stockelper를 시작하지 못했습니다"),
    "startup_store": (
        "The data store is not reachable. Run `stockelper init`, or check "
        "STOCKELPER_DATABASE_URL / STOCKELPER_DATA_DIR, then retry.",
        "데이터 저장소에 연결할 수 없습니다. `stockelper init`을 실행하거나 "
        "STOCKELPER_DATABASE_URL / STOCKELPER_DATA_DIR 설정을 확인한 뒤 다시 시도하세요.",
    ),
    "startup_missing": (
        "A part of Stockelper is not installed yet ({detail}).",
        "Stockelper 구성 요소가 아직 설치되지 않았습니다 ({detail}).",
    ),
    "startup_other": (
        "Something went wrong while starting up. Details are below.",
        "시작하는 중 문제가 발생했습니다. 자세한 내용은 아래에 있습니다.",
    ),
    "details": ("Details", "자세히"),
    "retry": ("Retry", "다시 시도"),
    # sidebar summary
    "stores": ("Stores", "저장소"),
    "sql_store": ("SQL store", "SQL 저장소"),
    "graph_store": ("Graph store", "그래프 저장소"),
    "llm": ("Language model", "언어 모델"),
    "llm_none": ("none (offline templates)", "없음 (오프라인 템플릿)"),
    "tracing": ("Tracing", "트레이싱"),
    "tracing_off": ("off", "꺼짐"),
    "status_unavailable": (
        "Status is unavailable right now: {detail}",
        "지금은 상태를 확인할 수 없습니다: {detail}",
    ),
    "refresh": ("Refresh", "새로고침"),
    # chat
    "new_chat": ("New chat", "새 대화"),
    "conversations": ("Conversations", "대화 목록"),
    "no_threads": ("No past conversations yet.", "아직 지난 대화가 없습니다."),
    "delete": ("Delete", "삭제"),
    "deleted": ("Conversation deleted.", "대화를 삭제했습니다."),
    "threads_unavailable": (
        "Past conversations are unavailable: {detail}",
        "지난 대화를 불러올 수 없습니다: {detail}",
    ),
    "ask_placeholder": (
        "Ask about a stock, e.g. How has Apple done this month?",
        "종목에 대해 물어보세요. 예: 삼성전자 최근 주가 어때?",
    ),
    "welcome": (
        "Ask about prices, news, company relations or forecasts for US and Korean stocks.",
        "미국·한국 주식의 시세, 뉴스, 기업 관계, 예측을 물어보세요.",
    ),
    "examples": ("Try one of these", "이런 질문을 해 보세요"),
    "ex_1": ("How has Apple's stock done over the last month?", "애플 최근 한 달 주가 어때?"),
    "ex_2": ("Latest news on Samsung Electronics", "삼성전자 최신 뉴스 알려줘"),
    "ex_3": ("Who are NVIDIA's suppliers and competitors?", "엔비디아의 공급사와 경쟁사는?"),
    "ex_4": ("Compare Tesla and Hyundai this year", "테슬라와 현대차 올해 비교해줘"),
    "working": ("Working on it…", "답변을 준비하는 중…"),
    "done": ("Done", "완료"),
    "failed": ("Could not answer", "답변하지 못했습니다"),
    "agent_market": ("Market data", "시세"),
    "agent_news": ("News", "뉴스"),
    "agent_graph": ("Company relations", "기업 관계"),
    "agent_prediction": ("Forecast", "예측"),
    "agent_guard": ("Understanding the question", "질문 이해"),
    "agent_router": ("Choosing sources", "자료 선택"),
    "agent_composer": ("Writing the answer", "답변 작성"),
    "state_started": ("working", "진행 중"),
    "state_done": ("done", "완료"),
    "state_error": ("failed", "실패"),
    "error_store": (
        "The data store is not reachable right now, so I can't look up market data. "
        "Please try again in a moment.",
        "지금은 데이터 저장소에 연결할 수 없어 시세를 조회하지 못했습니다. 잠시 후 다시 "
        "시도해 주세요.",
    ),
    "error_llm": (
        "The language model is not responding right now. Please try again shortly, or run "
        "Stockelper without an LLM (offline templates).",
        "지금은 언어 모델이 응답하지 않습니다. 잠시 후 다시 시도하거나 LLM 없이(오프라인 "
        "템플릿) 실행해 주세요.",
    ),
    "error_input": (
        "I couldn't use that question: {detail}",
        "이 질문은 처리할 수 없습니다: {detail}",
    ),
    "error_internal": (
        "Something went wrong while answering. Please try again.",
        "답변하는 중 문제가 발생했습니다. 다시 시도해 주세요.",
    ),
    "sources": ("Sources", "출처"),
    "as_of": ("Data as of {date}", "{date} 기준 데이터"),
    "answered_by": ("Answered with: {agents}", "사용한 자료: {agents}"),
    "llm_used": ("LLM: {llm}", "LLM: {llm}"),
    "unverified": (
        "Numbers that could not be checked against the data: {items}",
        "데이터로 확인하지 못한 수치: {items}",
    ),
    "feedback_comment": ("Add a comment (optional)", "의견 남기기 (선택)"),
    "send": ("Send", "보내기"),
    "feedback_thanks": ("Thanks for the feedback!", "의견 감사합니다!"),
    "feedback_failed": (
        "Feedback could not be saved: {detail}",
        "의견을 저장하지 못했습니다: {detail}",
    ),
    "view_trace": ("View trace", "트레이스 보기"),
    "history_unavailable": (
        "This conversation could not be loaded: {detail}",
        "이 대화를 불러오지 못했습니다: {detail}",
    ),
    # artifacts
    "price": ("Price", "가격"),
    "volume": ("Volume", "거래량"),
    "forecast_interval": ("{level}% interval", "{level}% 구간"),
    "forecast_median": ("Median forecast", "중앙 예측"),
    "history": ("History", "과거"),
    "p_up": ("Chance of a rise: {pct}%", "상승 확률: {pct}%"),
    "tracing_on": ("on", "켜짐"),
    "no_rows": ("No data to show.", "표시할 데이터가 없습니다."),
    # relation types (graph edges) and node kinds
    "rel_SUPPLIES": ("supplies", "공급"),
    "rel_COMPETES_WITH": ("competes with", "경쟁"),
    "rel_SUBSIDIARY_OF": ("subsidiary of", "자회사"),
    "rel_PARTNERS_WITH": ("partners with", "협력"),
    "rel_HOLDS": ("holds shares", "지분 보유"),
    "rel_OFFICER_OF": ("officer of", "임원"),
    "rel_IN_SECTOR": ("in sector", "업종"),
    "rel_IN_INDUSTRY": ("in industry", "산업"),
    "rel_CO_MENTIONED": ("co-mentioned in news", "뉴스 동시 언급"),
    "kind_Company": ("Company", "기업"),
    "kind_Sector": ("Sector", "업종"),
    "kind_Industry": ("Industry", "산업"),
    "kind_Institution": ("Institution", "기관"),
    "kind_Person": ("Person", "인물"),
    # graph page
    "graph_intro": (
        "Pick a company to see its suppliers, competitors, partners, sector and holders. "
        "Click a neighbour to move there.",
        "기업을 고르면 공급사, 경쟁사, 파트너, 업종, 주요 주주를 보여 줍니다. 이웃 기업을 "
        "누르면 그 기업으로 이동합니다.",
    ),
    "pick_company": ("Company", "기업"),
    "neighbours": ("Neighbours", "연결된 기업"),
    "relation": ("Relation", "관계"),
    "graph_unavailable": (
        "The company graph is not available yet: it appears once the graph has been built.",
        "기업 관계도가 아직 없습니다. 관계도를 만든 뒤에 표시됩니다.",
    ),
    "graph_empty": ("No relations stored for {name} yet.", "{name}의 관계 정보가 아직 없습니다."),
    "graph_failed": ("The graph could not be read: {detail}", "관계도를 읽지 못했습니다: {detail}"),
    # forecast page
    "forecast_intro": (
        "How the forecasts did out of sample: every fold refits on past data only and is "
        "scored on the following days.",
        "예측이 표본 밖에서 얼마나 맞았는지 보여 줍니다. 각 구간은 과거 데이터로만 다시 "
        "학습하고 이후 기간으로 평가합니다.",
    ),
    "no_forecast_eval": (
        "No forecast evaluation yet. The track record appears here once the walk-forward "
        "evaluation has run.",
        "아직 예측 평가가 없습니다. 워크포워드 평가를 실행하면 여기에 성적표가 표시됩니다.",
    ),
    "forecast_failed": (
        "The report could not be read: {detail}",
        "보고서를 읽지 못했습니다: {detail}",
    ),
    "horizon": ("Horizon (trading days)", "기간 (거래일)"),
    "model": ("Model", "모델"),
    "value": ("Value", "값"),
    "nominal": ("Nominal {level}%", "목표 {level}%"),
    "over_time": ("Over time", "기간별 추이"),
    "metric_coverage": ("Interval coverage (target: the nominal level)",
                        "구간 포함률 (목표: 명목 수준)"),
    "metric_brier": ("Direction: Brier score (lower is better)",
                     "방향 예측: 브라이어 점수 (낮을수록 좋음)"),
    "metric_qlike": ("Volatility: QLIKE loss (lower is better)",
                     "변동성: QLIKE 손실 (낮을수록 좋음)"),
    "model_model": ("our model", "자체 모델"),
    "model_base_rate": ("base rate", "기본 비율"),
    "model_interval": ("forecast interval", "예측 구간"),
    "model_har": ("HAR (our model)", "HAR (자체 모델)"),
    "model_hist20": ("20-day historical", "20일 역사적 변동성"),
    "model_ewma": ("EWMA", "EWMA"),
    "model_garch": ("GARCH", "GARCH"),
    "run_success": ("success", "성공"),
    "run_partial": ("partial", "일부 성공"),
    "run_failed": ("failed", "실패"),
    "run_running": ("running", "진행 중"),
    "tickers_covered": ("Tickers evaluated: {n}", "평가 종목 수: {n}"),
    # status page
    "freshness": ("Data freshness", "데이터 최신성"),
    "dataset": ("Dataset", "데이터"),
    "rows": ("Rows", "행 수"),
    "newest": ("Newest", "최신 시점"),
    "last_success": ("Last successful run", "마지막 성공 수집"),
    "ds_prices": ("Daily prices", "일별 시세"),
    "ds_news": ("News", "뉴스"),
    "ds_profiles": ("Company profiles", "기업 개요"),
    "run_ledger": ("Collection runs", "수집 기록"),
    "no_runs": ("No collection has run yet.", "아직 수집 기록이 없습니다."),
    "failures_only": ("Failures only", "실패만 보기"),
    "job": ("Job", "작업"),
    "status": ("Status", "상태"),
    "started": ("Started", "시작"),
    "finished": ("Finished", "종료"),
    "counts": ("Counts", "건수"),
    "errors": ("Errors", "오류"),
    "collect_now": ("Collect now", "지금 수집"),
    "collect_help": (
        "Fetch prices, news and profiles for the watchlist now.",
        "관심 종목의 시세, 뉴스, 기업 개요를 지금 가져옵니다.",
    ),
    "collect_unavailable": (
        "Collecting from the web app is not available in this installation. "
        "Use `stockelper collect` in a terminal.",
        "이 설치에서는 웹 앱에서 수집할 수 없습니다. 터미널에서 `stockelper collect`를 "
        "사용하세요.",
    ),
    "collecting": ("Collecting…", "수집 중…"),
    "collect_done": ("Collection finished: {summary}", "수집 완료: {summary}"),
    "collect_failed": ("Collection failed: {detail}", "수집 실패: {detail}"),
    "watchlist": ("Watchlist", "관심 종목"),
    "watchlist_add": ("Add a company (name in English or Korean, or a ticker)",
                      "기업 추가 (영문·한글 이름 또는 티커)"),
    "add": ("Add", "추가"),
    "remove": ("Remove", "제거"),
    "added": ("Added {ticker} ({name}).", "{ticker} ({name})를 추가했습니다."),
    "already": ("{ticker} is already on the watchlist.", "{ticker}는 이미 관심 종목에 있습니다."),
    "ambiguous": (
        "Several companies match — pick one:",
        "여러 기업이 해당됩니다. 하나를 고르세요:",
    ),
    "not_found": ("No company found for “{query}”.", "“{query}”에 해당하는 기업이 없습니다."),
    "removed": ("Removed {tickers}.", "{tickers}를 제거했습니다."),
    "watchlist_unavailable": (
        "The watchlist is unavailable: {detail}", "관심 종목을 불러올 수 없습니다: {detail}"
    ),
    "symbols_unavailable": (
        "The symbol directory is not available, so names cannot be resolved.",
        "종목 사전을 사용할 수 없어 이름을 찾을 수 없습니다.",
    ),
    "store_unavailable": (
        "The data store is not reachable or not set up yet ({detail}). Run `stockelper init` "
        "to create it.",
        "데이터 저장소에 연결할 수 없거나 아직 준비되지 않았습니다 ({detail}). "
        "`stockelper init`으로 만들 수 있습니다.",
    ),
}


def t(key: str, lang: str, **values: object) -> str:
    pair = TEXT.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "ko" else pair[0]
    return text.format(**values) if values else text


def pick_language(*, setting: str, chosen: str | None, browser_locale: str | None) -> Lang:
    """The user's explicit choice, else a fixed setting, else the browser, else English."""
    if chosen in LANGS:
        return "ko" if chosen == "ko" else "en"
    if setting in LANGS:
        return "ko" if setting == "ko" else "en"
    if browser_locale and browser_locale.lower().startswith("ko"):
        return "ko"
    return "en"
