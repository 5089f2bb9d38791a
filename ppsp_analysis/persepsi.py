"""OPD perception: aggregating 5–9 OPD scores per desa and component (pure)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .method import COMPONENTS
from .scoring import round_half_up


def aggregate_perception(persepsi: pd.DataFrame, agg: str = "mean",
                         rounding: str = "none") -> pd.DataFrame:
    """Aggregate OPD scores per desa and component.

    Parameters
    ----------
    persepsi : pandas.DataFrame
        Long table: ``kode_desa``, ``kode_opd``, ``air_limbah``, ``persampahan``, ``drainase``.
    agg : {"mean", "median", "mode"}
        Across OPD [I]; for ``mode`` a tie takes the higher (riskier) score.
    rounding : {"none", "half_up"}
        Keep the decimal value, or round half up to an integer 1–4 [I].

    Returns
    -------
    pandas.DataFrame
        Indexed by ``kode_desa``: ``persepsi_<c>`` (aggregate before rounding),
        ``skor_persepsi_<c>`` (the score used in EXPOSURE) and ``n_opd``.

    Examples
    --------
    >>> df = pd.DataFrame({"kode_desa": ["a"] * 4, "kode_opd": list("wxyz"),
    ...                    "air_limbah": [1, 2, 2, 4], "persampahan": [3, 3, 4, 4],
    ...                    "drainase": [1, 1, 1, 2]})
    >>> r = aggregate_perception(df, rounding="half_up")
    >>> cols = ["persepsi_air_limbah", "skor_persepsi_air_limbah", "skor_persepsi_persampahan"]
    >>> r.loc["a", cols].tolist()
    [2.25, 2.0, 4.0]
    >>> aggregate_perception(df, agg="mode").loc["a", "skor_persepsi_persampahan"]
    np.float64(4.0)
    """
    data = persepsi.dropna(subset=["kode_desa"])
    grouped = data.groupby("kode_desa")[list(COMPONENTS)]
    if agg == "median":
        value = grouped.median()
    elif agg == "mode":
        value = grouped.agg(lambda s: s.dropna().mode().max() if s.notna().any() else np.nan)
    else:
        value = grouped.mean()
    out = value.add_prefix("persepsi_").astype(float)
    for c in COMPONENTS:
        col = out[f"persepsi_{c}"]
        out[f"skor_persepsi_{c}"] = col.map(round_half_up) if rounding == "half_up" else col
    out["n_opd"] = data.groupby("kode_desa")["kode_opd"].nunique()
    return out
