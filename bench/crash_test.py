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
import argparse, fcntl, os, random, shutil, signal, struct, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drop_folder_checks import check_promise, drop, stories  # noqa: E402


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

    contents = stories(args.files, rng, "Crash test story")
    kill_window = args.kills * 0.25

    started = time.time()
    daemon = start()
    time.sleep(0.3)
    thread = threading.Thread(target=drop, args=(inbox, contents, rng, kill_window))
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
    done, failed, lines, distinct, doubled, absent, torn, _ = check_promise(root, contents, os.path.join("out", "*.jsonl"), problems)

    with open(os.path.join(root, "daemon.log"), "rb") as f:
        recoveries = f.read().count(b"recovered output")
    print(f"crash test: {args.files} files, {kills} SIGKILLs and restarts in {elapsed:.1f} s; "
          f"{len(done)} in done/, {len(failed)} in failed/, {lines} output lines "
          f"({distinct} distinct documents), {recoveries} output recoveries; "
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
