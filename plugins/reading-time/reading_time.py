#!/usr/bin/env python3
"""Copydesk plugin: reading time and counts, for editors planning a page or a bulletin.

Adds to each document:
  "reading": {"words": 612, "sentences": 31, "paragraphs": 9, "minutes": 3,
              "seconds_aloud": 245, "longest_sentence_words": 48}

Minutes are for silent reading at 230 words a minute (rounded up); seconds_aloud is for a
broadcast read at 150 words a minute. Set READING_WPM in the plugin's env to change the first.
Standard library only; speaks copydesk.plugin/1 (see plugins/README.md).
"""
import json
import math
import os
import re
import sys

WORD = re.compile(r"\w+(?:[-'’]\w+)*")
SENTENCE_END = re.compile(r"[.!?…]+[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
SILENT_WPM = float(os.environ.get("READING_WPM", "230"))
ALOUD_WPM = 150.0


def send(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def reading(text):
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    sentences = [s for p in paragraphs for s in SENTENCE_END.split(p) if s.strip()]
    words = WORD.findall(text)
    longest = max((len(WORD.findall(s)) for s in sentences), default=0)
    return {
        "words": len(words),
        "sentences": len(sentences),
        "paragraphs": len(paragraphs),
        "minutes": math.ceil(len(words) / SILENT_WPM) if words else 0,
        "seconds_aloud": round(len(words) / ALOUD_WPM * 60),
        "longest_sentence_words": longest,
    }


def main():
    send({"hello": "copydesk.plugin/1", "name": "reading-time", "version": "1", "concurrency": "pure"})
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            document = json.loads(line)
            document["reading"] = reading(document.get("text", ""))
            send(document)
        except Exception as error:  # one bad document must not stop the plugin
            send({"error": f"{type(error).__name__}: {error}"})


if __name__ == "__main__":
    main()
