"""FineWeb-2's own gopher_quality decisions (datatrove), for ``bench_languages.py --datatrove``.

    /work/venv-dt/bin/python benchmarks/languages_datatrove.py DOCS.json

Runs in the datatrove venv (no dataprep import). ``DOCS.json`` is written by
``bench_languages.py``: ``{"configs": {lang: FineWeb-2 config}, "docs": [{"lang", "kind",
"text", "ours"}]}``. Each document goes through datatrove's ``GopherQualityFilter`` with the
language's FineWeb-2 thresholds and stop words and datatrove's word tokenizer for the language;
prints one JSON object: documents compared, same decisions, the differences by direction, kind
and reason, and the languages skipped (their datatrove tokenizer needs a package that is not
installed).
"""

from __future__ import annotations

import json
import logging
import sys
import warnings
from collections import Counter, defaultdict


def main() -> None:
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    from datatrove.data import Document
    from datatrove.pipeline.filters import GopherQualityFilter

    data = json.loads(open(sys.argv[1], encoding="utf-8").read())
    by_lang: dict[str, list[dict]] = defaultdict(list)
    for doc in data["docs"]:
        by_lang[doc["lang"]].append(doc)
    counts: Counter = Counter()
    skipped: dict[str, str] = {}
    for lang, docs in sorted(by_lang.items()):
        c = data["configs"][lang]
        try:
            check = GopherQualityFilter(
                min_avg_word_length=c["min_avg_word_length"],
                max_avg_word_length=c["max_avg_word_length"],
                max_non_alpha_words_ratio=c["max_non_alpha_words_ratio"],
                stop_words=c["stopwords"], min_stop_words=2, language=lang).filter
            check(Document(text=docs[0]["text"], id="load"))  # the tokenizer loads lazily
        except ImportError as error:
            skipped[lang] = str(error).split("(")[0].strip()
            continue
        for doc in docs:
            result = check(Document(text=doc["text"], id="x"))
            theirs = None if result is True else result[1]
            counts["documents"] += 1
            if (theirs is None) == (doc["ours"] is None):
                counts["same"] += 1
            elif theirs is None:
                counts[f"we drop, datatrove keeps: {doc['kind']} {doc['ours']}"] += 1
            else:
                counts[f"datatrove drops, we keep: {doc['kind']} {theirs}"] += 1
    print(json.dumps({"counts": dict(counts), "languages": sorted(set(by_lang) - set(skipped)),
                      "skipped": skipped}))


if __name__ == "__main__":
    main()
