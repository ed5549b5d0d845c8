#!/usr/bin/env python3
"""Per-block means of a run's metrics.jsonl, as the Markdown rows of docs/results.md's training tables.

    scripts/metrics-blocks.py RUN/metrics.jsonl [BLOCK]      # BLOCK iterations per row, default 100
"""
import json
import sys


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    block = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    with open(sys.argv[1]) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    rows = [r for r in rows if "loss" in r]  # evaluation lines carry no loss
    # the mean feature norm is logged by runs trained since it was added; older ones have none
    norms = all("featureNorm" in r for r in rows)
    print("| iterations | mean loss | mean training accuracy | learning rate (at end) | mean images/s |"
          + (" mean ‖f‖ |" if norms else ""))
    print("| --- | --- | --- | --- | --- |" + (" --- |" if norms else ""))
    for start in range(0, len(rows), block):
        part = rows[start:start + block]
        n = len(part)
        print(f"| {part[0]['iteration']}–{part[-1]['iteration']} | {sum(r['loss'] for r in part) / n:.4f} "
              f"| {100 * sum(r['accuracy'] for r in part) / n:.1f}% | {part[-1]['lr']:.4g} "
              f"| {sum(r['imagesPerSecond'] for r in part) / n:.1f} |"
              + (f" {sum(r['featureNorm'] for r in part) / n:.1f} |" if norms else ""))


if __name__ == "__main__":
    main()
