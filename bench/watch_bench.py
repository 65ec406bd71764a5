#!/usr/bin/env python3
"""Benchmark for `copydesk watch`: throughput, drop-to-line latency, and memory with a backlog.

  1. idle latency: files dropped one at a time (renamed in) into an idle daemon; the time from the
     rename to the file's line being in out/ (polled every 0.5 ms): p50, p99, max;
  2. sustained throughput: a burst of small text files; files per second from the first drop to
     the last line, and the daemon's CPU time per file;
  3. memory: peak RSS (VmHWM) of a daemon idle on an empty inbox, and of one working through a
     backlog of --backlog files dropped before it starts.

Usage: bench/watch_bench.py --binary .build/release/copydesk [--latency 300] [--burst 5000] [--backlog 100000]
Standard library only. Figures depend on the machine: compare within one run.
"""
import argparse, os, shutil, signal, subprocess, sys, tempfile, time


def start(binary, root, *extra):
    log = open(os.path.join(root, "daemon.log"), "ab")
    process = subprocess.Popen([binary, "watch", root, "--log-level", "warning", *extra], stdout=log, stderr=log)
    metrics = os.path.join(root, "state", "metrics.prom")
    while not os.path.exists(metrics):
        time.sleep(0.005)
    return process


def stop(process):
    process.send_signal(signal.SIGTERM)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = status
    return usage


def peak_rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def story(i):
    return (f"Story {i}. The harbour council met on Tuesday and approved the budget after a long debate, "
            f"officials said. Work on the northern quay begins in May.\n").encode()


def count_lines(root):
    out = os.path.join(root, "out")
    total = 0
    for name in os.listdir(out):
        if name.endswith(".jsonl"):
            with open(os.path.join(out, name), "rb") as f:
                total += f.read().count(b"\n")
    return total


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def latency(binary, count):
    root = tempfile.mkdtemp(prefix="copydesk-bench-")
    daemon = start(binary, root)
    staging = os.path.join(root, "staging")
    os.makedirs(staging)
    samples = []
    for i in range(count):
        path = os.path.join(staging, f"l{i}.txt")
        with open(path, "wb") as f:
            f.write(story(i))
        before = count_lines(root)
        t0 = time.perf_counter()
        os.rename(path, os.path.join(root, "inbox", f"l{i}.txt"))
        while count_lines(root) == before:
            time.sleep(0.0005)
        samples.append((time.perf_counter() - t0) * 1000)
        time.sleep(0.02)
    stop(daemon)
    shutil.rmtree(root, ignore_errors=True)
    return samples


def throughput(binary, count):
    root = tempfile.mkdtemp(prefix="copydesk-bench-")
    daemon = start(binary, root)
    staging = os.path.join(root, "staging")
    os.makedirs(staging)
    for i in range(count):
        with open(os.path.join(staging, f"t{i:06d}.txt"), "wb") as f:
            f.write(story(i))
    t0 = time.perf_counter()
    for i in range(count):
        os.rename(os.path.join(staging, f"t{i:06d}.txt"), os.path.join(root, "inbox", f"t{i:06d}.txt"))
    while count_lines(root) < count:
        time.sleep(0.01)
    elapsed = time.perf_counter() - t0
    usage = stop(daemon)
    shutil.rmtree(root, ignore_errors=True)
    return elapsed, usage.ru_utime + usage.ru_stime


def memory(binary, backlog, seconds):
    root = tempfile.mkdtemp(prefix="copydesk-bench-")
    idle = start(binary, root)
    time.sleep(seconds)
    idle_peak = peak_rss_kb(idle.pid)
    stop(idle)
    inbox = os.path.join(root, "inbox")
    for i in range(backlog):
        with open(os.path.join(inbox, f"b{i:06d}.txt"), "wb") as f:
            f.write(story(i))
    time.sleep(0.6)
    t0 = time.perf_counter()
    busy = start(binary, root)
    peak, done = 0, 0
    while time.perf_counter() - t0 < seconds * 20:
        peak = max(peak, peak_rss_kb(busy.pid))
        done = count_lines(root)
        if done >= backlog:
            break
        time.sleep(0.25)
    peak = max(peak, peak_rss_kb(busy.pid))
    elapsed = time.perf_counter() - t0
    stop(busy)
    shutil.rmtree(root, ignore_errors=True)
    return idle_peak, peak, done, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--latency", type=int, default=300, help="files for the idle latency test")
    parser.add_argument("--burst", type=int, default=5000, help="files for the throughput test")
    parser.add_argument("--backlog", type=int, default=100000, help="files waiting before the memory test starts")
    parser.add_argument("--seconds", type=float, default=3, help="idle time for the empty-inbox RSS")
    args = parser.parse_args()

    samples = latency(args.binary, args.latency)
    print(f"idle drop-to-line latency, {len(samples)} files: p50 {percentile(samples, 50):.1f} ms, "
          f"p99 {percentile(samples, 99):.1f} ms, max {max(samples):.1f} ms")
    elapsed, cpu = throughput(args.binary, args.burst)
    print(f"sustained: {args.burst} files in {elapsed:.2f} s = {args.burst / elapsed:.0f} files/s; "
          f"daemon CPU {cpu:.2f} s = {cpu / args.burst * 1000:.3f} ms per file")
    idle_peak, busy_peak, done, took = memory(args.binary, args.backlog, args.seconds)
    print(f"peak RSS: empty inbox {idle_peak / 1024:.1f} MB; backlog of {args.backlog} files "
          f"({done} processed in {took:.0f} s) {busy_peak / 1024:.1f} MB; difference {(busy_peak - idle_peak) / 1024:.1f} MB")


if __name__ == "__main__":
    sys.exit(main())
