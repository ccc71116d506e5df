"""The eight schools model (Rubin 1981), non-centred, as a Replex target in plain Python.

    theta_trans[j] ~ N(0, 1),  j = 1 ... 8
    mu ~ N(0, 5);  tau ~ half-Cauchy(0, 5),  tau > 0
    y[j] ~ N(mu + tau * theta_trans[j], sigma[j])

The same model as posteriordb's eight_schools-eight_schools_noncentered (and Replex's built-in
target of that name): every density is normalised, so log Z is the model evidence. The data are
read from eight_schools.json next to this file, or from the job's target block (keys y and sigma).
Run: bin/replex run examples/python/eight-schools.conf
"""

import json
import math
import os

from replex_target import config, serve

settings = config()
if "y" in settings:
    data = settings
else:
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "eight_schools.json")) as f:
        data = json.load(f)
y = [float(v) for v in data["y"]]
sigma = [float(v) for v in data["sigma"]]
J = len(y)

HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)
PRIOR_CONSTANT = -(J + 1) * HALF_LOG_2PI - math.log(5.0) + math.log(2.0 / (math.pi * 5.0))
LIKELIHOOD_CONSTANT = -J * HALF_LOG_2PI - sum(math.log(s) for s in sigma)
PRECISIONS = [1.0 / s for s in sigma]


def log_prior(x):
    tau = x[J + 1]
    if not tau > 0:
        return -math.inf
    mu = x[J]
    squares = sum(t * t for t in x[:J])
    u = tau / 5.0
    z = mu / 5.0
    return PRIOR_CONSTANT - 0.5 * (squares + z * z) - math.log1p(u * u)


def log_likelihood(x):
    mu = x[J]
    tau = x[J + 1]
    squares = 0.0
    for j in range(J):
        r = (y[j] - mu - tau * x[j]) * PRECISIONS[j]
        squares += r * r
    return LIKELIHOOD_CONSTANT - 0.5 * squares


def initial_state(rng):
    """Stan's default: U(-2, 2) on the unconstrained scale (log tau for tau)."""
    x = [rng.uniform(-2, 2) for _ in range(J + 1)]
    x.append(math.exp(rng.uniform(-2, 2)))
    return x


if __name__ == "__main__":
    serve(log_prior=log_prior, log_likelihood=log_likelihood, initial_state=initial_state,
          dimension=J + 2, names=["theta_trans[%d]" % (j + 1) for j in range(J)] + ["mu", "tau"],
          normalised_prior=True)
