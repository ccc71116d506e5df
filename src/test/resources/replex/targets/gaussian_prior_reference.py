#!/usr/bin/env python3
"""Reference values of the built-in target gaussian with a normal prior (prior-sd / prior-sds).

Run once, from anywhere:  python3 gaussian_prior_reference.py
Writes gaussian_prior_values.json next to this script, in the format of reference_values.json
(see generate_reference.py) plus, per case, "logEvidence": log Z = log of the integral of
prior x likelihood. GaussianTargetTest reads it and needs no Python. Natural logs.

log Z is computed twice: in closed form, sum_i log N(m0_i; m_i, s0_i^2 + s_i^2), and by
numerical integration of each coordinate's prior x likelihood (scipy.integrate.quad); the script
stops if they differ by more than 1e-9.

Written with Python 3 / NumPy / SciPy 1.17.
"""

import json
import math
import os

import numpy as np
import scipy
from scipy import integrate, stats

HERE = os.path.dirname(os.path.abspath(__file__))


def per_coordinate(config, one, many, d, default):
    if many in config:
        return np.array(config[many], dtype=float)
    return np.full(d, float(config.get(one, default)))


def parts(config):
    means = np.array(config["means"], dtype=float)
    d = len(means)
    sds = per_coordinate(config, "sd", "sds", d, 1.0)
    prior_sds = per_coordinate(config, "prior-sd", "prior-sds", d, 1.0)
    prior_means = np.array(config.get("prior-means", [0.0] * d), dtype=float)
    return means, sds, prior_means, prior_sds


def log_evidence(config):
    means, sds, prior_means, prior_sds = parts(config)
    closed = math.fsum(stats.norm.logpdf(prior_means, means, np.sqrt(prior_sds ** 2 + sds ** 2)))
    numeric = 0.0
    for m, s, m0, s0 in zip(means, sds, prior_means, prior_sds):
        f = lambda x: stats.norm.pdf(x, m0, s0) * stats.norm.pdf(x, m, s)
        centre = (m * s0 ** 2 + m0 * s ** 2) / (s0 ** 2 + s ** 2)
        width = s0 * s / math.sqrt(s0 ** 2 + s ** 2)
        value, _ = integrate.quad(f, centre - 40 * width, centre + 40 * width, points=[centre],
                                  epsabs=0, epsrel=1e-13, limit=200)
        numeric += math.log(value)
    assert abs(closed - numeric) < 1e-9, (closed, numeric)
    return closed


def point(config, x):
    means, sds, prior_means, prior_sds = parts(config)
    x = np.array(x, dtype=float)
    return {
        "x": x.tolist(),
        "logPrior": math.fsum(stats.norm.logpdf(x, prior_means, prior_sds)),
        "logLikelihood": math.fsum(stats.norm.logpdf(x, means, sds)),
    }


CASES = [
    ({"name": "gaussian", "means": [1, -2], "sd": 0.5, "prior-means": [0.5, 0], "prior-sds": [3, 2]},
     [[1, -2], [0, 0], [-3.5, 7.25], [0.5, 0]]),
    ({"name": "gaussian", "means": [0, 1, -2], "sds": [1, 0.5, 3], "prior-sd": 10},
     [[0, 1, -2], [30, -40, 0.001], [1e-3, 2, 5]]),
    ({"name": "gaussian", "means": [3], "sd": 2, "prior-sd": 0.1},
     [[0.0], [3.0], [-0.25]]),
]

out = {
    "generator": "gaussian_prior_reference.py, SciPy " + scipy.__version__ + ", NumPy " + np.__version__,
    "cases": [
        {"name": c["name"], "config": c, "logEvidence": log_evidence(c), "points": [point(c, x) for x in xs]}
        for c, xs in CASES
    ],
}
with open(os.path.join(HERE, "gaussian_prior_values.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
