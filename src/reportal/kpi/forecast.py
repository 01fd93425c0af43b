"""Forecasts of volume KPIs (tickets opened, calls offered): exponential smoothing (ETS,
Holt-Winters) from statsmodels on the monthly series, with an 80 % prediction interval.

Pure: a list of past values in, a ``Forecast`` out. Below ``MIN_POINTS`` past values (or with
a gap in them) it refuses with a reason instead of drawing a line through too little data. The
method is published with the result, and so is its back-test error: the model fitted without
the last ``BACKTEST`` points, its forecasts of those points compared with what happened (MAPE).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    from reportal.lazy_modules import numpy as np
    from reportal.lazy_modules import pandas as pd


MIN_POINTS = 12
SEASON = 12  # monthly series: a yearly season, used from two full years on
BACKTEST = 6
LEVEL = 0.8  # prediction interval: 80 %


@dataclass(frozen=True)
class Forecast:
    """``values``/``lower``/``upper`` for the next periods; empty with a ``reason`` if refused."""

    values: tuple[float, ...] = ()
    lower: tuple[float, ...] = ()
    upper: tuple[float, ...] = ()
    method: str = ""
    mape: float | None = None  # back-test error over the last BACKTEST points, in %
    reason: str = ""  # refused: "gap" (a period without data) or "short" (below MIN_POINTS)
    points: int = 0  # the number of past values given


def forecast(history: list[float | None], horizon: int) -> Forecast:
    """Forecast ``horizon`` periods after ``history`` (oldest first, one value per period)."""
    if any(v is None or not np.isfinite(v) for v in history):
        return Forecast(reason="gap", points=len(history))
    if len(history) < MIN_POINTS:
        return Forecast(reason="short", points=len(history))
    series = np.asarray(history, dtype="float64")
    mean, lower, upper = _predict(series, horizon)
    return Forecast(
        tuple(mean),
        tuple(lower),
        tuple(upper),
        method=describe(len(series)),
        mape=backtest(series),
        points=len(series),
    )


def describe(points: int) -> str:
    if _seasonal(points):
        return f"ETS(A,A,A), additive trend and {SEASON}-period season, {points} periods"
    return f"ETS(A,Ad,N), additive damped trend, {points} periods"


def backtest(series: np.ndarray) -> float | None:
    """MAPE (%) of forecasts of the last BACKTEST points from the points before them."""
    train, test = series[:-BACKTEST], series[-BACKTEST:]
    if len(train) < MIN_POINTS or not np.all(test):
        return None
    predicted, _, _ = _predict(train, BACKTEST)
    return float(np.mean(np.abs(test - predicted) / np.abs(test)) * 100.0)


def _seasonal(points: int) -> bool:
    return points >= 2 * SEASON


def _predict(series: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel  # slow import: only here

    seasonal = _seasonal(len(series))
    model = ETSModel(
        pd.Series(series),
        error="add",
        trend="add",
        damped_trend=not seasonal,
        seasonal="add" if seasonal else None,
        seasonal_periods=SEASON if seasonal else None,
    )
    with warnings.catch_warnings():  # convergence chatter on short series
        warnings.simplefilter("ignore")
        fitted = model.fit(disp=False)
        frame = fitted.get_prediction(len(series), len(series) + horizon - 1).summary_frame(
            alpha=1 - LEVEL
        )
    clip = np.maximum  # volumes are never negative
    return (
        clip(frame["mean"].to_numpy(), 0.0),
        clip(frame["pi_lower"].to_numpy(), 0.0),
        clip(frame["pi_upper"].to_numpy(), 0.0),
    )
