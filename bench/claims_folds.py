#!/usr/bin/env python3
"""Claim attribution by three-fold cross-validation on PolNeAR dev, by document.

The 84 articles are split into three folds by a hash of their id (the same split every run). A change
to the claims stage is chosen on two folds and reported on the third; this script gives the figures
of each fold, so a change can be judged on the folds it was chosen on and reported on the one it was
not, in each of the three rotations.

  bench/claims_folds.py [--copydesk PATH] [--output OUT.jsonl]

Runs `copydesk run --stages entities,claims` over ../shared/eval/attribution/polnear_dev_texts (unless
--output names an existing output) and scores each fold with that folder's score.py (--gold a fold's
articles). PolNeAR has no licence: it is read in place, for measuring only.
"""
import argparse, hashlib, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EVAL = os.path.join(os.path.dirname(ROOT), "shared", "eval", "attribution")


def fold_of(article_id):
    return int(hashlib.sha256(article_id.encode()).hexdigest(), 16) % 3


def scores(output, gold):
    out = subprocess.run([sys.executable, os.path.join(EVAL, "score.py"), output, "--gold", gold, "--json", os.devnull],
                         capture_output=True, text=True, check=True).stdout
    def f1(label):
        line = next(l for l in out.splitlines() if l.strip().startswith(label))
        return float(re.search(r"F1\s+([\d.]+)", line).group(1))
    return f1("overlap"), f1("attribution")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copydesk", default=os.path.join(ROOT, ".build", "release", "copydesk"))
    parser.add_argument("--output", help="a copydesk output over the texts, to score instead of running copydesk")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="copydesk-claims-folds-")
    output = args.output
    if not output or not os.path.exists(output):
        output = output or os.path.join(work, "claims.jsonl")
        subprocess.run([args.copydesk, "run", "--stages", "entities,claims", "--jobs", "1",
                        os.path.join(EVAL, "polnear_dev_texts"), "--out", output], check=True, stderr=subprocess.DEVNULL)
    articles = [json.loads(line) for line in open(os.path.join(EVAL, "polnear_dev.jsonl"), encoding="utf-8")]
    figures = []
    for fold in range(3):
        gold = os.path.join(work, f"fold{fold}.jsonl")
        with open(gold, "w", encoding="utf-8") as f:
            for article in articles:
                if fold_of(article["id"]) == fold:
                    f.write(json.dumps(article) + "\n")
        count = sum(1 for a in articles if fold_of(a["id"]) == fold)
        quotes = sum(len(a["quotes"]) for a in articles if fold_of(a["id"]) == fold)
        overlap, attribution = scores(output, gold)
        figures.append((overlap, attribution))
        print(f"fold {fold}: {count} articles, {quotes} attributions: overlap F1 {overlap:.1f}, attribution F1 {attribution:.1f}")
    print(f"mean of the folds: overlap F1 {sum(f[0] for f in figures) / 3:.1f}, attribution F1 {sum(f[1] for f in figures) / 3:.1f}")


if __name__ == "__main__":
    sys.exit(main())
