"""Decontamination: drop training documents that share a long n-gram with an evaluation set.

GPT-3 (Brown et al. 2020, App. C) removed training documents overlapping benchmark test sets on
13-gram collisions; the same rule (normalised word 13-grams) is used here, with character
n-grams for languages without spaces. The index of evaluation n-grams is built once, when the
stage is constructed, and travels with the stage to every worker (evaluation sets are small:
~10^5-10^7 n-grams, 16 bytes each in the index).

The drop reason names the evaluation set of the first hit, ``decontaminate:<set>``, so the run
statistics count contaminated documents per evaluation set.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import xxhash

from dataprep.dedup.text import normalize_text, uses_char_ngrams
from dataprep.errors import ConfigError
from dataprep.io.fs import fs_and_path
from dataprep.schema import mark_dropped


def ngram_hashes(text: str, lang: str | None = None, *, ngram: int = 13,
                 char_ngram: int = 20) -> set[int]:
    """64-bit hashes of the normalised word (or character) n-grams of ``text``.

    Case, punctuation and spacing are ignored; digits are kept (a maths problem with other
    numbers is another problem). Texts shorter than one n-gram give no hash.
    """
    norm = normalize_text(text, digits=False)
    if uses_char_ngrams(norm, lang):
        chars = norm.replace(" ", "")
        return {xxhash.xxh3_64_intdigest(chars[i:i + char_ngram].encode("utf-8"))
                for i in range(len(chars) - char_ngram + 1)}
    words = norm.split()
    return {xxhash.xxh3_64_intdigest(" ".join(words[i:i + ngram]).encode("utf-8"))
            for i in range(len(words) - ngram + 1)}


def _passages(path: str, text_field: str) -> Iterator[str]:
    """Evaluation passages: one per JSONL record / Parquet row (``text_field``), or one per
    blank-line-separated paragraph of a text file."""
    fs, local = fs_and_path(path)
    if local.endswith(".parquet"):
        with fs.open_input_file(local) as f:
            yield from (t for t in pq.read_table(f, columns=[text_field]).column(0).to_pylist()
                        if t)
        return
    with fs.open_input_stream(local) as f:
        content = f.read().decode("utf-8")
    if local.endswith((".jsonl", ".json")):
        for line in content.splitlines():
            if line.strip():
                value = json.loads(line).get(text_field)
                if value:
                    yield value
    else:
        yield from (p for p in re.split(r"\n\s*\n", content) if p.strip())


def set_name(path: str) -> str:
    """Evaluation set name from its file name: ``evals/MMLU-test.jsonl`` -> ``mmlu_test``."""
    stem = Path(path).name.split(".")[0]
    return re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")


class DecontaminateStage:
    """``decontaminate``: drop documents sharing an n-gram with an evaluation set.

    Args:
        eval_sets: Paths (local or URI) of evaluation files: ``.jsonl``/``.json`` (one record per
            line), ``.parquet``, or plain text (one passage per paragraph).
        text_field: Field of JSONL records / Parquet column holding the passage.
        ngram: Word n-gram size (13, GPT-3).
        char_ngram: Character n-gram size for languages without spaces.
    """

    name = "decontaminate"

    def __init__(self, *, eval_sets: Sequence[str], text_field: str = "text", ngram: int = 13,
                 char_ngram: int = 20):
        if not eval_sets:
            raise ConfigError("decontaminate: eval_sets must list at least one file")
        if ngram < 1 or char_ngram < 1:
            raise ConfigError("decontaminate: ngram and char_ngram must be >= 1")
        self.ngram = ngram
        self.char_ngram = char_ngram
        self.names = [set_name(p) for p in eval_sets]
        # n-gram hash -> index of the first evaluation set holding it.
        self.index: dict[int, int] = {}
        for k, path in enumerate(eval_sets):
            try:
                passages = list(_passages(path, text_field))
            except OSError as exc:
                raise ConfigError(f"decontaminate: cannot read {path}: {exc}") from None
            for passage in passages:
                for h in ngram_hashes(passage, ngram=ngram, char_ngram=char_ngram):
                    self.index.setdefault(h, k)

    def hit(self, text: str, lang: str | None = None) -> str | None:
        """Name of the evaluation set ``text`` overlaps (the earliest listed), or None."""
        sets = {self.index[h] for h in ngram_hashes(text, lang, ngram=self.ngram,
                                                     char_ngram=self.char_ngram)
                if h in self.index}
        return self.names[min(sets)] if sets else None

    def __call__(self, table: pa.Table) -> pa.Table:
        texts = table.column("text").to_pylist()
        langs = table.column("lang").to_pylist()
        reasons = [self.hit(t or "", lang) for t, lang in zip(texts, langs, strict=True)]
        return mark_dropped(table, reasons, self.name)
