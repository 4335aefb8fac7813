"""gopher_repetition's CPU time and decisions on real English pages, for one dataprep tree.

    .venv/bin/python benchmarks/bench_repetition.py ROOT [--corpus JSONL] [--every 8]
        [--lang en|none] [--repeat 3]

ROOT is the directory holding the ``dataprep`` package to measure (e.g. this checkout, or an
earlier commit unpacked with ``git archive <commit> dataprep | tar -x -C /tmp/old``), so that
the previous and the current implementation run on the same pages; prints one JSON line
(pages, CPU seconds of the fastest of ``--repeat`` passes, pages/s, kept, and the reasons to
compare decisions). The machine may be shared: run the trees alternately, several times.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root")
    parser.add_argument("--corpus", default="~/.cache/dataprep-corpus/extracted/web.jsonl")
    parser.add_argument("--every", type=int, default=8)
    parser.add_argument("--lang", default="en", help="'none' for the language-free splitter")
    parser.add_argument("--repeat", type=int, default=1, help="timed passes; the fastest counts")
    args = parser.parse_args()
    sys.path.insert(0, args.root)
    from dataprep.filters import gopher_repetition

    lang = None if args.lang == "none" else args.lang
    with open(os.path.expanduser(args.corpus), encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    texts = [r["text"] for r in rows if r.get("lang") == "en" and r.get("text")][::args.every]
    for text in texts[:50]:  # warm-up: imports, caches
        gopher_repetition(text, lang=lang)
    passes = []
    for _ in range(args.repeat):
        start = time.process_time()
        reasons = [gopher_repetition(text, lang=lang) for text in texts]
        passes.append(time.process_time() - start)
    cpu = min(passes)
    print(json.dumps({"root": args.root, "lang": lang, "pages": len(texts), "cpu": cpu,
                      "passes": passes,
                      "pages_per_s": len(texts) / cpu, "kept": reasons.count(None),
                      "reasons": reasons}))


if __name__ == "__main__":
    main()
