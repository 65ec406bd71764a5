#!/usr/bin/env python3
"""Main-content extraction, side by side: Copydesk against trafilatura, readability-lxml and jusText.

In one run: builds Copydesk in release mode, makes a virtual environment in bench/.venv and installs
the peers from PyPI (first run only), runs every extractor single-threaded on the same pages, scores
each with ../shared/eval/extraction/score.py, and prints one table: precision, recall, F1, pages/s
and MB of HTML per CPU-second.

Usage: bench/extraction_bench.py [--pages ../shared/eval/extraction/aeb/html] [--skip-build] [--rounds 3]
Peers run in one Python process, one page at a time, each on the decoded page (UTF-8), after one
untimed warm-up call. Copydesk is timed two ways:
- `copydesk`: the same way as the peers. `copydesk-clean-bench` times `Cleaner.clean` (parse,
  metadata, extraction) page by page on decoded pages.
- `copydesk run`: the whole `copydesk run --jobs 1 --stages clean`. Its CPU also covers process
  start, reading the files, SHA-256, decoding, segmenting and writing JSON Lines.
Rounds alternate Copydesk and the peers, and each extractor's least CPU counts. Figures are from this
run only: compare the ratios.
"""
import argparse, json, os, resource, subprocess, sys, tempfile, time

import bench_venv

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
PEERS = ["trafilatura==2.3.1", "readability-lxml", "lxml_html_clean", "html-text", "jusText"]

PEER_NAMES = ["trafilatura", "readability-lxml", "jusText"]

RUNNER = r'''
import json, os, sys, time
pages_dir, out_dir = sys.argv[1], sys.argv[2]
names = sorted(n for n in os.listdir(pages_dir) if n.endswith(".html"))
pages = {n[:-5]: open(os.path.join(pages_dir, n), encoding="utf-8", errors="replace").read() for n in names}

def run_trafilatura(html):
    import trafilatura
    return trafilatura.extract(html) or ""

def run_readability(html):
    from readability import Document
    import html_text
    return html_text.extract_text(Document(html).summary(html_partial=True))

def run_justext(html):
    import justext
    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

for name, function in [("trafilatura", run_trafilatura), ("readability-lxml", run_readability), ("jusText", run_justext)]:
    function(next(iter(pages.values())))  # warm-up, untimed
    results, cpu = {}, 0.0
    for page_id, html in pages.items():
        start = time.process_time()
        try:
            text = function(html)
        except Exception as error:
            text = ""
            print(f"{name}: {page_id}: {type(error).__name__}: {error}", file=sys.stderr)
        cpu += time.process_time() - start
        results[page_id] = {"articleBody": text}
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(results, f)
    with open(os.path.join(out_dir, name + ".cpu"), "w") as f:
        f.write(str(cpu))
'''


def ensure_venv():
    return bench_venv.ensure("trafilatura, readability, justext, html_text", PEERS, "the extraction peers")


def score(prediction):
    result = subprocess.run([sys.executable, os.path.join(SHARED, "eval", "extraction", "score.py"), prediction],
                            capture_output=True, text=True, check=True)
    line = [l for l in result.stdout.splitlines() if l.startswith("precision")][-1]
    fields = line.split()
    return float(fields[fields.index("precision") + 1]), float(fields[fields.index("recall") + 1]), float(fields[fields.index("F1") + 1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", default=os.path.join(SHARED, "eval", "extraction", "aeb", "html"))
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of all extractors; the least CPU counts")
    args = parser.parse_args()
    names = sorted(n for n in os.listdir(args.pages) if n.endswith(".html"))
    megabytes = sum(os.path.getsize(os.path.join(args.pages, n)) for n in names) / 1e6
    work = tempfile.mkdtemp(prefix="copydesk-extraction-")

    if not args.skip_build:
        for product in ["copydesk", "copydesk-clean-bench"]:
            subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
    bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
    binary = os.path.join(bin_path, "copydesk")
    clean_output = os.path.join(work, "copydesk-clean.json")
    python = ensure_venv()

    # Rounds alternate Copydesk and the peers so that both see the same machine load; each
    # extractor's figure is its least CPU over the rounds (the machine is shared and noisy).
    cpu = {}
    output = os.path.join(work, "copydesk.jsonl")
    for _ in range(args.rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        # Only the clean stage: the peers extract and nothing more (the default chain would add
        # dedup, entities and claims).
        subprocess.run([binary, "run", "--jobs", "1", "--stages", "clean", args.pages, "--out", output], check=True,
                       stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        cpu["copydesk run"] = min(cpu.get("copydesk run", used), used)
        used = float(subprocess.run([os.path.join(bin_path, "copydesk-clean-bench"), args.pages, clean_output],
                                    check=True, capture_output=True, text=True).stdout)
        cpu["copydesk"] = min(cpu.get("copydesk", used), used)
        subprocess.run([python, "-c", RUNNER, args.pages, work], check=True)
        for name in PEER_NAMES:
            used = float(open(os.path.join(work, name + ".cpu")).read())
            cpu[name] = min(cpu.get(name, used), used)
    rows = [("copydesk", *score(clean_output), cpu["copydesk"]), ("copydesk run", *score(output), cpu["copydesk run"])]
    for name in PEER_NAMES:
        rows.append((name, *score(os.path.join(work, name + ".json")), cpu[name]))

    print(f"main-content extraction: {len(names)} pages, {megabytes:.2f} MB of HTML, one thread each")
    print(f"{'extractor':<18} {'precision':>9} {'recall':>7} {'F1':>6} {'pages/s':>8} {'MB/CPU-s':>9}")
    for name, precision, recall, f1, cpu in rows:
        print(f"{name:<18} {precision:>9.3f} {recall:>7.3f} {f1:>6.3f} {len(names) / cpu:>8.1f} {megabytes / cpu:>9.2f}")
    print(f"\ncopydesk is {cpu_of(rows, 'trafilatura') / cpu_of(rows, 'copydesk'):.2f}x trafilatura page by page, "
          f"and {cpu_of(rows, 'trafilatura') / cpu_of(rows, 'copydesk run'):.2f}x counting its whole run")


def cpu_of(rows, name):
    return next(row[4] for row in rows if row[0] == name)


if __name__ == "__main__":
    sys.exit(main())
