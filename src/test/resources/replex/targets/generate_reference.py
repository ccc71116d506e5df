#!/usr/bin/env python3
"""Computes reference log-prior and log-likelihood values of Replex's built-in targets with SciPy.

Run once, from anywhere:  python3 generate_reference.py
Writes reference_values.json next to this script; the Java tests (replex.targets.*Test) read it
and need no Python. Natural logs; -inf is written as the string "-Infinity" (JSON has no
infinities). The posteriordb data sets are read from the copies in src/main/resources, which are
what the Java targets read.

Written with Python 3 / NumPy / SciPy 1.17.
"""

import json
import math
import os

import numpy as np
import scipy
from scipy import stats
from scipy.special import logsumexp

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN_RESOURCES = os.path.join(HERE, "..", "..", "..", "..", "main", "resources", "replex", "targets")
NEG_INF = float("-inf")


def load_data(posterior):
    with open(os.path.join(MAIN_RESOURCES, posterior, "data.json")) as f:
        return json.load(f)


def fsum(values):
    return math.fsum(np.asarray(values, dtype=float).ravel())


# --- analytic targets ----------------------------------------------------------------------

def gaussian(config):
    means = np.array(config["means"], dtype=float)
    if "sds" in config:
        sds = np.array(config["sds"], dtype=float)
    else:
        sds = np.full(means.shape, float(config.get("sd", 1.0)))

    def evaluate(x):
        return 0.0, fsum(stats.norm.logpdf(np.array(x), means, sds))
    return evaluate


def gaussian_mixture(config):
    weights = np.array(config["weights"], dtype=float)
    weights = weights / weights.sum()
    means = np.array(config["means"], dtype=float)
    if "sds" in config:
        sds = np.array(config["sds"], dtype=float)
    else:
        sds = np.full(len(weights), float(config.get("sd", 1.0)))
    d = means.shape[1]

    def evaluate(x):
        terms = [math.log(w) + stats.multivariate_normal.logpdf(np.array(x), mean=m, cov=(s * s) * np.eye(d))
                 for w, m, s in zip(weights, means, sds)]
        return 0.0, float(logsumexp(terms))
    return evaluate


def rosenbrock(config):
    a = float(config.get("a", 1.0))
    b = float(config.get("b", 100.0))
    scale = float(config.get("scale", 0.05))

    def evaluate(x):
        x = np.array(x, dtype=float)
        terms = b * (x[1:] - x[:-1] ** 2) ** 2 + (a - x[:-1]) ** 2
        return 0.0, -scale * fsum(terms)
    return evaluate


# --- posteriordb targets -------------------------------------------------------------------

def kidiq(config):
    data = load_data("kidiq-kidscore_momiq")
    score = np.array(data["kid_score"], dtype=float)
    iq = np.array(data["mom_iq"], dtype=float)

    def evaluate(x):
        b1, b2, sigma = x
        if not sigma > 0:
            return NEG_INF, NEG_INF
        prior = float(stats.halfcauchy.logpdf(sigma, scale=2.5))
        likelihood = fsum(stats.norm.logpdf(score, b1 + b2 * iq, sigma))
        return prior, likelihood
    return evaluate


def eight_schools(config):
    data = load_data("eight_schools-eight_schools_noncentered")
    y = np.array(data["y"], dtype=float)
    sigma = np.array(data["sigma"], dtype=float)

    def evaluate(x):
        theta_trans = np.array(x[:8], dtype=float)
        mu, tau = x[8], x[9]
        if not tau > 0:
            return NEG_INF, NEG_INF
        prior = fsum(list(stats.norm.logpdf(theta_trans, 0, 1))
                     + [stats.norm.logpdf(mu, 0, 5), stats.halfcauchy.logpdf(tau, scale=5)])
        likelihood = fsum(stats.norm.logpdf(y, mu + tau * theta_trans, sigma))
        return prior, likelihood
    return evaluate


def low_dim_gauss_mix(config):
    data = load_data("low_dim_gauss_mix-low_dim_gauss_mix")
    y = np.array(data["y"], dtype=float)

    def evaluate(x):
        mu1, mu2, s1, s2, theta = x
        if not (mu1 < mu2 and s1 > 0 and s2 > 0 and 0 < theta < 1):
            return NEG_INF, NEG_INF
        # log 2: the pair of N(0, 2) renormalised to the ordered half-plane mu1 < mu2
        prior = fsum([math.log(2.0),
                      stats.norm.logpdf(mu1, 0, 2), stats.norm.logpdf(mu2, 0, 2),
                      stats.halfnorm.logpdf(s1, scale=2), stats.halfnorm.logpdf(s2, scale=2),
                      stats.beta.logpdf(theta, 5, 5)])
        per_point = logsumexp([math.log(theta) + stats.norm.logpdf(y, mu1, s1),
                               math.log1p(-theta) + stats.norm.logpdf(y, mu2, s2)], axis=0)
        return prior, fsum(per_point)
    return evaluate


