"""Reference values for the core unit tests, computed independently with numpy.

Run once: python3 generate_core_reference.py > core_reference.json
The Java tests read the JSON; they never need Python.
"""
import json
import numpy as np

out = {}

# Geometric ladders: beta_k = beta_min^(k/(K-1)), i.e. equal ratios from 1 down to beta_min.
out["geometric"] = [
    {"count": K, "beta_min": b, "betas": list(np.geomspace(1.0, b, K))}
    for K, b in [(2, 0.5), (5, 0.01), (8, 0.01), (16, 1e-4)]
]

# Swap acceptance: log alpha = min(0, (b_k - b_k1) * (l_k1 - l_k)).
cases = [(1.0, 0.5, -10.0, -12.0), (1.0, 0.5, -12.0, -10.0), (0.3, 0.1, -1000.0, -1000.5),
         (0.01, 0.0, 5.0, -250.0), (1.0, 0.25, -3.5, -3.5)]
out["swap"] = [{"beta_k": a, "beta_k1": b, "ll_k": lk, "ll_k1": lk1,
                "log_alpha": float(min(0.0, (a - b) * (lk1 - lk)))} for a, b, lk, lk1 in cases]

# Sample mean and covariance (divisor n - 1) of correlated 3-d data.
rng = np.random.default_rng(20261122)
L = np.array([[2.0, 0.0, 0.0], [1.5, 0.5, 0.0], [-0.3, 0.2, 0.1]])
x = rng.standard_normal((257, 3)) @ L.T + np.array([100.0, -3.0, 0.5])
out["moments"] = {"x": x.tolist(), "mean": x.mean(axis=0).tolist(),
                  "cov": np.cov(x, rowvar=False).flatten().tolist(),
                  "cholesky": np.linalg.cholesky(np.cov(x, rowvar=False)).flatten().tolist()}

print(json.dumps(out, indent=1))
