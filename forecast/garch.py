"""GARCH(1,1) baseline via the `arch` package, fitted once per ticker per refit.

Parameters are estimated on returns up to the fold's `fit_until`; forecasts for each test
origin then run the variance recursion with those fixed parameters over returns up to that
origin only (the series handed to `arch` ends at the fold's last test date).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from arch.univariate import arch_model

SCALE = 100.0  # arch prefers percent returns


def garch_fold_forecasts(
    returns: pd.Series,
    *,
    fit_until: pd.Timestamp,
    test_start: pd.Timestamp,
    test_end: pd.Timestamp,
    horizons: Sequence[int],
    min_obs: int = 250,
) -> pd.DataFrame:
    """Mean daily variance over each horizon, for origins in [test_start, test_end].

    `returns` is one ticker's daily log returns indexed by date. Returns a frame indexed by
    origin date with one column `var_garch_{h}` per horizon (empty when too little data).
    """
    r = returns.dropna()
    r = r[r.index <= test_end]
    n_fit = int((r.index <= fit_until).sum())
    columns = [f"var_garch_{h}" for h in horizons]
    if n_fit < min_obs or not (r.index >= test_start).any():
        return pd.DataFrame(columns=columns, dtype=float)
    y = r.to_numpy() * SCALE
    model = arch_model(y, mean="Constant", vol="GARCH", p=1, q=1, dist="normal")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = model.fit(disp="off", last_obs=n_fit, show_warning=False)
        start = int(np.argmax(r.index >= test_start))
        fc = result.forecast(horizon=max(horizons), start=start, reindex=False)
    path = np.asarray(fc.variance.to_numpy(), dtype=float) / (SCALE * SCALE)
    cum = np.cumsum(path, axis=1)
    data = {f"var_garch_{h}": cum[:, h - 1] / h for h in horizons}
    return pd.DataFrame(data, index=r.index[start : start + len(path)])
