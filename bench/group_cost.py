#!/usr/bin/env python3
"""Benchmark: what PostgreSQL state costs `copydesk watch`, and files per second for 1, 2 and 3 daemons.

A backlog of N small, distinct stories (drain_bench.py's) is put in the inbox before the daemons start;
they drain it with the default chain and are stopped once every line is written. Configurations, run
interleaved in each round so that the machine's drift falls on all of them:

  sqlite   one daemon, the state in ROOT/state/ (SQLite), the default;
  pg1      one daemon, --state postgres://… (a fresh database each time);
  pg2, pg3 two and three daemons (--node n0, n1, …) on the same root and one fresh database.

Reported: files per second (wall), the daemons' CPU per file (user + system of every daemon, from
wait4), PostgreSQL's CPU per file (the server's processes, from /proc), and CPU per file against
sqlite. Target (issue 36): pg1's daemon CPU per file at most 1.5× sqlite's.

The server is a throwaway cluster that scripts/postgres starts in a temporary folder (or --database).
Usage: bench/group_cost.py --binary .build/release/copydesk [--files 2000] [--rounds 2] [--configs sqlite,pg1,pg2,pg3]
Standard library only (and psql).
"""
import argparse, os, random, shutil, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drain_bench import story  # noqa: E402
from drop_folder_checks import drop_database, fresh_database  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TICKS = os.sysconf("SC_CLK_TCK")


def server_cpu(data_dir):
    """CPU seconds of the cluster: the postmaster with its reaped children, plus the live backends."""
    try:
        pid = int(open(os.path.join(data_dir, "postmaster.pid")).readline())
    except (OSError, ValueError):
        return 0.0
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ppid, utime, stime, cutime, cstime = int(fields[1]), *(int(x) for x in fields[11:15])
        if int(entry) == pid:
            total += (utime + stime + cutime + cstime) / TICKS
        elif ppid == pid:
            total += (utime + stime) / TICKS
    return total




def drain(binary, config, files, seed, server, data_dir):
    root = tempfile.mkdtemp(prefix="copydesk-cost-")
    database = None
    try:
        inbox = os.path.join(root, "inbox")
        os.makedirs(inbox)
        rng = random.Random(seed)
        for i in range(files):
            with open(os.path.join(inbox, f"{i:07d}.txt"), "wb") as f:
                f.write(story(rng, i))
        old = time.time() - 60
        for name in os.listdir(inbox):
            os.utime(os.path.join(inbox, name), (old, old))
        count = 1 if config == "sqlite" else int(config[2:])
        arguments = [[] for _ in range(count)]
        if config != "sqlite":
            url, admin, database = fresh_database(server, "copydesk_cost")
            arguments = [["--state", url, "--node", f"n{i}"] for i in range(count)]
        log = open(os.path.join(root, "daemons.log"), "ab")
        pg_before = server_cpu(data_dir) if data_dir else 0.0
        started = time.monotonic()
        processes = [subprocess.Popen([binary, "watch", root, "--log-level", "warning", *extra], stdout=log, stderr=log)
                     for extra in arguments]
        while True:
            time.sleep(0.1)
            done = 0
            for dirpath, _, names in os.walk(os.path.join(root, "out")):
                for name in names:
                    with open(os.path.join(dirpath, name), "rb") as f:
                        done += f.read().count(b"\n")
            if done >= files:
                break
            if any(p.poll() is not None for p in processes):
                log.flush()
                tail = open(os.path.join(root, "daemons.log"), "rb").read()[-3000:].decode(errors="replace")
                sys.exit(f"a daemon exited early ({[p.poll() for p in processes]}):\n{tail}")
        wall = time.monotonic() - started
        for process in processes:
            process.send_signal(signal.SIGTERM)
        cpu = 0.0
        for process in processes:
            _, _, usage = os.wait4(process.pid, 0)
            cpu += usage.ru_utime + usage.ru_stime
        time.sleep(0.5)   # the server reaps the closed sessions' backends
        pg = (server_cpu(data_dir) - pg_before) if data_dir and config != "sqlite" else 0.0
        if database:
            drop_database(admin, database)
        return {"wall": wall, "cpu": cpu, "pg": pg}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--configs", default="sqlite,pg1,pg2,pg3")
    parser.add_argument("--database", help="a server URL to create databases on (default: a throwaway cluster)")
    args = parser.parse_args()
    cluster = None
    data_dir = None
    if args.database:
        server = args.database
    else:
        cluster = tempfile.mkdtemp(prefix="copydesk-cost-pg-")
        server = subprocess.run(["bash", os.path.join(HERE, "..", "scripts", "postgres"), "start", cluster],
                                check=True, capture_output=True, text=True).stdout.strip()
        data_dir = os.path.join(cluster, "data")
    configs = args.configs.split(",")
    results = {c: [] for c in configs}
    try:
        for round_ in range(args.rounds):
            for config in configs:
                r = drain(args.binary, config, args.files, 1000 + round_, server, data_dir)
                results[config].append(r)
                print(f"round {round_ + 1} {config:6}: {args.files / r['wall']:7.0f} files/s  daemons {1e3 * r['cpu'] / args.files:6.3f} ms/file"
                      f"  PostgreSQL {1e3 * r['pg'] / args.files:6.3f} ms/file", flush=True)
    finally:
        if cluster:
            subprocess.run(["bash", os.path.join(HERE, "..", "scripts", "postgres"), "destroy", cluster], check=False)
    per_file = lambda c, key: sum(r[key] for r in results[c]) / (len(results[c]) * args.files)
    base = per_file(configs[0], "cpu")
    print(f"\n{args.files} files a drain, {args.rounds} rounds, the default chain")
    print("| configuration | files/s | daemons' CPU per file | against sqlite | PostgreSQL's CPU per file |")
    print("|---|---|---|---|---|")
    for c in configs:
        wall = sum(r["wall"] for r in results[c])
        print(f"| {c} | {len(results[c]) * args.files / wall:,.0f} | {1e3 * per_file(c, 'cpu'):.3f} ms | "
              f"{per_file(c, 'cpu') / base:.2f}× | {1e3 * per_file(c, 'pg'):.3f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
