#!/usr/bin/env python3
"""Group crash test: three `copydesk watch` daemons on one drop folder and one PostgreSQL database.

Drops N files while SIGKILLing a random daemon at random moments (each restarted at once), and kills
one daemon for good halfway: its lease expires and another node recovers its processing/NODE/
files and its torn output line. Then lets the others finish, stops them with SIGTERM, and checks the
promise for the group:

  * every input is in done/ or failed/ (nothing left in inbox/ or any processing/NODE/);
  * every input's content has exactly one output line across all nodes' out/NODE/ files;
  * every output line is complete JSON.

Usage: bench/group_crash_test.py --binary BIN --database postgres://USER@HOST:PORT/DB
           [--files 3000] [--kills 60] [--lease 3] [--seed 1]
A fresh database is created beside the one named (and dropped afterwards) with psql.
Exit status 0 when the promise holds, 1 otherwise. Standard library only.
"""
import argparse, glob, os, random, shutil, signal, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drop_folder_checks import check_promise, drop, drop_database, fresh_database, stories  # noqa: E402

NODES = ["a", "b", "c"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--database", required=True, help="a PostgreSQL URL whose server the test may create databases on")
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--kills", type=int, default=60)
    parser.add_argument("--lease", type=float, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary drop folder and database")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    url, admin, database = fresh_database(args.database, "copydesk_group")
    root = tempfile.mkdtemp(prefix="copydesk-group-crash-")
    inbox = os.path.join(root, "inbox")
    os.makedirs(inbox)
    log = open(os.path.join(root, "daemons.log"), "ab")

    def marker(node):
        return os.path.join(root, "state", node, "metrics.prom")   # written once the daemon runs

    def start(node):
        try:
            os.unlink(marker(node))
        except FileNotFoundError:
            pass
        return subprocess.Popen([args.binary, "watch", root, "--state", url, "--node", node, "--lease-seconds", str(args.lease),
                                 "--settle", "0.5", "--poll-interval", "0.2", "--log-level", "notice"], stdout=log, stderr=log)

    contents = stories(args.files, rng, "Group crash story")
    kill_window = args.kills * 0.25

    started = time.time()
    daemons = {node: start(node) for node in NODES}
    time.sleep(0.5)
    thread = threading.Thread(target=drop, args=(inbox, contents, rng, kill_window))
    thread.start()
    kills, dead_for_good = 0, None
    while kills < args.kills:
        time.sleep(rng.uniform(0.02, 0.4))
        alive = [n for n in NODES if n != dead_for_good]
        node = rng.choice(alive)
        final = dead_for_good is None and kills + 1 >= args.kills // 2
        if final:
            # The node killed for good must be running (holding its lease), so that its recovery is tested.
            wait_until = time.time() + 60
            while not os.path.exists(marker(node)) and time.time() < wait_until:
                time.sleep(0.05)
            time.sleep(rng.uniform(0.1, 0.5))
        daemons[node].send_signal(signal.SIGKILL)
        daemons[node].wait()
        kills += 1
        if final:
            dead_for_good = node   # not restarted: the others must recover its files
        else:
            daemons[node] = start(node)
    thread.join()
    survivors = [n for n in NODES if n != dead_for_good]

    deadline = time.time() + 300
    def pending():
        left = [n for n in os.listdir(inbox) if not n.startswith(".")]
        for folder in glob.glob(os.path.join(root, "processing", "*")):
            for _, _, files in os.walk(folder):
                left += files
        return left
    def recovered():
        # The node killed for good has its lease freed once another node has recovered it.
        answer = subprocess.run(["psql", url, "-qAtc", f"SELECT token IS NULL FROM copydesk_nodes WHERE name = '{dead_for_good}'"],
                                capture_output=True, text=True).stdout.strip()
        return answer == "t"
    while (pending() or not recovered()) and time.time() < deadline:
        time.sleep(0.2)
    time.sleep(1)   # let a daemon that is still starting get to its signal handlers
    statuses = {}
    for node in survivors:
        daemons[node].send_signal(signal.SIGTERM)
    for node in survivors:
        statuses[node] = daemons[node].wait(timeout=60)
    elapsed = time.time() - started

    problems = []
    for node, status in statuses.items():
        if status != 0:
            problems.append(f"node {node}: final SIGTERM exit status {status}")
    left = pending()
    if left:
        problems.append(f"{len(left)} files still waiting or processing, e.g. {left[:3]}")
    done, failed, lines, distinct, doubled, absent, torn, per_node = check_promise(
        root, contents, os.path.join("out", "*", "*.jsonl"), problems)

    with open(os.path.join(root, "daemons.log"), "rb") as f:
        text = f.read()
    recoveries, node_recoveries = text.count(b"recovered output"), text.count(b"recovered a dead node")
    print(f"group crash test: {args.files} files, 3 daemons, {kills} SIGKILLs ({dead_for_good} killed for good at the "
          f"{args.kills // 2}th) in {elapsed:.1f} s; {len(done)} in done/, {len(failed)} in failed/, {lines} output lines "
          f"({distinct} distinct; per node {dict(sorted(per_node.items()))}), {recoveries} own recoveries, "
          f"{node_recoveries} dead-node recoveries; doubled {len(doubled)}, missing {len(absent)}, torn {torn}")
    if node_recoveries == 0:
        problems.append("no node recovered the node killed for good")
    for problem in problems:
        print(f"  FAIL: {problem}")
    if args.keep:
        print(f"  drop folder kept at {root}, database {url}")
    else:
        shutil.rmtree(root, ignore_errors=True)
        drop_database(admin, database)
    print("1 passed, 0 failed" if not problems else "0 passed, 1 failed")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
