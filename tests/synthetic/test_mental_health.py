"""Mental-health referrals: severe illness and the milder problem are referred at their own rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from atr.synthetic.adversity import MILDER_MH_RATE, MILDER_MH_REFERRED, milder_mental_health
from atr.synthetic.health_housing import MH_RECORDED, simulate_mental_health


def _adults(n: int, rng: np.random.Generator) -> pd.DataFrame:
    state = rng.integers(0, 3, n)  # 0 none, 1 severe, 2 milder
    false = np.zeros(n, bool)
    return pd.DataFrame(
        {
            "person": np.arange(n),
            "year": rng.integers(0, 6, n),
            "district": 0,
            "age": 30 + state,
            "mental_health": state == 1,
            "milder_mental_health": state == 2,
            "da_victim": false,
            "homeless": false,
            "hh_da": false,
            "hh_mh": false,
            "hh_sm": false,
            "maltreated": false,
            "in_care": false,
        }
    )


def test_referral_rates_follow_the_state() -> None:
    rng = np.random.default_rng(3)
    py = _adults(30_000, rng)
    referred = np.isin(py["person"], simulate_mental_health(py, rng)["person"])
    severe, milder = py["mental_health"].to_numpy(), py["milder_mental_health"].to_numpy()
    assert referred[severe].mean() == pytest.approx(MH_RECORDED, abs=0.02)
    assert referred[milder].mean() == pytest.approx(MILDER_MH_REFERRED, abs=0.02)
    assert not referred[~severe & ~milder].any()  # no referral without a problem


def test_milder_problem_spares_the_severely_ill_and_children() -> None:
    rng = np.random.default_rng(4)
    n = 60_000
    py = pd.DataFrame(
        {
            "age": np.where(np.arange(n) % 4 == 0, 12, 40),
            "mental_health": np.arange(n) % 4 == 1,
            "da_victim": np.arange(n) % 8 == 2,
            "homeless": np.zeros(n, bool),
        }
    )
    milder_mental_health(py, rng)
    milder = py["milder_mental_health"].to_numpy()
    assert not milder[py["mental_health"].to_numpy() | (py["age"].to_numpy() < 18)].any()
    other = (py["age"].to_numpy() >= 18) & ~py["mental_health"].to_numpy()
    victim = py["da_victim"].to_numpy()
    assert milder[other & ~victim].mean() == pytest.approx(MILDER_MH_RATE, rel=0.1)
    assert milder[other & victim].mean() == pytest.approx(MILDER_MH_RATE * np.exp(0.5), rel=0.1)
