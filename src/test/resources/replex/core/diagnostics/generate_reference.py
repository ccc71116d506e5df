#!/usr/bin/env python3
"""Generate the reference values for the replex.core.diagnostics tests.

Run once from the repository root (needs numpy and scipy, not ArviZ):

    python3 src/test/resources/replex/core/diagnostics/generate_reference.py

It writes one JSON file per case next to this script: the draws, and under
"expected" the values of the NumPy reimplementation below. Since 2026-12-01 the
Java tests check against the values the R package posterior computes for the same
draws (posterior_reference.R writes posterior_reference.json); "expected" is kept
for comparison. The Java tests never run Python or R.

The diagnostics are an independent NumPy reimplementation of ArviZ's
rank-normalised split-R-hat, bulk ESS and tail ESS (arviz/stats/diagnostics.py:
_z_scale, _split_chains, _rhat, _rhat_rank, _ess, _ess_bulk, _ess_tail,
_ess_quantile), which follow

    Vehtari, Gelman, Simpson, Carpenter & Buerkner (2021). Rank-normalization,
    folding, and localization: An improved R-hat for assessing convergence of
    MCMC. Bayesian Analysis 16(2), 667-718. doi:10.1214/20-BA1221

Deliberate differences from ArviZ, shared with the Java code (they are the
choices of the R package posterior):
  * R-hat of a single chain is computed from its two halves (ArviZ: NaN);
  * a constant parameter gives NaN for ESS as well as for R-hat (ArviZ returns
    S for the ESS);
  * any non-finite draw gives NaN diagnostics.

A JSON null stands for NaN.
"""

import csv
import json
import math
import os

import numpy as np
from scipy.stats import norm, rankdata

HERE = os.path.dirname(os.path.abspath(__file__))
KIDIQ = "/work/shared/data/posteriordb/kidiq-kidscore_momiq/reference_draws.csv"
MIN_DRAWS = 4


# ---------------------------------------------------------------- diagnostics

def split_chains(x):
    """Each chain into its first and last half; drops the middle draw of odd lengths."""
    half = x.shape[1] // 2
    return np.vstack([x[:, :half], x[:, x.shape[1] - half:]])


def z_scale(x):
    """Rank normalisation: average ranks over all draws, Blom offset 3/8, normal quantile."""
    ranks = rankdata(x.ravel(), method="average").reshape(x.shape)
    return norm.ppf((ranks - 3.0 / 8.0) / (x.size - 2.0 * 3.0 / 8.0 + 1.0))


def basic_rhat(x):
    """Gelman-Rubin R-hat of a (chain, draw) array (chains already split)."""
    n = x.shape[1]
    chain_mean = x.mean(axis=1)
    within = x.var(axis=1, ddof=1).mean()
    between = n * chain_mean.var(ddof=1)
    return math.sqrt((between / within + n - 1.0) / n)


def autocov(x):
    """Biased autocovariance of each row at every lag, by FFT with zero padding."""
    n = x.shape[1]
    m = 1
    while m < 2 * n:
        m *= 2
    centred = x - x.mean(axis=1, keepdims=True)
    f = np.fft.rfft(centred, n=m, axis=1)
    return np.fft.irfft(f * np.conjugate(f), n=m, axis=1)[:, :n] / n


def ess_of(x):
    """Multi-chain ESS (Stan / ArviZ _ess) of a (chain, draw) array."""
    x = np.asarray(x, dtype=float)
    if np.max(x) - np.min(x) < np.finfo(float).resolution:
        return float(x.size)
    n_chain, n_draw = x.shape
    acov = autocov(x)
    chain_mean = x.mean(axis=1)
    mean_var = np.mean(acov[:, 0]) * n_draw / (n_draw - 1.0)
    var_plus = mean_var * (n_draw - 1.0) / n_draw
    if n_chain > 1:
        var_plus += chain_mean.var(ddof=1)

    rho = np.zeros(n_draw)
    rho_even = 1.0
    rho[0] = rho_even
    rho_odd = 1.0 - (mean_var - np.mean(acov[:, 1])) / var_plus
    rho[1] = rho_odd

    # Geyer's initial positive sequence
    t = 1
    while t < n_draw - 3 and rho_even + rho_odd > 0.0:
        rho_even = 1.0 - (mean_var - np.mean(acov[:, t + 1])) / var_plus
        rho_odd = 1.0 - (mean_var - np.mean(acov[:, t + 2])) / var_plus
        if rho_even + rho_odd >= 0:
            rho[t + 1] = rho_even
            rho[t + 2] = rho_odd
        t += 2
    max_t = t - 2
    if rho_even > 0:
        rho[max_t + 1] = rho_even

    # Geyer's initial monotone sequence
    t = 1
    while t <= max_t - 2:
        if rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]:
            rho[t + 1] = (rho[t - 1] + rho[t]) / 2.0
            rho[t + 2] = rho[t + 1]
        t += 2

    size = n_chain * n_draw
    tau = -1.0 + 2.0 * np.sum(rho[: max_t + 1]) + np.sum(rho[max_t + 1: max_t + 2])
    tau = max(tau, 1.0 / np.log10(size))
    if np.isnan(rho).any():
        return float("nan")
    return size / tau


def undefined(x):
    """NaN diagnostics: too few draws, a non-finite draw, or a constant parameter."""
    return x.shape[1] < MIN_DRAWS or not np.all(np.isfinite(x)) or np.all(x == x.flat[0])


