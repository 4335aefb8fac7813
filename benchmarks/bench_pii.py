"""PII scrubbing: throughput per core against datatrove's PIIFormatter, and look-alike damage.

    /work/venv/bin/python benchmarks/bench_pii.py [--docs 3000] [--repeat 3]
                                                  [--dt-python /work/venv-dt/bin/python]

Corpus (seeded, built in memory): the English web-like pages of ``bench_filters.make_docs``
(articles, navigation, number tables, code lines), the Python reference manual shipped with
CPython (``pydoc_data.topics``: prose with code and version numbers), the Chinese sample pages
of ``tests/data/filters/pages``, and every text of the labelled PII set
(``tests/data/pii/cases.jsonl``) spliced into random pages, so about one page in six carries PII
or a look-alike. ``--dense`` also splices in every text of the held-out set
(``spec_cases.jsonl``): then about one page in two does, far more than web text has.

Prints, for ``scrub_pii`` (all 8 types, placeholder mode) and for datatrove's
``PIIFormatter()`` (emails and public IPv4 only; run in the datatrove venv by re-invoking this
script with ``--datatrove-worker``): best-of-``--repeat`` MB/s of UTF-8 text and M chars/s in
one process (= per core, CPU time), and how many of the labelled hard negatives each rewrites.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "pii" / "cases.jsonl"
SPEC_CASES = ROOT / "tests" / "data" / "pii" / "spec_cases.jsonl"
PAGES = ROOT / "tests" / "data" / "filters" / "pages"


def make_corpus(n_docs: int, seed: int = 7, *, dense: bool = False) -> list[str]:
    sys.path.insert(0, str(Path(__file__).parent))
    from pydoc_data.topics import topics

    from bench_filters import make_docs

    rng = random.Random(seed)
    docs = make_docs(n_docs, seed=seed)
    docs += list(topics.values())
    docs += [p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("zh_*.txt"))] * 20
    lines = CASES.read_text(encoding="utf-8").splitlines()
    if dense:
        lines += SPEC_CASES.read_text(encoding="utf-8").splitlines()
    for line in lines:
        i = rng.randrange(len(docs))
        cut = docs[i].rfind("\n", 0, rng.randrange(len(docs[i]) + 1)) + 1
        docs[i] = docs[i][:cut] + json.loads(line)["text"] + "\n" + docs[i][cut:]
    rng.shuffle(docs)
    return docs


def hard_negatives() -> list[str]:
    cases = [json.loads(line) for line in CASES.open(encoding="utf-8")]
    return [c["text"] for c in cases if c["hard_negative"]]


def _best_time(fn, docs: list[str], repeat: int) -> float:
    """Best CPU time (this process) of ``repeat`` passes: a per-core figure on a shared
    machine."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for doc in docs:
            fn(doc)
        best = min(best, time.process_time() - start)
    return best


def run_dataprep(docs: list[str], negatives: list[str], repeat: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from dataprep.pii import TYPES, scrub_pii

    seconds = _best_time(scrub_pii, docs, repeat)
    totals = dict.fromkeys(TYPES, 0)
    for doc in docs:
        for kind, n in scrub_pii(doc)[1].items():
            totals[kind] += n
    changed = [t for t in negatives if scrub_pii(t)[0] != t]
    return {"seconds": seconds, "found": totals, "changed": changed}


def run_datatrove(docs: list[str], negatives: list[str], repeat: int) -> dict:
    from datatrove.pipeline.formatters import PIIFormatter

    formatter = PIIFormatter()
    seconds = _best_time(formatter.format, docs, repeat)
    changed = [t for t in negatives if PIIFormatter().format(t) != t]
    return {"seconds": seconds, "changed": changed}


def _report(name: str, result: dict, n_bytes: int, n_chars: int, n_negatives: int) -> None:
    s = result["seconds"]
    print(f"{name:28} {n_bytes / s / 1e6:7.1f} MB/s  {n_chars / s / 1e6:6.1f} M chars/s  "
          f"hard negatives rewritten: {len(result['changed'])}/{n_negatives}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dense", action="store_true",
                        help="also splice in the held-out set (PII-dense corpus)")
    parser.add_argument("--dt-python", default="/work/venv-dt/bin/python")
    parser.add_argument("--datatrove-worker", metavar="CORPUS_JSON", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.datatrove_worker:
        with open(args.datatrove_worker, encoding="utf-8") as f:
            payload = json.load(f)
        print(json.dumps(run_datatrove(payload["docs"], payload["negatives"], args.repeat)))
        return

    docs = make_corpus(args.docs, dense=args.dense)
    negatives = hard_negatives()
    n_bytes = sum(len(d.encode()) for d in docs)
    n_chars = sum(len(d) for d in docs)
    print(f"corpus: {len(docs)} documents, {n_bytes / 1e6:.1f} MB UTF-8, "
          f"{n_chars / 1e6:.1f} M chars; {len(negatives)} labelled hard negatives")

    ours = run_dataprep(docs, negatives, args.repeat)
    _report("dataprep scrub_pii", ours, n_bytes, n_chars, len(negatives))
    print("  found:", ", ".join(f"{k}={v}" for k, v in ours["found"].items()))

    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as f:
        json.dump({"docs": docs, "negatives": negatives}, f, ensure_ascii=False)
        f.flush()
        try:
            out = subprocess.run([args.dt_python, __file__, "--repeat", str(args.repeat),
                                  "--datatrove-worker", f.name],
                                 check=True, capture_output=True, text=True).stdout
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"datatrove PIIFormatter: not run ({exc})")
            return
    theirs = json.loads(out.strip().splitlines()[-1])
    _report("datatrove PIIFormatter", theirs, n_bytes, n_chars, len(negatives))
    print(f"speed ratio dataprep/datatrove: {theirs['seconds'] / ours['seconds']:.2f}x")
    print("datatrove rewrites, e.g.:")
    for text in theirs["changed"][:8]:
        print("   ", text.replace("\n", " ")[:90])


if __name__ == "__main__":
    main()
