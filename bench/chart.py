#!/usr/bin/env python3
"""Draws bench/results/latest.csv (from bench/run.sh) as one SVG, ours beside
upstream: idle service cost and broadcast throughput against peer count, and
every scenario's advantage over upstream with the issue's target.

    bench/chart.py [results.csv] [output.svg]

Standard library only, so the chart can be regenerated anywhere the
benchmark runs; the SVG is written by hand.
"""
import csv
import math
import sys
from xml.sax.saxutils import escape

UPSTREAM, OURS = "#d9822b", "#2b6cb0"
FONT = 'font-family="sans-serif"'


def load(path):
    """Rows keyed by metric, plus the '#' comment line (date and machine)."""
    with open(path, newline="") as handle:
        lines = handle.read().splitlines()
    note = " ".join(line.lstrip("# ") for line in lines if line.startswith("#"))
    rows = csv.DictReader(line for line in lines if not line.startswith("#"))
    return {row["metric"]: row for row in rows}, note


def text(x, y, content, size=12, anchor="start", weight="normal", color="#222"):
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{color}" {FONT}>{escape(content)}</text>')


def human(value):
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:.3g}"


def log_ticks(low, high):
    """Powers of ten covering [low, high]."""
    return [10 ** e for e in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)]


def line_panel(x0, y0, width, height, title, ylabel, points, log_y):
    """A line chart of (peers, upstream, ours) with a log peer axis."""
    out = [text(x0 + width / 2, y0 - 12, title, 14, "middle", "bold")]
    if not points:
        return out + [text(x0 + width / 2, y0 + height / 2, "no data", 12, "middle")]
    xs = [p[0] for p in points]
    ys = [v for p in points for v in p[1:]]
    x_low, x_high = min(xs) / 2, max(xs) * 2
    if log_y:
        y_low, y_high = min(ys) / 2, max(ys) * 2
        y_ticks = log_ticks(y_low, y_high)
        y_low, y_high = y_ticks[0], y_ticks[-1]
    else:
        y_low, y_high = 0, max(ys) * 1.15
        step = 10 ** math.floor(math.log10(y_high))
        step = step / 2 if y_high / step < 4 else step
        y_ticks = [i * step for i in range(int(y_high / step) + 1)]

    def px(v):
        return x0 + width * (math.log10(v) - math.log10(x_low)) / (math.log10(x_high) - math.log10(x_low))

    def py(v):
        if log_y:
            return y0 + height - height * (math.log10(v) - math.log10(y_low)) / (math.log10(y_high) - math.log10(y_low))
        return y0 + height - height * (v - y_low) / (y_high - y_low)

    out.append(f'<rect x="{x0}" y="{y0}" width="{width}" height="{height}" fill="none" stroke="#999"/>')
    for tick in y_ticks:
        out.append(f'<line x1="{x0}" y1="{py(tick):.1f}" x2="{x0 + width}" y2="{py(tick):.1f}" stroke="#eee"/>')
        out.append(text(x0 - 6, py(tick) + 4, human(tick), 11, "end"))
    for peers in xs:
        out.append(text(px(peers), y0 + height + 16, human(peers), 11, "middle"))
    out.append(text(x0 + width / 2, y0 + height + 34, "connected peers (log scale)", 12, "middle"))
    out.append(f'<text transform="translate({x0 - 52},{y0 + height / 2}) rotate(-90)" font-size="12" '
               f'text-anchor="middle" {FONT}>{escape(ylabel)}</text>')
    for index, (name, color) in enumerate((("upstream 1.3.17", UPSTREAM), ("ours", OURS))):
        coords = [(px(p[0]), py(p[1 + index])) for p in points]
        out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2.5" points="'
                   + " ".join(f"{x:.1f},{y:.1f}" for x, y in coords) + '"/>')
        for (x, y), p in zip(coords, points):
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{color}"/>')
            out.append(text(x + 6, y + (-7 if index == 0 else 15), human(p[1 + index]), 10, color=color))
        out.append(f'<rect x="{x0 + 10}" y="{y0 + 10 + 18 * index}" width="14" height="4" fill="{color}"/>')
        out.append(text(x0 + 30, y0 + 16 + 18 * index, name, 11))
    return out


