#!/usr/bin/env python3
"""Prints bench/results/latest.csv as the Markdown table in README.md's
Performance section (wall-clock variants left out: they are in the CSV).

    bench/markdown_table.py [results.csv]
"""
import csv
import sys


def number(text):
    value = float(text)
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "bench/results/latest.csv"
    with open(path, newline="") as handle:
        lines = handle.read().splitlines()
    for line in lines:
        if line.startswith("#"):
            print(line.lstrip("# ") + "\n")
    print("| scenario | better | upstream | ours | ours/upstream | target | met | run range % (up/ours) |")
    print("|---|---|--:|--:|--:|--:|:-:|--:|")
    for row in csv.DictReader(line for line in lines if not line.startswith("#")):
        if "_wall_" in row["metric"]:
            continue
        target = {"-": "", "nomore": "no more than upstream"}.get(row["target"], row["target"])
        print(f"| `{row['metric']}` | {row['better']} | {number(row['upstream_median'])} | "
              f"{number(row['ours_median'])} | {row['ratio'] or '-'} | {target} | "
              f"{'' if row['met'] == '-' else row['met']} | {row['upstream_range_pct']}/{row['ours_range_pct']} |")


if __name__ == "__main__":
    main()
