#!/usr/bin/env python3
"""Benchmark: what draining a backlog costs `copydesk watch` per file, small backlog against large.

A backlog of N small, distinct stories is put in the inbox (a tenth in subfolders) before the
daemon starts; the daemon drains it with the default chain (clean, dedup, entities, claims) and is
stopped once every line is written. Reported per backlog size: wall time, files per second, the
daemon's CPU time (user + system, from wait4) per file, and the ratio of CPU per file against the
smallest backlog. Sizes run interleaved (small, large, small, …) so that the machine's drift
falls on both.

Before the scan kept its listing, each scan stat'ed every waiting file: draining N files cost
O(N²) system calls. The target (issue 35): CPU per file for 100,000 within 20 % of 1,000.

Usage: bench/drain_bench.py --binary .build/release/copydesk [--sizes 1000,100000] [--rounds 2] [--stages LIST]
Standard library only.
"""
import argparse, os, random, shutil, signal, subprocess, sys, tempfile, time

WORDS = ("harbour council budget minister strike union port ferry bridge river court police hospital "
         "school election mayor village storm flood rail airport museum festival market factory farmers "
         "fishermen teachers nurses drivers quay island valley station tunnel road plan vote report "
         "inquiry contract tender fine ruling appeal protest talks agreement deadline delay closure").split()
NAMES = ["Ana Ruiz", "Helle Brandt", "Pavel Novak", "Maren Holt", "Tomas Berg", "Ines Costa", "Omar Said"]
PLACES = ["Northbridge", "Valparaíso", "Aberdeen", "Bristol", "Tromsø", "Gdańsk", "Porto"]


def story(rng, i):
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 140)))
    return (f"{rng.choice(PLACES)} {i}\n\n{rng.choice(NAMES)} said on Tuesday that the {rng.choice(WORDS)} "
            f"would {rng.choice(['open', 'close', 'resume', 'halt'])} in {rng.choice(PLACES)}. {body}.\n").encode()


def drain(binary, size, stages, seed):
    root = tempfile.mkdtemp(prefix="copydesk-drain-")
    try:
        inbox = os.path.join(root, "inbox")
        rng = random.Random(seed)
        for i in range(size):
            folder = os.path.join(inbox, f"desk{i % 7}") if i % 10 == 0 else inbox
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, f"{i:07d}.txt"), "wb") as f:
                f.write(story(rng, i))
        old = time.time() - 60
        for dirpath, _, files in os.walk(inbox):
            for name in files:
                os.utime(os.path.join(dirpath, name), (old, old))  # settled already
        log = open(os.path.join(root, "daemon.log"), "ab")
        extra = ["--stages", stages] if stages else []
        started = time.monotonic()
        process = subprocess.Popen([binary, "watch", root, "--log-level", "warning", *extra], stdout=log, stderr=log)
        out = os.path.join(root, "out")
        done = 0
        while done < size:
            time.sleep(0.2)
            done = 0
            if os.path.isdir(out):
                for name in os.listdir(out):
                    with open(os.path.join(out, name), "rb") as f:
                        done += f.read().count(b"\n")
            failed = os.path.join(root, "failed")
            if os.path.isdir(failed):
                done += sum(1 for n in os.listdir(failed) if not n.endswith(".error.json") and not n.startswith("."))
            if process.poll() is not None:
                sys.exit(f"the daemon exited early; see {root}/daemon.log")
        wall = time.monotonic() - started
        process.send_signal(signal.SIGTERM)
        _, _, usage = os.wait4(process.pid, 0)
        cpu = usage.ru_utime + usage.ru_stime
        return {"size": size, "wall": wall, "cpu": cpu, "rss_mb": usage.ru_maxrss / 1024}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--stages", default="", help="stages after clean (default: the built-in chain)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {size: [] for size in sizes}
    for round in range(args.rounds):
        for size in sizes:
            r = drain(args.binary, size, args.stages, seed=round * 1000 + size)
            results[size].append(r)
            print(f"round {round + 1}: {size:>7} files  {r['wall']:7.1f} s  {size / r['wall']:7.0f} files/s  "
                  f"CPU {1e3 * r['cpu'] / size:6.3f} ms/file  peak RSS {r['rss_mb']:.0f} MB", flush=True)
    base = min(sum(r["cpu"] for r in results[sizes[0]]) / sum(r["size"] for r in results[sizes[0]]), 1e9)
    print()
    print("| backlog | files/s | CPU per file | against the smallest |")
    print("|---|---|---|---|")
    for size in sizes:
        cpu = sum(r["cpu"] for r in results[size]) / sum(r["size"] for r in results[size])
        wall = sum(r["wall"] for r in results[size]) / len(results[size])
        print(f"| {size:,} | {size / wall:,.0f} | {1e3 * cpu:.3f} ms | {cpu / base:.2f}× |")


if __name__ == "__main__":
    main()
