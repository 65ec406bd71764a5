#!/usr/bin/env python3
"""How the entity tagger's held-out F1 grows with in-domain training data (UNER English-EWT).

The tagger may train only on the files ../shared/eval/README.md allows: GUM's open genres (train
and dev) and UNER English-EWT dev (318 web documents); uner_ewt_test is for measuring only. To see
how much of the gap to issue 7's UNER target is a matter of data, this script runs the three-fold
cross-validation by document that the bench README's "folds" are (document i is in fold i % 3,
over GUM train+dev and UNER dev), training each fold's model on all of GUM's training documents and
on a fraction of UNER's (evenly spaced documents; two different subsets below the whole), and
scores the held-out UNER and GUM documents with ../shared/eval/ner/score.py (micro PER/ORG/LOC).
It prints F1 by the number of UNER training documents and a least-squares line of F1 over log2 of
that number: the gain per doubling of in-domain data.

  bench/ner_learning_curve.py [--skip-build] [--fractions 0.125,0.25,0.5,1]

About 20 s per model set (three trainings) on this machine's two cores.
"""
import argparse, math, os, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NER = os.path.join(os.path.dirname(ROOT), "shared", "eval", "ner")
GAZETTEERS = os.path.join(ROOT, "data", "gazetteers")


def documents(path):
    """The file's documents, each as its lines from one -DOCSTART- line to the next."""
    docs, current = [], []
    for line in open(path, encoding="utf-8"):
        if line.startswith("-DOCSTART-") and current:
            docs.append(current)
            current = []
        current.append(line if line.endswith("\n") else line + "\n")
    if current:
        docs.append(current)
    return docs


def write(path, docs):
    with open(path, "w", encoding="utf-8") as out:
        for doc in docs:
            out.writelines(doc)
            if doc[-1].strip():
                out.write("\n")


def micro_f1(gold, predicted):
    out = subprocess.run([sys.executable, os.path.join(NER, "score.py"), gold, predicted],
                         check=True, capture_output=True, text=True).stdout
    return float([l.split() for l in out.splitlines() if l.startswith("micro")][-1][3])


def release_binary(skip_build):
    """The release `copydesk`, built first unless `skip_build`."""
    if not skip_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "copydesk"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                                       capture_output=True, text=True).stdout.strip(), "copydesk")


def fold_documents():
    """The documents the folds split: GUM train+dev, and UNER dev (document i is in fold i % 3)."""
    gum = documents(os.path.join(NER, "gum_open_train.bio")) + documents(os.path.join(NER, "gum_open_dev.bio"))
    return gum, documents(os.path.join(NER, "uner_ewt_dev.iob2"))


def evenly(docs, fraction, offset):
    """`fraction` of `docs`, evenly spaced, starting `offset` of the way into the first gap."""
    n = max(1, round(len(docs) * fraction))
    step = len(docs) / n
    return [docs[int(i * step + offset * step) % len(docs)] for i in range(n)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--fractions", default="0.125,0.25,0.5,1")
    args = parser.parse_args()
    fractions = [float(f) for f in args.fractions.split(",")]
    binary = release_binary(args.skip_build)
    work = tempfile.mkdtemp(prefix="copydesk-curve-")
    gum, uner = fold_documents()
    folds = range(3)
    for k in folds:
        write(f"{work}/gum_train{k}.bio", [d for i, d in enumerate(gum) if i % 3 != k])
        write(f"{work}/gum_test{k}.bio", [d for i, d in enumerate(gum) if i % 3 == k])
        write(f"{work}/uner_test{k}.bio", [d for i, d in enumerate(uner) if i % 3 == k])
    for name in ("gum", "uner"):
        with open(f"{work}/{name}_gold.bio", "w", encoding="utf-8") as out:
            for k in folds:
                out.write(open(f"{work}/{name}_test{k}.bio", encoding="utf-8").read())

    def one_fold(tag, k, fraction, offset):
        training = [d for i, d in enumerate(uner) if i % 3 != k]
        chosen = evenly(training, fraction, offset) if fraction < 1 else training
        prefix = f"{work}/{tag}_{k}"
        write(f"{prefix}_uner.bio", chosen)
        subprocess.run([binary, "entities", "train", f"{work}/gum_train{k}.bio", f"{prefix}_uner.bio",
                        "--gazetteers", GAZETTEERS, "--output", f"{prefix}.model"], check=True, stdout=subprocess.DEVNULL)
        for name in ("gum", "uner"):
            subprocess.run([binary, "entities", "tag", f"{work}/{name}_test{k}.bio", "--model", f"{prefix}.model",
                            "--output", f"{prefix}_{name}.pred"], check=True)
        return len(chosen)

    rows = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for fraction in fractions:
            offsets = [0.0] if fraction >= 1 else [0.0, 0.5]
            for offset in offsets:
                tag = f"f{fraction}_{offset}"
                counts = list(pool.map(lambda k: one_fold(tag, k, fraction, offset), folds))
                scores = []
                for name in ("uner", "gum"):
                    with open(f"{work}/{tag}_{name}.pred", "w", encoding="utf-8") as out:
                        for k in folds:
                            out.write(open(f"{work}/{tag}_{k}_{name}.pred", encoding="utf-8").read())
                    scores.append(micro_f1(f"{work}/{name}_gold.bio", f"{work}/{tag}_{name}.pred"))
                rows.append((fraction, offset, sum(counts) / len(counts), *scores))
                print(f"  {fraction:>6} of UNER's training documents (subset {offsets.index(offset) + 1}): "
                      f"{sum(counts) / len(counts):.0f} documents, UNER {scores[0]:.2f}, GUM {scores[1]:.2f}", flush=True)

    print("\nUNER training documents per fold | UNER held-out micro F1 | GUM held-out micro F1")
    by_fraction = {}
    for fraction, _, docs, u, g in rows:
        by_fraction.setdefault(fraction, []).append((docs, u, g))
    points = []
    for fraction in fractions:
        runs = by_fraction[fraction]
        docs = sum(r[0] for r in runs) / len(runs)
        u = sum(r[1] for r in runs) / len(runs)
        g = sum(r[2] for r in runs) / len(runs)
        points.append((math.log2(docs), u))
        print(f"| {docs:.0f} | {u:.2f} | {g:.2f} |")
    if len(points) >= 2:
        mx = sum(x for x, _ in points) / len(points)
        my = sum(y for _, y in points) / len(points)
        slope = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)
        print(f"\nleast squares over log2(documents): {slope:+.2f} F1 per doubling of UNER's training documents")


if __name__ == "__main__":
    main()
