#!/usr/bin/env python3
"""Dedup on templated wire copy: N briefs from one template, which differ only in their figures.

Wire feeds are full of such copy (results, markets, weather), and the daemon's index keeps it for
months. Every brief is a template sibling of every other (not a duplicate), so an index that compares
each new brief with all earlier ones grows quadratically. This streams 10,000 and 20,000 briefs
through `copydesk-dedup-bench` (shingle, sketch, query, insert; one core) and reports the CPU time of
each and their ratio: at most 2.2 for twice the documents is the target (linear, with noise).

    python3 bench/template_dedup_bench.py [--sizes 10000 20000] [--skip-build]
"""
import argparse, json, os, random, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def briefs(count, seed=7):
    rng = random.Random(seed)
    places = ["Northgate", "Riverside", "Eastfield", "Hillcrest", "Westmoor", "Southbank"]
    for n in range(1, count + 1):
        place = places[n % len(places)]
        yield (f"Brief {n}: The {place} council met on Tuesday and approved item {n} on the agenda, "
               f"a budget of {rng.randint(100, 999)},{rng.randint(100, 999)} pounds for road repairs. "
               f"The vote was {rng.randint(5, 12)} to {rng.randint(0, 4)}. Councillors said work would start "
               f"in week {rng.randint(1, 52)} and take {rng.randint(2, 30)} days. The next meeting is on "
               f"{rng.randint(1, 28)} March at {rng.randint(9, 18)}:00 in the town hall.")


def run(binary, count):
    data = "".join(json.dumps(text) + "\n" for text in briefs(count)).encode()
    out = subprocess.run([binary], input=data, capture_output=True, check=True).stdout
    return json.loads(out.decode().strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each size; the least CPU counts")
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()
    if not args.skip_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "copydesk-dedup-bench"], cwd=ROOT, check=True)
    bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
    binary = os.path.join(bin_path, "copydesk-dedup-bench")
    best = {}
    for _ in range(args.rounds):
        for size in args.sizes:
            result = run(binary, size)
            if size not in best or result["cpu_seconds"] < best[size]["cpu_seconds"]:
                best[size] = result
    print("| briefs | CPU s | documents/CPU-s | verdicts |")
    print("|---|---|---|---|")
    for size in args.sizes:
        r = best[size]
        print(f"| {size:,} | {r['cpu_seconds']:.2f} | {r['documents_per_cpu_second']:,.0f} | {r['verdicts']} |")
    if len(args.sizes) >= 2:
        a, b = args.sizes[0], args.sizes[-1]
        ratio = best[b]["cpu_seconds"] / best[a]["cpu_seconds"]
        print(f"\nCPU ratio {b:,}/{a:,}: {ratio:.2f} for {b / a:.1f}× the documents (target ≤ {2.2 * b / a / 2:.1f})")
        return 0 if ratio <= 2.2 * (b / a) / 2 else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
