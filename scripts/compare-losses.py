"""Checks that two training runs computed the same losses: the per-iteration `loss` of two
metrics.jsonl files (for example the quickstart's first 100 iterations before and after a change that
only reorders floating-point work) must agree within a relative tolerance, iteration by iteration.

    python3 scripts/compare-losses.py RUN_A/metrics.jsonl RUN_B/metrics.jsonl [--rtol 1e-4] [--iterations 100]

Prints the largest relative difference and its iteration; exits 1 when it exceeds the tolerance or
when the runs logged different iterations.
"""

import argparse
import json
import sys


def losses(path, limit):
    by_iteration = {}
    with open(path) as f:
        for line in f:
            record = json.loads(line)
            if "loss" in record and "iteration" in record and record["iteration"] <= limit:
                by_iteration[record["iteration"]] = record["loss"]
    return by_iteration


def main():
    p = argparse.ArgumentParser()
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--rtol", type=float, default=1e-4)
    p.add_argument("--iterations", type=int, default=100)
    args = p.parse_args()
    a, b = losses(args.a, args.iterations), losses(args.b, args.iterations)
    if not a or a.keys() != b.keys():
        print(f"the runs logged different iterations: {len(a)} in {args.a}, {len(b)} in {args.b}")
        return 1
    worst, at = max((abs(a[i] - b[i]) / max(abs(a[i]), 1e-30), i) for i in a)
    print(f"{len(a)} iterations compared; largest relative loss difference {worst:.3g} at iteration {at} "
          f"({a[at]} against {b[at]}); tolerance {args.rtol:g}")
    return 0 if worst <= args.rtol else 1


if __name__ == "__main__":
    sys.exit(main())
