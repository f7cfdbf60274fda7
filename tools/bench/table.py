#!/usr/bin/python3
"""Turns the rows the tools/bench/*.sh scripts print (collected by scripts/bench) into one Markdown
table: the median of every figure over the rounds, ours / baseline, and whether the target is met.

Input lines: ROUND, BENCH, TARGET, WHAT, OURS, BASELINE, UNIT, GOAL (tab-separated); see
tools/bench/lib.sh for what each means."""

import statistics
import sys


def number(text):
    return None if text in ("", "-") else float(text)


def show(value, unit):
    if value is None:
        return "–"
    if abs(value) >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:.3g} {unit}"


def verdict(goal, ours, baseline):
    """Whether GOAL holds for the medians: 'ratio>=0.8', 'ratio<=2', 'ours<=1000', or '-'."""
    if goal == "-":
        return "–"
    for op in (">=", "<="):
        if op in goal:
            left, bound = goal.split(op)
            bound = float(bound)
            break
    else:
        raise SystemExit(f"table.py: cannot read the goal {goal!r}")
    if left == "ratio":
        if ours is None or not baseline:
            return "no figure"
        value = ours / baseline
    else:
        value = ours
    met = value >= bound if op == ">=" else value <= bound
    return ("met" if met else "**missed**") + f" ({goal.replace('>=', ' ≥ ').replace('<=', ' ≤ ')})"


def main():
    order = []
    figures = {}
    for line in open(sys.argv[1], encoding="utf-8"):
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 8:
            raise SystemExit(f"table.py: a row without 8 fields: {line!r}")
        _, bench, target, what, ours, baseline, unit, goal = fields
        key = (target, bench, what, unit, goal)
        if key not in figures:
            order.append(key)
            figures[key] = ([], [])
        if number(ours) is not None:
            figures[key][0].append(number(ours))
        if number(baseline) is not None:
            figures[key][1].append(number(baseline))
    print("| target | what | fazhi | baseline | ratio | target met |")
    print("|---|---|---:|---:|---:|---|")
    for key in sorted(order, key=lambda k: (k[0], order.index(k))):
        target, _, what, unit, goal = key
        ours_all, base_all = figures[key]
        ours = statistics.median(ours_all) if ours_all else None
        baseline = statistics.median(base_all) if base_all else None
        ratio = f"{ours / baseline:.2f}×" if ours is not None and baseline else "–"
        print(f"| {target} | {what} | {show(ours, unit)} | {show(baseline, unit)} | {ratio} | "
              f"{verdict(goal, ours, baseline)} |")


if __name__ == "__main__":
    main()
