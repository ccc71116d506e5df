"""A target whose points cost between 1 and 20 ms (waiting, not computing): cost = 1 + 19 u ms at (u, v).

For the benchmark of evaluate mode with uneven costs (bench/evaluate-uneven.conf, docs/benchmarks.md):
a waiting target keeps the figures free of the CPU's other load. Reports its cost as a metric.
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "python"))
from replex_target import serve  # noqa: E402


def log_density(x):
    cost_ms = 1 + 19 * x[0]
    time.sleep(cost_ms / 1000)
    return 0.0, -0.5 * (x[0] ** 2 + x[1] ** 2), {"metrics": {"cost_ms": cost_ms}}


serve(log_prior=None, log_likelihood=None, initial_state=lambda rng: [0.5, 0.5], dimension=2, names=["u", "v"],
      log_density=log_density)