def advantage(row):
    """How many times better ours is (above 1 = better), whatever the direction."""
    ratio = float(row["ratio"])
    return ratio if row["better"] == "higher" else 1 / ratio


def bar_panel(x0, y0, width, rows):
    """Horizontal bars of ours' advantage per metric on a log scale, target ticks."""
    # Wall-clock variants stay in the CSV: on a shared machine they mostly
    # measure the other jobs.
    usable = [r for r in rows.values() if r["ratio"] and r["better"] in ("higher", "lower")
              and float(r["ratio"]) > 0 and "_wall_" not in r["metric"]]
    bar, gap, label_width = 16, 6, 250
    height = len(usable) * (bar + gap)
    out = [text(x0 + width / 2, y0 - 12, "Ours against upstream per scenario (times better; log scale; | = target)",
                14, "middle", "bold")]
    low, high = 0.1, 100.0
    plot_x, plot_w = x0 + label_width, width - label_width - 60

    def px(v):
        v = min(max(v, low), high)
        return plot_x + plot_w * (math.log10(v) - math.log10(low)) / (math.log10(high) - math.log10(low))

    for tick in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100):
        out.append(f'<line x1="{px(tick):.1f}" y1="{y0}" x2="{px(tick):.1f}" y2="{y0 + height}" '
                   f'stroke="{"#555" if tick == 1 else "#eee"}"/>')
        out.append(text(px(tick), y0 + height + 14, f"{tick:g}x", 10, "middle"))
    for index, row in enumerate(usable):
        y = y0 + index * (bar + gap)
        value = advantage(row)
        color = OURS if value >= 1 else UPSTREAM
        start, end = sorted((px(1), px(value)))
        out.append(text(plot_x - 8, y + bar - 4, row["metric"], 11, "end"))
        out.append(f'<rect x="{start:.1f}" y="{y}" width="{max(end - start, 1):.1f}" height="{bar}" fill="{color}"/>')
        out.append(text(max(px(value), px(1)) + 4, y + bar - 4, f"{value:.2f}x", 10))
        target = row["target"]
        if target.startswith((">=", "<=")):
            goal = float(target[2:])
            goal = goal if row["better"] == "higher" else 1 / goal
            out.append(f'<line x1="{px(goal):.1f}" y1="{y - 2}" x2="{px(goal):.1f}" y2="{y + bar + 2}" '
                       f'stroke="#000" stroke-width="2"/>')
    return out, height


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else "bench/results/latest.csv"
    target = sys.argv[2] if len(sys.argv) > 2 else "bench/results/latest.svg"
    rows, note = load(source)

    def series(prefix, suffix=""):
        points = []
        for metric, row in rows.items():
            if metric.startswith(prefix) and metric.endswith(suffix):
                peers = metric[len(prefix):len(metric) - len(suffix)]
                if peers.isdigit():
                    points.append((int(peers), float(row["upstream_median"]), float(row["ours_median"])))
        return sorted(points)

    width = 1000
    parts = []
    parts += line_panel(90, 60, 360, 260, "Idle enet_host_service: CPU per call",
                        "ns per call (log scale; lower is better)", series("idle_service_ns_"), True)
    parts += line_panel(600, 60, 360, 260, "Reliable 100 B broadcast",
                        "deliveries per second (higher is better)",
                        series("broadcast_", "_deliveries_per_s"), False)
    bars, bars_height = bar_panel(20, 420, width - 40, rows)
    parts += bars
    height = 420 + bars_height + 50
    parts.append(text(width / 2, height - 12, note, 11, "middle", color="#555"))
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}">\n<rect width="100%" height="100%" fill="white"/>\n'
           + "\n".join(parts) + "\n</svg>\n")
    with open(target, "w") as handle:
        handle.write(svg)
    print(f"chart: {target}")


if __name__ == "__main__":
    main()
