#!/usr/bin/env python3
"""Reference log-prior and log-likelihood of the built-in target hudson_lynx_hare-lotka_volterra.

Run once, from anywhere:  python3 lotka_volterra_reference.py
Writes lotka_volterra_values.json next to this script, in the format of reference_values.json
(see generate_reference.py); LotkaVolterraTargetTest reads it and needs no Python. Natural logs;
-inf is written as the string "-Infinity".

The ODE is solved with scipy.integrate.solve_ivp, method DOP853, rtol = atol = 1e-10: far more
accurate than the Java target's Dormand-Prince 5(4) at 1e-6, so the difference between the two is
the Java solver's error. The script also prints how far its own values move when the tolerances
are tightened to 1e-12 (its error estimate). The data set is read from the copy in
src/main/resources, which is what the Java target reads.

Written with Python 3 / NumPy / SciPy 1.17.
"""

import json
import math
import os

import numpy as np
import scipy
from scipy import stats
from scipy.integrate import solve_ivp

HERE = os.path.dirname(os.path.abspath(__file__))
NAME = "hudson_lynx_hare-lotka_volterra"
DATA = os.path.join(HERE, "..", "..", "..", "..", "main", "resources", "replex", "targets", NAME, "data.json")
NEG_INF = float("-inf")


def fsum(values):
    return math.fsum(np.asarray(values, dtype=float).ravel())


with open(DATA) as f:
    data = json.load(f)
TS = np.array(data["ts"], dtype=float)
Y_INIT = np.array(data["y_init"], dtype=float)
Y = np.array(data["y"], dtype=float)  # N x 2


def truncated_normal(x, m, s):
    """N(m, s) restricted to x > 0, normalised."""
    return float(stats.truncnorm.logpdf(x, (0 - m) / s, np.inf, loc=m, scale=s))


def lognormal(x, mu, sigma):
    return stats.lognorm.logpdf(x, s=sigma, scale=np.exp(mu))


def solve(theta, z_init, tol):
    alpha, beta, gamma, delta = theta

    def rhs(t, z):
        u, v = z
        return [(alpha - beta * v) * u, (-gamma + delta * u) * v]

    sol = solve_ivp(rhs, (0.0, TS[-1]), z_init, method="DOP853", t_eval=TS, rtol=tol, atol=tol)
    if not sol.success:
        raise RuntimeError(sol.message)
    return sol.y.T  # N x 2


def evaluate(x, tol=1e-10):
    theta, z_init, sigma = x[0:4], x[4:6], x[6:8]
    if not all(v > 0 for v in x):
        return NEG_INF, NEG_INF
    prior = fsum([truncated_normal(theta[0], 1, 0.5), truncated_normal(theta[1], 0.05, 0.05),
                  truncated_normal(theta[2], 1, 0.5), truncated_normal(theta[3], 0.05, 0.05)]
                 + list(lognormal(np.array(sigma), -1, 1))
                 + list(lognormal(np.array(z_init), math.log(10), 1)))
    z = solve(theta, z_init, tol)
    terms = []
    for k in range(2):
        terms.append(lognormal(Y_INIT[k], math.log(z_init[k]), sigma[k]))
        terms.extend(lognormal(Y[:, k], np.log(z[:, k]), sigma[k]))
    return prior, fsum(terms)


POINTS = [
    # posteriordb's reference posterior mean
    [0.5468644997839307, 0.027747287767808097, 0.8000953602331221, 0.024085915253454496,
     34.035222477046915, 5.935897133680625, 0.24805686320252007, 0.25101691458361786],
    # prior medians of theta and sigma (about), z_init at the data's y_init
    [1.0, 0.05, 1.0, 0.05, 30.0, 4.0, 0.25, 0.25],
    # near the mode, off in every coordinate
    [0.6, 0.03, 0.7, 0.02, 33.0, 6.5, 0.3, 0.2],
    # far from the posterior: large oscillations, wide noise
    [0.3, 0.01, 1.5, 0.04, 10.0, 10.0, 1.0, 2.0],
    # fast dynamics: many solver steps
    [2.5, 0.2, 2.0, 0.1, 80.0, 2.0, 0.5, 0.7],
    # outside the support
    [0.0, 0.03, 0.8, 0.02, 34.0, 6.0, 0.25, 0.25],
    [0.55, -0.01, 0.8, 0.02, 34.0, 6.0, 0.25, 0.25],
    [0.55, 0.03, 0.8, 0.02, 0.0, 6.0, 0.25, 0.25],
    [0.55, 0.03, 0.8, 0.02, 34.0, 6.0, 0.25, -1.0],
]


def encode(value):
    value = float(value)
    if value == NEG_INF:
        return "-Infinity"
    if not math.isfinite(value):
        raise ValueError("unexpected value %r" % value)
    return value


def main():
    rows = []
    for x in POINTS:
        x = [float(v) for v in x]
        prior, likelihood = evaluate(x)
        if math.isfinite(likelihood):
            tighter = evaluate(x, tol=1e-12)[1]
            print("logL %.12g, change at tol 1e-12: %.2g" % (likelihood, tighter - likelihood))
        rows.append({"x": x, "logPrior": encode(prior), "logLikelihood": encode(likelihood)})
    out = {
        "generator": "lotka_volterra_reference.py, SciPy " + scipy.__version__ + ", NumPy " + np.__version__
                     + ", solve_ivp DOP853 rtol = atol = 1e-10",
        "cases": [{"name": NAME, "config": {"name": NAME}, "points": rows}],
    }
    with open(os.path.join(HERE, "lotka_volterra_values.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
