from __future__ import annotations

import pandas as pd
import pytest

from forecast.features import add_targets, build_features
from forecast.splits import origin_mask, train_mask, walk_forward_folds


def test_folds_expand_and_tile_the_test_period() -> None:
    dates = pd.bdate_range("2021-01-01", periods=30)
    folds = walk_forward_folds(dates, min_train=10, refit_every=8)
    assert [(f.fit_until, f.test_start, f.test_end) for f in folds] == [
        (dates[9], dates[10], dates[17]),
        (dates[17], dates[18], dates[25]),
        (dates[25], dates[26], dates[29]),  # last fold is shorter
    ]
    assert [f.index for f in folds] == [0, 1, 2]


def test_folds_accept_repeated_unsorted_dates() -> None:
    dates = pd.bdate_range("2021-01-01", periods=12)
    doubled = pd.Series(list(dates[::-1]) + list(dates))
    assert walk_forward_folds(doubled, min_train=10, refit_every=5)[0].test_start == dates[10]


def test_no_fold_when_history_too_short_and_bad_arguments() -> None:
    assert walk_forward_folds(pd.bdate_range("2021-01-01", periods=5), min_train=5) == []
    with pytest.raises(ValueError):
        walk_forward_folds(pd.bdate_range("2021-01-01", periods=5), min_train=0)


@pytest.mark.parametrize("horizon", [1, 5, 20])
def test_training_labels_never_reach_the_test_period(bars: pd.DataFrame, horizon: int) -> None:
    frame = add_targets(build_features(bars), (horizon,))
    fold = walk_forward_folds(frame["date"], min_train=250, refit_every=40)[1]
    train = frame[train_mask(frame, fold, horizon)]
    test = frame[origin_mask(frame, fold)]
    assert train[f"end_{horizon}"].max() <= fold.fit_until < fold.test_start
    assert test["date"].min() == fold.test_start and test["date"].max() == fold.test_end
    # purge: each ticker's last `horizon` origins before the test period are left out
    for _, g in frame[frame["date"] <= fold.fit_until].groupby("ticker"):
        kept = train_mask(g, fold, horizon)
        assert kept[: len(g) - horizon].all() and not kept[len(g) - horizon :].any()
