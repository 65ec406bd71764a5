#!/usr/bin/env python3
"""The entity tagger's held-out F1 on the folds that choose its changes, with and without extra
training files.

Three-fold cross-validation by document over GUM train+dev and UNER dev (document i is in fold i % 3,
as in ner_learning_curve.py and the bench README's NER section): each fold's model trains on the
other two folds, plus every --extra file (always training, never held out), and tags the held-out
documents; ../shared/eval/ner/score.py scores UNER (PER/ORG/LOC) and GUM (PER/ORG/LOC/MISC) micro F1
over the three held-out folds together. The test files are never used.

  bench/ner_folds.py [--skip-build] [--binary PATH] [--gazetteers DIR] [--extra FILE]... [--label NAME]

The extra files the eval README allows (WikiGold, re3d) come converted by scripts/convert-extra-ner.
About 30 s per run (three trainings) on this machine's two cores.
"""
import argparse, os, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

from ner_learning_curve import GAZETTEERS, fold_documents, micro_f1, release_binary, write


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--binary")
    parser.add_argument("--gazetteers", default=GAZETTEERS)
    parser.add_argument("--extra", action="append", default=[])
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    binary = args.binary or release_binary(args.skip_build)
    work = tempfile.mkdtemp(prefix="copydesk-ner-folds-")
    gum, uner = fold_documents()
    folds = range(3)
    for k in folds:
        write(f"{work}/train{k}.bio", [d for i, d in enumerate(gum) if i % 3 != k] + [d for i, d in enumerate(uner) if i % 3 != k])
        write(f"{work}/gum_test{k}.bio", [d for i, d in enumerate(gum) if i % 3 == k])
        write(f"{work}/uner_test{k}.bio", [d for i, d in enumerate(uner) if i % 3 == k])

    def one_fold(k):
        subprocess.run([binary, "entities", "train", f"{work}/train{k}.bio", *args.extra, "--gazetteers", args.gazetteers,
                        "--output", f"{work}/{k}.model"], check=True, stdout=subprocess.DEVNULL)
        for name in ("gum", "uner"):
            subprocess.run([binary, "entities", "tag", f"{work}/{name}_test{k}.bio", "--model", f"{work}/{k}.model",
                            "--output", f"{work}/{k}_{name}.pred"], check=True)

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one_fold, folds))
    scores = {}
    for name in ("uner", "gum"):
        for suffix in ("test", "pred"):
            with open(f"{work}/{name}_all.{suffix}", "w", encoding="utf-8") as out:
                for k in folds:
                    out.write(open(f"{work}/{name}_test{k}.bio" if suffix == "test" else f"{work}/{k}_{name}.pred", encoding="utf-8").read())
        scores[name] = micro_f1(f"{work}/{name}_all.test", f"{work}/{name}_all.pred")
    extras = ", ".join(os.path.basename(e) for e in args.extra) or "none"
    print(f"{args.label or extras}: held-out micro F1 UNER {scores['uner']:.2f}, GUM {scores['gum']:.2f} (extra: {extras})")


if __name__ == "__main__":
    sys.exit(main())
