"""Plain-words summaries of a forecast and its track record, in English and Korean.

Every number comes from the forecast or the stored evaluation. When a target has no
measurable edge over its baseline the text says so instead of implying skill.
"""

from __future__ import annotations

from forecast.types import TargetRecord, TrackRecord

BASELINE_EN = {
    "hist20": "20-day historical volatility",
    "ewma": "EWMA volatility (lambda 0.94)",
    "garch": "GARCH(1,1)",
    "base_rate": "the base rate of up moves",
}
BASELINE_KO = {
    "hist20": "20일 역사적 변동성",
    "ewma": "EWMA 변동성(람다 0.94)",
    "garch": "GARCH(1,1)",
    "base_rate": "상승 기저율",
}


def _pct(x: float, digits: int = 1) -> str:
    return f"{100.0 * x:.{digits}f}%"


def _ci(rec: TargetRecord) -> str:
    if rec.ci_low is None or rec.ci_high is None:
        return ""
    return f"{rec.ci_low:.1f}% to {rec.ci_high:.1f}%"


def _ci_ko(rec: TargetRecord) -> str:
    if rec.ci_low is None or rec.ci_high is None:
        return ""
    return f"{rec.ci_low:.1f}%~{rec.ci_high:.1f}%"


def vol_sentence(rec: TargetRecord) -> tuple[str, str]:
    name_en, name_ko = BASELINE_EN[rec.baseline_name], BASELINE_KO[rec.baseline_name]
    if rec.has_edge:
        return (
            f"its volatility forecasts had {rec.gain_pct:.1f}% lower QLIKE error than the best "
            f"simple baseline, {name_en} (95% CI {_ci(rec)}): a measurable edge.",
            f"변동성 예측의 QLIKE 오차가 가장 나은 단순 기준인 {name_ko}보다 "
            f"{rec.gain_pct:.1f}% 낮았습니다(95% 신뢰구간 {_ci_ko(rec)}). "
            "측정 가능한 우위가 있습니다.",
        )
    return (
        f"its volatility forecasts showed no measurable edge over {name_en} "
        f"(QLIKE {rec.model:.3f} vs {rec.baseline:.3f}, difference {rec.gain_pct:.1f}%, "
        f"95% CI {_ci(rec)}).",
        f"변동성 예측은 {name_ko} 대비 측정 가능한 우위가 없었습니다"
        f"(QLIKE {rec.model:.3f} 대 {rec.baseline:.3f}, 차이 {rec.gain_pct:.1f}%, "
        f"95% 신뢰구간 {_ci_ko(rec)}).",
    )


def direction_sentence(rec: TargetRecord, p_up: float) -> tuple[str, str]:
    if rec.has_edge:
        return (
            f"Its up-probabilities beat the base rate of up moves (Brier {rec.model:.4f} vs "
            f"{rec.baseline:.4f}, {rec.gain_pct:.1f}% better, 95% CI {_ci(rec)}).",
            f"상승 확률 예측은 상승 기저율보다 나았습니다(Brier {rec.model:.4f} 대 "
            f"{rec.baseline:.4f}, {rec.gain_pct:.1f}% 개선, 95% 신뢰구간 {_ci_ko(rec)}).",
        )
    return (
        f"Its up-probabilities have no measurable edge over the base rate of up moves "
        f"(Brier {rec.model:.4f} vs {rec.baseline:.4f}), so read {_pct(p_up, 0)} as "
        f"close to a coin flip.",
        f"상승 확률 예측은 상승 기저율 대비 측정 가능한 우위가 없습니다"
        f"(Brier {rec.model:.4f} 대 {rec.baseline:.4f}). {_pct(p_up, 0)}는 "
        f"동전 던지기에 가깝게 보십시오.",
    )


def interval_sentence(rec: TargetRecord) -> tuple[str, str]:
    level = _pct(rec.baseline, 0)
    reliable_en = "" if rec.has_edge else " (not well calibrated)"
    reliable_ko = "" if rec.has_edge else " (보정이 충분하지 않음)"
    return (
        f"Its {level} price ranges contained the realised price {_pct(rec.model)} of the "
        f"time{reliable_en}.",
        f"{level} 가격 범위에 실제 가격이 들어간 비율은 {_pct(rec.model)}였습니다{reliable_ko}.",
    )


def track_sentences(record: TrackRecord, p_up: float) -> tuple[str, str]:
    scope_en = "all evaluated tickers" if record.scope == "pooled" else record.scope
    scope_ko = "평가된 전 종목" if record.scope == "pooled" else record.scope
    head_en = (
        f"Track record (walk-forward, {record.period_start:%Y-%m} to {record.period_end:%Y-%m}, "
        f"{record.n_forecasts:,} out-of-sample forecasts, {scope_en}): "
    )
    head_ko = (
        f"과거 성과(워크포워드, {record.period_start:%Y-%m}~{record.period_end:%Y-%m}, "
        f"표본 외 예측 {record.n_forecasts:,}건, {scope_ko}): "
    )
    vol_en, vol_ko = vol_sentence(record.volatility)
    dir_en, dir_ko = direction_sentence(record.direction, p_up)
    int_en, int_ko = interval_sentence(record.interval)
    return (
        f"{head_en}{vol_en} {dir_en} {int_en}",
        f"{head_ko}{vol_ko} {dir_ko} {int_ko}",
    )


def forecast_sentences(
    *, ticker: str, horizon: int, as_of: str, vol_annualised: float, vol_horizon: float,
    low: float, high: float, level: float, last_close: float, p_up: float,
) -> tuple[str, str]:
    en = (
        f"{ticker}, next {horizon} trading day{'s' if horizon > 1 else ''} (as of {as_of}): "
        f"expected volatility {_pct(vol_annualised, 0)} annualised "
        f"(about {_pct(vol_horizon)} over the period). {_pct(level, 0)} range for the price: "
        f"{low:,.2f} to {high:,.2f} (last close {last_close:,.2f}). "
        f"Chance of a rise: {_pct(p_up, 0)}."
    )
    ko = (
        f"{ticker} 향후 {horizon}거래일(기준일 {as_of}): 예상 변동성 연 {_pct(vol_annualised, 0)}"
        f"(기간 중 약 {_pct(vol_horizon)}). {_pct(level, 0)} 가격 범위: "
        f"{low:,.2f} ~ {high:,.2f}(최근 종가 {last_close:,.2f}). 상승 확률: {_pct(p_up, 0)}."
    )
    return en, ko
