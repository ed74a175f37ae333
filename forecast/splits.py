"""Walk-forward folds: expanding training windows, periodic refits, purged labels.

A fold tests forecast origins `test_start <= date <= test_end`. Its models may learn only
from rows whose label is complete by `fit_until` (the last date before `test_start`):
a training row at origin t with horizon h needs bar t+h, so `label_end <= fit_until`
purges the h origins just before the test period and no training label overlaps it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True, slots=True)
class Fold:
    index: int
    fit_until: pd.Timestamp  # last date whose information (bars and labels) may be used
    test_start: pd.Timestamp
    test_end: pd.Timestamp


def walk_forward_folds(
    dates: Sequence[pd.Timestamp] | pd.DatetimeIndex | pd.Series,
    *,
    min_train: int = 756,
    refit_every: int = 63,
) -> list[Fold]:
    """Folds over the sorted union of trading dates.

    The first fold trains on the first `min_train` dates; each fold tests the next
    `refit_every` dates, then the window expands and the models are refitted.
    """
    if min_train < 1 or refit_every < 1:
        raise ValueError("min_train and refit_every must be positive")
    calendar = pd.DatetimeIndex(pd.unique(pd.to_datetime(pd.Series(dates)))).sort_values()
    folds: list[Fold] = []
    start = min_train
    while start < len(calendar):
        end = min(start + refit_every, len(calendar)) - 1
        folds.append(
            Fold(
                index=len(folds),
                fit_until=calendar[start - 1],
                test_start=calendar[start],
                test_end=calendar[end],
            )
        )
        start = end + 1
    return folds


def train_mask(frame: pd.DataFrame, fold: Fold, horizon: int) -> np.ndarray:
    """Rows a fold may train on for `horizon`: label complete by `fit_until`."""
    end = frame[f"end_{horizon}"]
    return np.asarray(end.notna() & (end <= fold.fit_until))


def origin_mask(frame: pd.DataFrame, fold: Fold) -> np.ndarray:
    """Forecast origins the fold scores."""
    return np.asarray((frame["date"] >= fold.test_start) & (frame["date"] <= fold.test_end))