def rhat_bulk(x):
    return float("nan") if undefined(x) else basic_rhat(z_scale(split_chains(x)))


def rhat_tail(x):
    if undefined(x):
        return float("nan")
    s = split_chains(x)
    return basic_rhat(z_scale(np.abs(s - np.median(s))))


def rhat(x):
    return float("nan") if undefined(x) else max(rhat_bulk(x), rhat_tail(x))


def ess_bulk(x):
    return float("nan") if undefined(x) else ess_of(z_scale(split_chains(x)))


def ess_quantile(x, prob):
    if undefined(x):
        return float("nan")
    q = np.quantile(x, prob)  # numpy 'linear' = Hyndman-Fan type 7, as ArviZ's mquantiles(1, 1)
    return ess_of(split_chains((x <= q).astype(float)))


def ess_tail(x):
    return min(ess_quantile(x, 0.05), ess_quantile(x, 0.95)) if not undefined(x) else float("nan")


# ---------------------------------------------------------------- cases

def ar1(rng, chains, draws, phi, start_sd=None):
    sd0 = 1.0 / math.sqrt(1.0 - phi * phi) if start_sd is None else start_sd
    out = np.empty((chains, draws))
    for c in range(chains):
        eps = rng.standard_normal(draws)
        v = sd0 * rng.standard_normal()
        for i in range(draws):
            v = phi * v + eps[i]
            out[c, i] = v
    return out


def kidiq_beta1():
    by_chain = {}
    with open(KIDIQ, newline="") as f:
        for row in csv.DictReader(f):
            by_chain.setdefault(int(row["chain"]), []).append((int(row["draw"]), float(row["beta[1]"])))
    return np.array([[v for _, v in sorted(by_chain[c])] for c in sorted(by_chain)])


def cases():
    yield "iid_normal", "iid N(0,1), 4 x 1000", np.random.default_rng(1).standard_normal((4, 1000))
    yield "ar1_phi09", "AR(1) phi=0.9 from stationarity, 4 x 2000", ar1(np.random.default_rng(2), 4, 2000, 0.9)
    shifted = np.random.default_rng(3).standard_normal((4, 1000)) + np.array([[0.0], [0.0], [1.0], [2.0]])
    yield "shifted_means", "iid N(mu_c,1), chain means 0,0,1,2; 4 x 1000", shifted
    scaled = np.random.default_rng(4).standard_normal((4, 1000)) * np.array([[1.0], [1.0], [1.0], [3.0]])
    yield "different_scales", "iid N(0,sd_c), chain sds 1,1,1,3 (tail R-hat); 4 x 1000", scaled
    yield "cauchy", "iid standard Cauchy, 4 x 1000", np.random.default_rng(5).standard_cauchy((4, 1000))
    yield "ties_poisson", "iid Poisson(2) as doubles (many ties), 4 x 500", \
        np.random.default_rng(6).poisson(2.0, (4, 500)).astype(float)
    yield "single_chain", "one AR(1) phi=0.5 chain, 1 x 1000", ar1(np.random.default_rng(7), 1, 1000, 0.5)
    yield "odd_length", "iid N(0,1), 3 x 501 (middle draw dropped when splitting)", \
        np.random.default_rng(8).standard_normal((3, 501))
    yield "minimal_4_draws", "iid N(0,1), 2 x 4 (smallest defined case)", np.random.default_rng(9).standard_normal((2, 4))
    yield "too_short", "iid N(0,1), 4 x 3: diagnostics NaN", np.random.default_rng(10).standard_normal((4, 3))
    yield "constant", "all draws 3.0, 4 x 10: diagnostics NaN", np.full((4, 10), 3.0)
    yield "kidiq_beta1", "posteriordb kidiq-kidscore_momiq reference draws, beta[1], 10 x 1000", kidiq_beta1()


def nullable(v):
    v = float(v)
    return None if math.isnan(v) else v


def main():
    for name, description, draws in cases():
        pooled = draws.ravel()
        expected = {
            "mean": np.mean(pooled),
            "sd": np.std(pooled, ddof=1) if pooled.size > 1 else float("nan"),
            "q05": np.quantile(pooled, 0.05),
            "q50": np.quantile(pooled, 0.50),
            "q95": np.quantile(pooled, 0.95),
            "ess_bulk": ess_bulk(draws),
            "ess_tail": ess_tail(draws),
            "ess_q05": ess_quantile(draws, 0.05),
            "ess_q95": ess_quantile(draws, 0.95),
            "rhat": rhat(draws),
            "rhat_bulk": rhat_bulk(draws),
            "rhat_tail": rhat_tail(draws),
        }
        doc = {
            "name": name,
            "description": description,
            "generator": "generate_reference.py (numpy %s)" % np.__version__,
            "expected": {k: nullable(v) for k, v in expected.items()},
            "draws": [[float(v) for v in chain] for chain in draws],
        }
        path = os.path.join(HERE, name + ".json")
        with open(path, "w") as f:
            json.dump(doc, f, allow_nan=False, separators=(",", ":"))
            f.write("\n")
        print("%-18s rhat=%-10.6g ess_bulk=%-10.6g ess_tail=%-10.6g" %
              (name, expected["rhat"], expected["ess_bulk"], expected["ess_tail"]))


if __name__ == "__main__":
    main()
