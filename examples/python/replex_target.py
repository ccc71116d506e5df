"""Serve a Replex target from Python: protocol 1 of docs/external-targets.md, standard library only.

A model is a few lines:

    from replex_target import serve

    def log_prior(x): ...          # natural log, -math.inf outside the support
    def log_likelihood(x): ...     # natural log, untempered
    def initial_state(rng): ...    # rng: a random.Random seeded by Replex for this replica

    serve(log_prior=log_prior, log_likelihood=log_likelihood, initial_state=initial_state,
          dimension=3, names=["a", "b", "c"])

Replex starts the script (job.target.command = ["python3", "model.py"]) once per worker thread and
talks to it over standard input and output, one JSON object per line. serve() reads requests until
standard input closes, then returns. While it runs, print() and anything else written to
sys.stdout goes to standard error (Replex's target-stderr.log), so that debugging output cannot
break the protocol. An exception in the model is answered as {"error": ...}: Replex counts the
evaluation as a target error and rejects the move, as for a Java target that throws; the traceback
goes to standard error. SIGINT is ignored: Ctrl-C stops Replex, which then closes the input.
"""

import json
import math
import os
import random
import signal
import sys
import traceback

PROTOCOL = 1

__all__ = ["serve", "config", "PROTOCOL"]


def config():
    """The job's target block without Replex's own keys (command, directory, timeout, ...), as a dict."""
    return json.loads(os.environ.get("REPLEX_TARGET_CONFIG", "{}"))


def serve(log_prior, log_likelihood, initial_state, dimension, names=None, normalised_prior=False,
          metrics=None, log_density=None, metadata=None):
    """Answers Replex's requests on standard input until it closes.

    log_prior(x), log_likelihood(x): floats (natural log, unnormalised; -math.inf outside the
        support); x is a list of `dimension` floats. log_likelihood is not called where log_prior
        is -inf.
    initial_state(rng): a list of `dimension` finite floats where both are finite; rng is a
        random.Random seeded from the replica's own stream: draw every random number from it.
    dimension: the number of parameters.
    names: optional list of `dimension` parameter names (Stan style: "beta[1]", "sigma").
    normalised_prior: True only if exp(log_prior) integrates to 1 (then log Z is the evidence).
    metrics: optional function x -> dict of name -> number, sent with every log_density reply.
    metadata: optional function x -> dict of name -> string, sent likewise. Replex records both
        (the evaluation context) in evaluate mode: columns of evaluations.csv.
    log_density: optional function x -> (log_prior, log_likelihood), used instead of the two
        functions when both share work; it may return (log_prior, log_likelihood, context), where
        context = {"metrics": {...}, "metadata": {...}} (either optional) is what the evaluation
        found out on its way (solver steps, a convergence flag, a file it wrote).
    """
    if names is not None and len(names) != dimension:
        raise ValueError("names has %d elements, dimension is %d" % (len(names), dimension))
    description = {"protocol": PROTOCOL, "dimension": int(dimension),
                   "normalised_prior": bool(normalised_prior)}
    if names is not None:
        description["parameter_names"] = [str(n) for n in names]
    neg_inf = -math.inf

    def density(x):
        context = None
        if log_density is not None:
            values = log_density(x)
            if len(values) == 3:
                lp, ll, context = values
            else:
                lp, ll = values
            lp, ll = float(lp), float(ll)
        else:
            lp = float(log_prior(x))
            ll = neg_inf if lp == neg_inf else float(log_likelihood(x))
        reply = {"log_prior": lp, "log_likelihood": ll}
        found = dict(context.get("metrics", {})) if context else {}
        if metrics is not None:
            found.update(metrics(x))
        if found:
            reply["metrics"] = {str(k): float(v) for k, v in found.items()}
        notes = dict(context.get("metadata", {})) if context else {}
        if metadata is not None:
            notes.update(metadata(x))
        if notes:
            reply["metadata"] = {str(k): str(v) for k, v in notes.items()}
        return reply

    def safe_density(x):
        try:
            return density(x)
        except Exception as e:  # one failed point of a batch
            traceback.print_exc(file=sys.stderr)
            return {"error": "%s: %s" % (type(e).__name__, e)}

    try:
        # Ctrl-C in a terminal reaches every process of the foreground group: Replex then finishes its
        # round and writes a checkpoint, which needs this child; it ends when its standard input closes.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):
        pass  # not the main thread, or no such signal here
    protocol_out = sys.stdout
    sys.stdout = sys.stderr  # the model's print() must not reach the protocol stream
    dumps = json.dumps
    loads = json.loads
    write = protocol_out.write
    flush = protocol_out.flush
    readline = sys.stdin.readline
    try:
        while True:
            line = readline()
            if not line:
                return  # standard input closed: the run is over
            try:
                request = loads(line)
                op = request.get("op")
                if op == "log_density":
                    reply = density(request["x"])
                elif op == "log_density_batch":
                    reply = {"results": [safe_density(x) for x in request["xs"]]}
                elif op == "initial_state":
                    x = initial_state(random.Random(request["seed"]))
                    reply = {"x": [float(v) for v in x]}
                elif op == "describe":
                    reply = description
                else:
                    reply = {"error": "unknown op %r (this helper speaks protocol %d)" % (op, PROTOCOL)}
            except Exception as e:
                traceback.print_exc(file=sys.stderr)
                reply = {"error": "%s: %s" % (type(e).__name__, e)}
            write(dumps(reply))
            write("\n")
            flush()
    finally:
        sys.stdout = protocol_out