# --- cases ---------------------------------------------------------------------------------

CASES = [
    ("gaussian", gaussian, {"means": [0, 1, -2], "sds": [1, 0.5, 3]},
     [[0, 1, -2], [0.3, -0.7, 4.1], [100, -50, 30], [-1e3, 1e3, 0]]),
    ("gaussian", gaussian, {"means": [5], "sd": 2},
     [[5], [-1.25], [65]]),
    ("gaussian", gaussian, {"means": [0, 0]},
     [[0, 0], [1, -1], [30, 30]]),
    # far from the modes: 30 sds beyond a mode, and further
    ("gaussian-mixture", gaussian_mixture, {"weights": [0.3, 0.7], "means": [[-5, -5], [5, 5]], "sd": 1},
     [[-5, -5], [5, 5], [0, 0], [35, 5], [-35, -5], [5, 35], [-35, -35], [200, -300]]),
    ("gaussian-mixture", gaussian_mixture, {"weights": [1, 1, 2], "means": [[-10], [0], [10]], "sds": [0.5, 1, 2]},
     [[-10], [-5], [0.1], [10], [25], [70], [-25], [-1000]]),
    ("gaussian-mixture", gaussian_mixture,
     {"weights": [0.5, 0.5], "means": [[1, 2, 3], [-1, -2, -3]], "sds": [0.1, 3]},
     [[1, 2, 3], [-1, -2, -3], [1, 2, 3.5], [4, 5, 6], [91, -88, 3]]),
    ("rosenbrock", rosenbrock, {},
     [[1, 1], [0, 0], [-1.5, 2], [3, -2], [-100, 100]]),
    ("rosenbrock", rosenbrock, {"dimension": 4, "a": 0.5, "b": 50, "scale": 0.1},
     [[0.5, 0.25, 0.0625, 0.00390625], [1, 1, 1, 1], [-1.2, 0.7, 2.5, -0.3]]),
    ("kidiq-kidscore_momiq", kidiq, {},
     [[25.916531571936176, 0.6086284370903341, 18.27584838142448],
      [0, 0, 1], [-100, 3, 0.5], [30, 0.5, 1e3], [26, 0.6, 1e-3],
      [25, 0.6, 0], [25, 0.6, -1]]),
    ("eight_schools-eight_schools_noncentered", eight_schools, {},
     [[0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
      [0.4, 0.1, -0.1, 0.05, -0.2, -0.1, 0.35, 0.08, 4.41, 3.6],
      [1.5, -2, 0.3, 1.1, -0.7, 0.2, -1.9, 2.2, -3, 12],
      [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 5, 1e-3],
      [5, -5, 5, -5, 5, -5, 5, -5, 100, 500],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, -2]]),
    ("low_dim_gauss_mix-low_dim_gauss_mix", low_dim_gauss_mix, {},
     [[-2.7335144745179534, 2.869831885665725, 1.0280738831763863, 1.0238215386157976, 0.6215493443580639],
      [-1, 1, 0.5, 2, 0.1],
      [-30, 40, 0.2, 0.1, 0.99],
      [0, 1e-9, 3, 3, 0.5],
      [2.8, 2.7, 1, 1, 0.5],
      [1, 1, 1, 1, 0.5],
      [-2, 2, 0, 1, 0.5],
      [-2, 2, 1, -1, 0.5],
      [-2, 2, 1, 1, 0],
      [-2, 2, 1, 1, 1],
      [-2, 2, 1, 1, 1.2]]),
]


def encode(value):
    value = float(value)
    if value == NEG_INF:
        return "-Infinity"
    if not math.isfinite(value):
        raise ValueError("unexpected value %r" % value)
    return value


def main():
    cases = []
    for name, model, config, points in CASES:
        evaluate = model(config)
        rows = []
        for x in points:
            x = [float(v) for v in x]
            prior, likelihood = evaluate(x)
            rows.append({"x": x, "logPrior": encode(prior), "logLikelihood": encode(likelihood)})
        cases.append({"name": name, "config": dict(config, name=name), "points": rows})
    out = {
        "generator": "generate_reference.py, SciPy " + scipy.__version__ + ", NumPy " + np.__version__,
        "cases": cases,
    }
    with open(os.path.join(HERE, "reference_values.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
