#!/usr/bin/env python3
"""Dedup across a group: the development sets of ../shared/eval/dedup split across three daemons
sharing one PostgreSQL state, against one process, scored with the set's score.py.

For each set (the long set, articles.jsonl, and short/, wire-length stories): the texts are exported
with score.py; `copydesk run --stages dedup` gives the one-process figure; then three
`copydesk watch --stages dedup` daemons, each on its own drop folder and all on one fresh database,
get a third of the files each (round robin, dropped at once), so that most duplicates meet their
original on another node. The documents of all three are scored together.

Verdicts depend on the order documents arrive in (which copy is the original), and the group's
order is not the sorted order `run` uses. So the group is also compared with one process fed the
same documents in the group's order, read from the database (`copydesk pipe`): the verdicts must be
the same document for document, and so the F1.

Usage: bench/group_dedup.py --binary BIN --database postgres://USER@HOST:PORT/DB [--sets long,short]
Prints one line per set. Exit status 1 when a verdict of the group differs from one process's in
the group's order, or a document is missing or doubled.
"""
import argparse, base64, glob, json, os, re, shutil, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drop_folder_checks import drop_database, fresh_database  # noqa: E402

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "eval", "dedup")


def score(python, articles, output):
    folder = os.path.dirname(articles)
    args = [python, os.path.join(SHARED, "score.py"), output, "--articles", articles, "--pairs", os.path.join(folder, "pairs.tsv")]
    amb = os.path.join(folder, "ambiguous_pairs.tsv")
    if os.path.exists(amb):
        args += ["--ambiguous", amb]
    text = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    line = next(l for l in text.splitlines() if "all-pairs" in l)
    p, r, f = (float(x) for x in re.findall(r"[PRF]1? +([\d.]+)", line)[:3])
    return p, r, f




def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--sets", default="long,short")
    parser.add_argument("--daemons", type=int, default=3)
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    failures = 0
    for name in args.sets.split(","):
        articles = os.path.join(SHARED, "articles.jsonl") if name == "long" else os.path.join(SHARED, name, "articles.jsonl")
        work = tempfile.mkdtemp(prefix="copydesk-group-dedup-")
        try:
            texts = os.path.join(work, "texts")
            subprocess.run([args.python, os.path.join(SHARED, "score.py"), "--articles", articles, "--export-texts", texts],
                           check=True, capture_output=True)
            files = sorted(os.listdir(texts))
            one = os.path.join(work, "one.jsonl")
            subprocess.run([args.binary, "run", "--stages", "dedup", texts, "--out", one], check=True, capture_output=True)
            single = score(args.python, articles, one)

            url, admin, database = fresh_database(args.database, "copydesk_dedup")
            roots = [os.path.join(work, f"node{i}") for i in range(args.daemons)]
            logs = [open(os.path.join(work, f"node{i}.log"), "wb") for i in range(args.daemons)]
            daemons = []
            for i, root in enumerate(roots):
                os.makedirs(os.path.join(root, "inbox"))
                daemons.append(subprocess.Popen([args.binary, "watch", root, "--state", url, "--node", f"n{i}", "--stages", "dedup",
                                                 "--settle", "0.2", "--poll-interval", "0.2", "--log-level", "warning"],
                                                stdout=logs[i], stderr=logs[i]))
            time.sleep(1.5)
            started = time.time()
            for index, file in enumerate(files):
                root = roots[index % args.daemons]
                temporary = os.path.join(root, "inbox", "." + file)
                shutil.copyfile(os.path.join(texts, file), temporary)
                os.rename(temporary, os.path.join(root, "inbox", file))
            deadline = time.time() + 600
            while sum(len(os.listdir(os.path.join(r, "done"))) for r in roots) < len(files) and time.time() < deadline:
                time.sleep(0.2)
            elapsed = time.time() - started
            for daemon in daemons:
                daemon.send_signal(signal.SIGTERM)
            for daemon in daemons:
                daemon.wait(timeout=60)
            group = os.path.join(work, "group.jsonl")
            with open(group, "wb") as out:
                for path in sorted(glob.glob(os.path.join(work, "node*", "out", "*", "*.jsonl"))):
                    with open(path, "rb") as f:
                        out.write(f.read())
            documents = [json.loads(line) for line in open(group, "rb")]
            three = score(args.python, articles, group)
            # One process, the same documents in the group's order (the dedup index's ordinals).
            order = subprocess.run(["psql", url, "-qAtc", "SELECT encode(id, 'hex') FROM copydesk_sketches ORDER BY ordinal"],
                                   check=True, capture_output=True, text=True).stdout.split()
            by_id = {}
            for document in documents:
                by_id.setdefault(document["id"], document["source"]["name"])
            requests = "".join(json.dumps({"name": by_id[i], "content_base64": base64.b64encode(
                open(os.path.join(texts, by_id[i]), "rb").read()).decode()}) + "\n" for i in order if i in by_id)
            replay = os.path.join(work, "replay.jsonl")
            with open(replay, "wb") as out:
                subprocess.run([args.binary, "pipe", "--stages", "dedup"], input=requests.encode(), stdout=out, check=True)
            same_order = score(args.python, articles, replay)
            verdict = lambda d: (d["dedup"]["status"], d["dedup"].get("of"))
            replayed = {d["id"]: verdict(d) for d in map(json.loads, open(replay, "rb"))}
            differing = sum(1 for d in documents if replayed.get(d["id"]) != verdict(d))
            drop_database(admin, database)
            ok = differing == 0 and len(documents) == len(files) == len({d["id"] for d in documents})
            failures += not ok
            print(f"{name}: {len(files)} texts; {args.daemons} daemons P {three[0]:.2f} R {three[1]:.2f} F1 {three[2]:.2f} "
                  f"({len(documents)} lines, {elapsed:.1f} s); one process in the group's order F1 {same_order[2]:.2f}, "
                  f"verdicts differing {differing}; one process in sorted order (run) P {single[0]:.2f} R {single[1]:.2f} "
                  f"F1 {single[2]:.2f}" + ("" if ok else "  FAIL"))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
