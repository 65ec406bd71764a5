#!/usr/bin/env python3
"""Crash test for `copydesk watch`: drop files while killing the daemon with SIGKILL at random moments.

Drops N files (half written in place, half written as .part and renamed in) while a killer sends
SIGKILL to the daemon at random intervals and restarts it at once. Then lets the daemon finish,
stops it with SIGTERM, and checks the drop folder's promise:

  * every input is in done/ or failed/ (none left in inbox/ or processing/, none lost);
  * every input's content appears in the output exactly once (no line lost, none doubled);
  * every output line is complete JSON (torn lines were cut).

Usage: bench/crash_test.py --binary .build/release/copydesk [--files 2000] [--kills 50] [--seed 1]
Exit status 0 when the promise holds, 1 otherwise. Standard library only.
"""
import argparse, fcntl, glob, hashlib, json, os, random, shutil, signal, struct, subprocess, sys, tempfile, threading, time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary drop folder")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = tempfile.mkdtemp(prefix="copydesk-crash-")
    inbox = os.path.join(root, "inbox")
    os.makedirs(inbox)
    log = open(os.path.join(root, "daemon.log"), "ab")

    def start():
        return subprocess.Popen([args.binary, "watch", root, "--settle", "0.5", "--poll-interval", "0.2",
                                 "--log-level", "notice"], stdout=log, stderr=log)

    def lock_held():
        # Looks at the daemon's OFD lock (F_OFD_GETLK = 36) without taking it.
        try:
            fd = os.open(os.path.join(root, "state", "daemon.lock"), os.O_RDONLY)
        except FileNotFoundError:
            return False
        try:
            probe = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
            l_type = struct.unpack("hhqqi4x", fcntl.fcntl(fd, 36, probe))[0]
            return l_type != fcntl.F_UNLCK
        finally:
            os.close(fd)

    contents = {}
    for i in range(args.files):
        name = f"story-{i:05d}.txt"
        body = (f"Crash test story {i}. The council met on day {i % 31} and voted {rng.randint(1, 99)} to "
                f"{rng.randint(1, 99)} on the harbour budget. " * rng.randint(1, 6))
        contents[name] = body.encode()
    expected = {hashlib.sha256(b).hexdigest(): n for n, b in contents.items()}

    names = sorted(contents)
    kill_window = args.kills * 0.25
    dropped = threading.Event()

    def dropper():
        for index, name in enumerate(names):
            data = contents[name]
            if index % 2:
                with open(os.path.join(inbox, name), "wb") as f:
                    f.write(data)
            else:
                temporary = os.path.join(inbox, name + ".part")
                with open(temporary, "wb") as f:
                    f.write(data)
                os.rename(temporary, os.path.join(inbox, name))
            if index % 50 == 49:
                time.sleep(kill_window / max(1, len(names) / 50) * rng.random() * 2)
        dropped.set()

    started = time.time()
    daemon = start()
    time.sleep(0.3)
    thread = threading.Thread(target=dropper)
    thread.start()
    kills = 0
    while kills < args.kills:
        time.sleep(rng.uniform(0.02, 0.4))
        daemon.send_signal(signal.SIGKILL)
        daemon.wait()
        kills += 1
        daemon = start()
    thread.join()

    deadline = time.time() + 300
    def pending():
        left = [n for n in os.listdir(inbox) if not n.startswith(".")]
        return left + os.listdir(os.path.join(root, "processing"))
    while pending() and time.time() < deadline:
        time.sleep(0.1)
    # SIGTERM is graceful once the daemon is running; it holds state/daemon.lock from then on. A
    # signal that arrives while the process is still starting up gets the default action instead.
    while not lock_held() and daemon.poll() is None and time.time() < deadline:
        time.sleep(0.02)
    daemon.send_signal(signal.SIGTERM)
    status = daemon.wait(timeout=60)
    elapsed = time.time() - started

    problems = []
    if status != 0:
        problems.append(f"final SIGTERM exit status {status}")
    left = pending()
    if left:
        problems.append(f"{len(left)} files still waiting or processing, e.g. {left[:3]}")
    done = set(os.listdir(os.path.join(root, "done")))
    failed = {n for n in os.listdir(os.path.join(root, "failed")) if not n.endswith(".error.json")}
    finished = done | failed
    missing = [n for n in names if n not in finished]
    if missing:
        problems.append(f"{len(missing)} inputs in neither done/ nor failed/, e.g. {missing[:3]}")
    extra = sorted(finished - set(names))
    if extra:
        problems.append(f"{len(extra)} unexpected files in done/ or failed/, e.g. {extra[:3]}")
    if failed:
        problems.append(f"{len(failed)} inputs failed, e.g. {sorted(failed)[:3]}")

    counts, lines, torn = {}, 0, 0
    for path in sorted(glob.glob(os.path.join(root, "out", "*.jsonl"))):
        with open(path, "rb") as f:
            for raw in f:
                lines += 1
                try:
                    document = json.loads(raw)
                except ValueError:
                    torn += 1
                    continue
                counts[document["id"]] = counts.get(document["id"], 0) + 1
    doubled = [expected.get(h, h) for h, c in counts.items() if c > 1]
    absent = [n for h, n in expected.items() if h not in counts]
    if torn:
        problems.append(f"{torn} output lines are not complete JSON")
    if doubled:
        problems.append(f"{len(doubled)} inputs written more than once, e.g. {doubled[:3]}")
    if absent:
        problems.append(f"{len(absent)} inputs have no output line, e.g. {absent[:3]}")

    with open(os.path.join(root, "daemon.log"), "rb") as f:
        recoveries = f.read().count(b"recovered output")
    print(f"crash test: {args.files} files, {kills} SIGKILLs and restarts in {elapsed:.1f} s; "
          f"{len(done)} in done/, {len(failed)} in failed/, {lines} output lines "
          f"({len(counts)} distinct documents), {recoveries} output recoveries; "
          f"doubled {len(doubled)}, missing {len(absent)}, torn {torn}")
    for problem in problems:
        print(f"  FAIL: {problem}")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    else:
        print(f"  drop folder kept at {root}")
    print("1 passed, 0 failed" if not problems else "0 passed, 1 failed")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
