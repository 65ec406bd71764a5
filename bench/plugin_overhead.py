#!/usr/bin/env python3
"""What a plugin stage costs per document, against the built-in chain alone, in one run.

Runs `copydesk run` over N documents of about 4.6 KB, three ways, round-robin, --repeat times:
  built-in   the built-in chain (clean), no extra stage (a built-in no-op stage costs nothing
             measurable: the pipeline calls it and appends its timing)
  echo-noop  sh + cat: answers each request with the request itself, unparsed: the protocol's
             own cost (Copydesk encodes, pipes, reads, parses and checks the answer)
  swift-noop the house-style plugin with no rules (decodes and re-encodes every document)
  python-noop a Python plugin that parses and re-serialises each document
and reports CPU seconds (copydesk plus its plugin processes) and wall seconds per document; the
overhead is each plugin's figure minus the built-in one. Target: ≤ 0.2 ms per document.

Usage: bench/plugin_overhead.py --binary .build/release/copydesk [--documents 2000] [--repeat 3]
(build the plugin first: swift build -c release --product copydesk-house-style)
"""
import argparse, os, resource, shutil, subprocess, sys, tempfile, time

PYTHON_NOOP = """import json, sys
print(json.dumps({"hello": "copydesk.plugin/1", "name": "noop", "version": "1", "concurrency": "pure"}), flush=True)
for line in sys.stdin:
    print(json.dumps(json.loads(line), ensure_ascii=False), flush=True)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    repository = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    work = tempfile.mkdtemp(prefix="copydesk-plugin-bench-")
    inputs = os.path.join(work, "inputs")
    os.makedirs(inputs)
    samples = [open(os.path.join(repository, "samples", n), "rb").read()
               for n in sorted(os.listdir(os.path.join(repository, "samples"))) if n.endswith((".txt", ".md"))]
    body = b"\n\n".join(s.decode("utf-8", "replace").encode() for s in samples if s.isascii() or True)
    for i in range(args.documents):
        text = (f"Story {i}\n\n").encode() + (body * 3)[:4600]
        with open(os.path.join(inputs, f"d{i:05d}.txt"), "wb") as f:
            f.write(text)
    rules = os.path.join(work, "no-rules.json")
    open(rules, "w").write("[]")
    noop = os.path.join(work, "noop.py")
    open(noop, "w").write(PYTHON_NOOP)
    os.chmod(noop, 0o755)
    configs = {"built-in": None}
    house_style = os.path.join(os.path.dirname(args.binary), "copydesk-house-style")
    echo = os.path.join(work, "echo.sh")
    open(echo, "w").write("#!/bin/sh\n"
                          "echo '{\"hello\":\"copydesk.plugin/1\",\"name\":\"echo\",\"version\":\"1\",\"concurrency\":\"pure\"}'\n"
                          "exec cat\n")
    os.chmod(echo, 0o755)
    for name, plugin, extra in [("echo-noop", echo, ""),
                                ("swift-noop", house_style, f"    args: [{rules}]\n"),
                                ("python-noop", "/usr/bin/env", f"    args: [python3, {noop}]\n")]:
        path = os.path.join(work, name + ".yaml")
        open(path, "w").write(f"stages:\n  - name: {name}\n    plugin: {plugin}\n{extra}    instances: 2\n")
        configs[name] = path

    best = {name: (float("inf"), float("inf")) for name in configs}
    for _ in range(args.repeat):
        for name, config in configs.items():
            command = [args.binary, "run", inputs, "--out", os.path.join(work, "out.jsonl")]
            if config:
                command += ["--config", config]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            best[name] = (min(best[name][0], cpu), min(best[name][1], wall))

    n = args.documents
    base_cpu, base_wall = best["built-in"]
    print(f"plugin overhead, {n} documents of ~4.6 KB, best of {args.repeat} (CPU = copydesk + plugin processes):")
    print(f"{'pipeline':<12} {'CPU ms/doc':>10} {'wall ms/doc':>11} {'overhead CPU':>13} {'overhead wall':>14}")
    for name, (cpu, wall) in best.items():
        print(f"{name:<12} {cpu / n * 1000:>10.3f} {wall / n * 1000:>11.3f} "
              f"{(cpu - base_cpu) / n * 1000:>+13.3f} {(wall - base_wall) / n * 1000:>+14.3f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
