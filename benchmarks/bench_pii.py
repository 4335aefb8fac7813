"""PII scrubbing: throughput per core against datatrove's PIIFormatter, and look-alike damage.

    .venv/bin/python benchmarks/bench_pii.py [--docs N] [--rounds 7] [--splice | --dense]
        [--expect-digest HEX] [--re-only] [--profile] [--dt-python /work/venv-dt/bin/python]

Corpus: real web text, the extracted pages of the project's corpus
(``~/.cache/dataprep-corpus/extracted/web.jsonl``, built by ``benchmarks/corpus/build.py``:
Debian documentation in 30+ languages, prose with code, logs, addresses, version numbers), the
first ``--docs`` documents in file order (default all). ``--splice`` also splices every text of
the first labelled set (``tests/data/pii/cases.jsonl``) into random pages (seeded), ``--dense``
the held-out set (``spec_cases.jsonl``) as well: far more PII than web text has.

Timing: CPU time (``time.process_time``) of one process = one core, so the load of other jobs
on a shared machine does not count against either side. In each round dataprep's
``scrub_pii`` (all 8 types, placeholder mode) makes one pass in this process, after its
validator caches are emptied (``phones.clear_caches()``: phonenumbers/stdnum validation of
every candidate is in the loop), and datatrove's ``PIIFormatter()`` (emails and public IPv4
only) one pass in a fresh process of the datatrove venv (this script re-invoked with
``--datatrove-worker``); the rounds alternate which side goes first. Printed: every round's
seconds and ratio, the median ratio, MB/s at the median round, how many of the labelled hard
negatives each rewrites, and a sha256 digest of dataprep's outputs over the corpus (placeholder
and pseudonym mode, private IPs kept and scrubbed): a change of the scanner that must keep
every decision shows the same digest, and ``--expect-digest`` fails the run if it differs.
``--re-only`` times dataprep without its Hyperscan prefilter (``re`` alone, as on platforms
without a hyperscan wheel); the spans, and so the digest, are the same. ``--profile`` prints,
instead of the comparison, where dataprep's time goes: CPU seconds of a pass per type alone
and of the master regex's scan (best of 3), and one instrumented pass timing the validation
of each branch and the context rules inside it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path.home() / ".cache" / "dataprep-corpus" / "extracted" / "web.jsonl"
CASES = ROOT / "tests" / "data" / "pii" / "cases.jsonl"
SPEC_CASES = ROOT / "tests" / "data" / "pii" / "spec_cases.jsonl"
WARM_UP_DOCS = 300


def load_corpus(n_docs: int | None, *, splice: list[Path], seed: int = 7) -> list[str]:
    """The first ``n_docs`` real pages, with the texts of the ``splice`` sets inserted at line
    starts of random pages."""
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is missing: build the corpus with benchmarks/corpus/build.py")
    docs = []
    with CORPUS.open(encoding="utf-8") as f:
        for line in f:
            if n_docs is not None and len(docs) >= n_docs:
                break
            docs.append(json.loads(line)["text"])
    rng = random.Random(seed)
    for path in splice:
        for line in path.read_text(encoding="utf-8").splitlines():
            i = rng.randrange(len(docs))
            cut = docs[i].rfind("\n", 0, rng.randrange(len(docs[i]) + 1)) + 1
            docs[i] = docs[i][:cut] + json.loads(line)["text"] + "\n" + docs[i][cut:]
    return docs


def hard_negatives() -> list[str]:
    cases = [json.loads(line) for line in CASES.open(encoding="utf-8")]
    return [c["text"] for c in cases if c["hard_negative"]]


def cpu_seconds(fn, docs: list[str]) -> float:
    """CPU time (this process) of one pass of ``fn`` over ``docs``, after a warm-up on the
    first pages (compiled patterns, loaded metadata)."""
    for doc in docs[:WARM_UP_DOCS]:
        fn(doc)
    start = time.process_time()
    for doc in docs:
        fn(doc)
    return time.process_time() - start


def output_digest(docs: list[str]) -> str:
    """sha256 over dataprep's outputs for every document in the modes and settings that
    reach different code (placeholder and pseudonym text, spans with private IPs kept and
    scrubbed)."""
    from dataprep.pii import find_pii, scrub_pii

    digest = hashlib.sha256()
    for doc in docs:
        for keep in (True, False):
            digest.update(repr(find_pii(doc, keep_private_ips=keep)).encode())
        for mode in ("placeholder", "pseudonym"):
            digest.update(scrub_pii(doc, mode=mode)[0].encode())
            digest.update(b"\0")
    return digest.hexdigest()


def dataprep_found(docs: list[str], negatives: list[str]) -> dict:
    from dataprep.pii import TYPES, scrub_pii

    totals = dict.fromkeys(TYPES, 0)
    for doc in docs:
        for kind, n in scrub_pii(doc)[1].items():
            totals[kind] += n
    changed = [t for t in negatives if scrub_pii(t)[0] != t]
    return {"found": totals, "changed": changed}


def best_of_3(fn, docs: list[str]) -> float:
    from dataprep.pii import phones

    times = []
    for _ in range(3):
        phones.clear_caches()
        start = time.process_time()
        for doc in docs:
            fn(doc)
        times.append(time.process_time() - start)
    return min(times)


def profile(docs: list[str]) -> None:
    """Where a pass goes: per type alone, the scan, and per branch and context rule."""
    from collections import Counter

    from dataprep.pii import TYPES, find_pii, phones, scan, scrub_pii, validate

    scanner = scan._scanner(scan.resolve_types(None))
    for doc in docs:
        scrub_pii(doc)  # metadata compiled, caches warm once
    print(f"scrub_pii, all types: {best_of_3(scrub_pii, docs):.3f} s")
    for kind in (None, *TYPES):
        seconds = best_of_3(lambda d, k=kind: find_pii(d, types=k and [k]), docs)
        print(f"find_pii, {kind or 'all types'}: {seconds:.3f} s")
    if scanner.prefilter is None:
        print(f"master regex, re search: {best_of_3(scanner.master.findall, docs):.3f} s")
    else:
        positions = {id(d): scanner.prefilter.positions(d) for d in docs}
        matching = best_of_3(lambda d: [scanner.master.match(d, p) for p in positions[id(d)]],
                             docs)
        print(f"master regex: prefilter {best_of_3(scanner.prefilter.positions, docs):.3f} s"
              f" ({sum(map(len, positions.values()))} positions), match at them "
              f"{matching:.3f} s")
    seconds, calls, taken = Counter(), Counter(), Counter()

    def timed(fn, key):
        def run(*args):
            start = time.process_time()
            result = fn(*args)
            seconds[key] += time.process_time() - start
            calls[key] += 1
            taken[key] += result not in (None, False)
            return result
        return run

    rules = ["context", "code_context", "amount_or_date", "us_zip_code", "section_number",
             "number_table"]
    saved = {name: getattr(validate, name) for name in rules} | {"check": scan.check}
    for name in rules:
        setattr(validate, name, timed(saved[name], f"rule {name}"))
    scan.check = lambda m, name, *rest: timed(saved["check"], name)(m, name, *rest)
    try:
        phones.clear_caches()
        for doc in docs:
            find_pii(doc)
    finally:
        for name, fn in saved.items():
            setattr(scan if name == "check" else validate, name, fn)
    print("validation per branch, context rules inside (one pass):")
    for key, s in seconds.most_common():
        print(f"  {key:22} {s:.3f} s  calls {calls[key]:6}  taken/true {taken[key]}")


def datatrove_worker(corpus_json: str) -> None:
    from datatrove.pipeline.formatters import PIIFormatter

    with open(corpus_json, encoding="utf-8") as f:
        payload = json.load(f)
    seconds = cpu_seconds(PIIFormatter().format, payload["docs"])
    changed = [t for t in payload["negatives"] if PIIFormatter().format(t) != t]
    print(json.dumps({"seconds": seconds, "changed": changed}))


def datatrove_round(dt_python: str, corpus_json: str) -> dict:
    out = subprocess.run([dt_python, __file__, "--datatrove-worker", corpus_json],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def interleaved_rounds(docs: list[str], negatives: list[str], rounds: int,
                       dt_python: str) -> tuple[list[float], list[float], list[str]]:
    """(dataprep seconds, datatrove seconds, datatrove's rewritten negatives) per round; the
    sides alternate going first, so slow minutes of the shared machine fall on both."""
    from dataprep.pii import phones, scrub_pii

    def ours() -> float:
        phones.clear_caches()  # every number is validated again in each round
        return cpu_seconds(scrub_pii, docs)

    ours_s, theirs_s, changed = [], [], []
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as f:
        json.dump({"docs": docs, "negatives": negatives}, f, ensure_ascii=False)
        f.flush()
        for i in range(rounds):
            if i % 2 == 0:
                ours_s.append(ours())
            theirs = datatrove_round(dt_python, f.name)
            theirs_s.append(theirs["seconds"])
            changed = theirs["changed"]
            if i % 2 == 1:
                ours_s.append(ours())
            print(f"  round {i + 1}: dataprep {ours_s[-1]:.3f} s, datatrove {theirs_s[-1]:.3f} s"
                  f" -> {theirs_s[-1] / ours_s[-1]:.2f}x", flush=True)
    return ours_s, theirs_s, changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=None, help="first N pages (default all)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--splice", action="store_true",
                        help="splice the first labelled set into the pages")
    parser.add_argument("--dense", action="store_true",
                        help="splice both labelled sets into the pages (PII-dense corpus)")
    parser.add_argument("--expect-digest", metavar="HEX",
                        help="fail unless dataprep's outputs have this digest")
    parser.add_argument("--re-only", action="store_true",
                        help="dataprep without its Hyperscan prefilter (re alone)")
    parser.add_argument("--profile", action="store_true",
                        help="where dataprep's time goes (per type, scan, branch, rule)")
    parser.add_argument("--dt-python", default="/work/venv-dt/bin/python")
    parser.add_argument("--datatrove-worker", metavar="CORPUS_JSON", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.datatrove_worker:
        datatrove_worker(args.datatrove_worker)
        return

    sys.path.insert(0, str(ROOT))
    if args.re_only:
        from dataprep.pii import prefilter

        prefilter.hyperscan = None  # before the first scanner is built
    splice = [CASES, SPEC_CASES] if args.dense else [CASES] if args.splice else []
    docs = load_corpus(args.docs, splice=splice)
    negatives = hard_negatives()
    n_bytes = sum(len(d.encode()) for d in docs)
    n_chars = sum(len(d) for d in docs)
    print(f"corpus: {len(docs)} real pages{' + spliced labelled texts' if splice else ''}, "
          f"{n_bytes / 1e6:.1f} MB UTF-8, {n_chars / 1e6:.1f} M chars; "
          f"{len(negatives)} labelled hard negatives")
    if args.profile:
        profile(docs)
        return
    digest = output_digest(docs)
    print(f"dataprep output digest: {digest}")
    if args.expect_digest and digest != args.expect_digest:
        sys.exit(f"output digest differs from the expected {args.expect_digest}")
    ours = dataprep_found(docs, negatives)

    ours_s, theirs_s, theirs_changed = interleaved_rounds(docs, negatives, args.rounds,
                                                          args.dt_python)
    ratios = [t / o for o, t in zip(ours_s, theirs_s, strict=True)]
    median = statistics.median(ratios)
    ours_med, theirs_med = statistics.median(ours_s), statistics.median(theirs_s)
    for name, seconds, changed in (("dataprep scrub_pii", ours_med, ours["changed"]),
                                   ("datatrove PIIFormatter", theirs_med, theirs_changed)):
        print(f"{name:24} {n_bytes / seconds / 1e6:7.1f} MB/s  "
              f"{n_chars / seconds / 1e6:6.1f} M chars/s (median round)  "
              f"hard negatives rewritten: {len(changed)}/{len(negatives)}")
    print("  dataprep found:", ", ".join(f"{k}={v}" for k, v in ours["found"].items()))
    print("per-round ratios:", ", ".join(f"{r:.2f}x" for r in ratios))
    print(f"median ratio dataprep/datatrove: {median:.2f}x "
          f"(min {min(ratios):.2f}x, max {max(ratios):.2f}x; ratio of medians "
          f"{theirs_med / ours_med:.2f}x)")
    print("datatrove rewrites, e.g.:")
    for text in theirs_changed[:8]:
        print("   ", text.replace("\n", " ")[:90])


if __name__ == "__main__":
    main()
