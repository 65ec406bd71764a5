#!/usr/bin/env python3
"""A test plugin that misbehaves on purpose, as its first argument says:

  well-behaved       answers every document (adds a warning)
  crash-every-third  exits with status 3 on every third document it sees
  hang               never answers documents whose name contains "hang"
  garbage            prints a line that is not JSON for documents whose name contains "garbage"
  change-id          answers with a different document id
  no-hello           never says hello
  error              answers {"error": ...} for documents whose name contains "error"
  drop               answers {"drop": ...} for documents whose name contains "drop"
  flood-stdout       writes 100 MB without a newline for documents whose name contains "flood"
  flood-stderr       writes 100 MB without a newline to stderr (a progress bar), then answers
  stop-reading       never reads a document after its hello (its stdin fills up)
"""
import json
import sys
import time

mode = sys.argv[1]


def send(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


if mode == "no-hello":
    time.sleep(3600)
send({"hello": "copydesk.plugin/1", "name": "test-" + mode, "version": "9.9", "concurrency": "pure"})
print(f"test plugin {mode} ready", file=sys.stderr, flush=True)
if mode == "stop-reading":
    time.sleep(3600)
CHUNK = "x" * (1 << 20)
seen = 0
for line in sys.stdin:
    seen += 1
    document = json.loads(line)
    name = document["source"]["name"]
    if mode == "crash-every-third" and seen % 3 == 0:
        sys.exit(3)
    if mode == "hang" and "hang" in name:
        time.sleep(3600)
    if mode == "flood-stdout" and "flood" in name:
        try:
            for _ in range(100):
                sys.stdout.write(CHUNK)
            sys.stdout.flush()
        except BrokenPipeError:
            sys.exit(0)
        time.sleep(3600)
    if mode == "flood-stderr":
        for _ in range(100):
            sys.stderr.write("\r" + CHUNK)
        sys.stderr.flush()
    if mode == "garbage" and "garbage" in name:
        print("this is not JSON at all", flush=True)
        continue
    if mode == "error" and "error" in name:
        send({"error": "cannot classify " + name})
        continue
    if mode == "drop" and "drop" in name:
        send({"drop": "not news"})
        continue
    if mode == "change-id":
        document["id"] = "0" * 64
    document["warnings"].append("seen by " + mode)
    document["test_plugin"] = {"mode": mode, "seen": seen}
    send(document)
