"""Training a fastText quality classifier: ``dataprep train-quality-classifier``.

The GPT-3 / DCLM recipe (Brown et al. 2020, appendix A; Li et al. 2024, "DataComp-LM",
section 4.4): a linear fastText classifier (Joulin et al. 2017) on word unigrams and bigrams
learns to tell reference text (positives, ``__label__hq``) from ordinary web pages (negatives,
``__label__lq``); ``QualityClassifierStage(model_path, label="__label__hq", threshold=...)``
then scores every document with it.

Documents are newline-normalised exactly as the stage does before predicting. A fraction of
them is held out for evaluation, chosen by a seeded hash of the text: the split does not
depend on input order or on the machine, and copies of one text always land on the same side,
so a duplicate cannot leak from training into the held-out set. Training lines are put in a
seeded pseudo-random order (fastText reads its input file in order, so positives followed by
negatives would bias SGD) through hash buckets on disk, which keeps memory bounded.

Defaults are fastText's ``train_supervised`` defaults (lr 0.1, 5 epochs, dim 100, 2M buckets)
except ``word_ngrams=2``, the bigram model DCLM used. With ``threads=1`` a run is exactly
reproducible; more threads train faster but asynchronously (Hogwild), so results vary slightly.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import fsspec
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import xxhash

from dataprep.errors import ConfigError
from dataprep.langid import one_line

POSITIVE = "__label__hq"
NEGATIVE = "__label__lq"
_PREFIX = "train-quality-classifier"
_JSONL = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson", ".json.gz", ".json.zst")
# Training lines are spread over this many files on disk, each then sorted in memory.
_SHUFFLE_BUCKETS = 64
_PREDICT_BATCH = 1000


def _error(message: str) -> ConfigError:
    return ConfigError(f"{_PREFIX}: {message}")


def _is_run_dir(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "manifest.json"))


def source_files(source: str, *, allow_rejected: bool = False) -> list[str]:
    """The files a source stands for.

    A file is itself. A run's output directory stands for its ``data/`` shards; a run's
    ``rejected/`` directory is accepted only where ``allow_rejected`` (negatives); any other
    directory stands for the files under it (hidden and ``_``-prefixed names skipped).
    """
    if os.path.isfile(source):
        return [source]
    if not os.path.isdir(source):
        raise _error(f"no such file or directory: {source}")
    path = source.rstrip("/")
    if _is_run_dir(path):
        path = os.path.join(path, "data")
    elif os.path.basename(path) == "rejected" and _is_run_dir(os.path.dirname(path) or "."):
        if not allow_rejected:
            raise _error(f"{source}: a run's rejected documents can only be --negative")
    found = []
    for root, dirs, names in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]  # os.walk skips the rest
        found += [os.path.join(root, n) for n in names if not n.startswith((".", "_"))]
    found.sort()
    if not found:
        raise _error(f"no files under {source}")
    return found


def read_documents(path: str, *, text_field: str = "text",
                   reasons: Sequence[str] = ()) -> Iterator[str]:
    """Non-empty texts of one file: Parquet rows, JSONL lines, or lines of a text file.

    In Parquet shards of a run's ``rejected/``, rows marked as duplicates (``duplicate_of``) are
    skipped: they are copies of kept documents, not examples of bad ones. ``reasons`` keeps only
    the rows whose ``drop_reason`` starts with one of these prefixes; it applies to shards with
    a ``drop_reason`` column and leaves other sources whole.
    """
    try:
        if path.endswith(".parquet"):
            yield from _parquet(path, text_field, reasons)
        elif path.endswith(_JSONL):
            yield from _jsonl(path, text_field)
        else:
            with fsspec.open(path, "rt", compression="infer", encoding="utf-8",
                             errors="replace") as f:
                yield from (line for line in f if line.strip())
    except (OSError, EOFError, pa.ArrowException) as exc:
        raise _error(f"{path}: cannot read: {exc}") from None


def _parquet(path: str, text_field: str, reasons: Sequence[str]) -> Iterator[str]:
    parquet = pq.ParquetFile(path)
    names = parquet.schema_arrow.names
    if text_field not in names:
        raise _error(f"{path} has no column '{text_field}'")
    columns = [text_field] + [c for c in ("drop_reason", "duplicate_of") if c in names]
    for batch in parquet.iter_batches(columns=columns, batch_size=_PREDICT_BATCH):
        keep = pc.invert(pc.is_null(batch.column(0)))
        if "duplicate_of" in columns:
            keep = pc.and_(keep, pc.is_null(batch.column("duplicate_of")))
        if reasons and "drop_reason" in columns:
            reason = batch.column("drop_reason")
            matched = pc.starts_with(reason, reasons[0])
            for prefix in reasons[1:]:
                matched = pc.or_(matched, pc.starts_with(reason, prefix))
            keep = pc.and_(keep, pc.fill_null(matched, False))
        yield from (t for t in batch.column(0).filter(keep).to_pylist() if t)


def _jsonl(path: str, text_field: str) -> Iterator[str]:
    with fsspec.open(path, "rt", compression="infer", encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                text = json.loads(line).get(text_field)
            except (json.JSONDecodeError, AttributeError):
                raise _error(f"{path}:{number}: not a JSON object") from None
            if isinstance(text, str) and text:
                yield text


def _hashes(text: str, seed: int) -> tuple[float, int]:
    """(uniform in [0, 1) deciding the split, 64-bit key ordering the training lines)."""
    digest = xxhash.xxh3_128_intdigest(text.encode("utf-8"), seed=seed)
    return (digest >> 75) / (1 << 53), digest & ((1 << 64) - 1)


@dataclass(frozen=True)
class LabelMetrics:
    """Precision, recall and F1 of one label on the held-out documents.

    ``precision`` is None when the model predicted the label for no document, ``recall`` when
    no held-out document has it (``support`` 0); F1 is None unless both are defined.
    """

    label: str
    precision: float | None
    recall: float | None
    f1: float | None
    support: int


def label_metrics(true: Sequence[str], predicted: Sequence[str],
                  labels: Sequence[str] = (POSITIVE, NEGATIVE)) -> list[LabelMetrics]:
    """Per-label precision, recall and F1 of ``predicted`` against ``true``."""
    out = []
    for label in labels:
        tp = sum(t == label and p == label for t, p in zip(true, predicted, strict=True))
        n_pred = sum(p == label for p in predicted)
        n_true = sum(t == label for t in true)
        precision = tp / n_pred if n_pred else None
        recall = tp / n_true if n_true else None
        f1 = None
        if precision is not None and recall is not None:
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out.append(LabelMetrics(label, precision, recall, f1, n_true))
    return out


@dataclass(frozen=True)
class TrainingResult:
    """Sizes of the two splits per label, held-out metrics and the saved model's path."""

    output: str
    train: dict[str, int]
    held_out: dict[str, int]
    metrics: list[LabelMetrics]

    def format(self) -> str:
        def sizes(counts: dict[str, int]) -> str:
            return f"{sum(counts.values())} ({counts[POSITIVE]} {POSITIVE}, " \
                   f"{counts[NEGATIVE]} {NEGATIVE})"

        def num(value: float | None) -> str:
            return "-" if value is None else f"{value:.4f}"

        lines = [f"train: {sizes(self.train)}; held out: {sizes(self.held_out)}"]
        if self.metrics:
            lines.append(f"{'label':<14}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}")
            lines += [f"{m.label:<14}{num(m.precision):>10}{num(m.recall):>10}{num(m.f1):>10}"
                      f"{m.support:>9}" for m in self.metrics]
        lines.append(f"wrote {self.output} ({os.path.getsize(self.output)} bytes)")
        return "\n".join(lines)


def _check(valid_fraction: float, epoch: int, lr: float, word_ngrams: int, dim: int,
           bucket: int, seed: int, threads: int | None, output: str, quantize: bool) -> None:
    if not 0.0 <= valid_fraction < 1.0:
        raise _error("--valid-fraction must be in [0, 1)")
    for name, value in (("--epoch", epoch), ("--word-ngrams", word_ngrams), ("--dim", dim),
                        ("--bucket", bucket)):
        if value < 1:
            raise _error(f"{name} must be at least 1")
    if not lr > 0:
        raise _error("--lr must be positive")
    if not 0 <= seed < 2**31:  # fastText keeps its seed in a C int
        raise _error("--seed must be in [0, 2^31)")
    if threads is not None and threads < 1:
        raise _error("--threads must be at least 1")
    suffix = ".ftz" if quantize else ".bin"
    if not output.endswith(suffix):
        raise _error(f"--output must end with {suffix}"
                     + (" (--quantize writes .ftz)" if quantize else " (.ftz needs --quantize)"))


def train_quality_classifier(
    positive: Sequence[str],
    negative: Sequence[str],
    output: str,
    *,
    valid_fraction: float = 0.1,
    epoch: int = 5,
    lr: float = 0.1,
    word_ngrams: int = 2,
    dim: int = 100,
    bucket: int = 2_000_000,
    seed: int = 0,
    threads: int | None = None,
    quantize: bool = False,
    text_field: str = "text",
    reasons: Sequence[str] = (),
    held_out: str | None = None,
) -> TrainingResult:
    """Train a ``__label__hq``/``__label__lq`` fastText classifier and save it to ``output``.

    Args:
        positive: sources of good documents (files, directories, run output directories).
        negative: sources of bad documents; may include a run's ``rejected/``.
        output: model path, ``.bin`` (or ``.ftz`` with ``quantize``).
        valid_fraction: share of documents held out for the printed metrics (0: none).
        epoch, lr, word_ngrams, dim, bucket: fastText's ``epoch``, ``lr``, ``wordNgrams``,
            ``dim`` and ``bucket`` (hash buckets of the n-gram table: its size in rows).
        seed: seeds the split, the training order and fastText.
        threads: fastText training threads; default all available cores. 1 is reproducible.
        quantize: product-quantise the model (fastText's ``.ftz``, FastText.zip; Joulin et al.
            2016): much smaller, slightly less accurate; the metrics are the quantised model's.
        text_field: column/field holding the text in Parquet and JSONL sources.
        reasons: keep only rejected rows whose ``drop_reason`` starts with one of these.
        held_out: also write the held-out documents here, in fastText's format.
    """
    _check(valid_fraction, epoch, lr, word_ngrams, dim, bucket, seed, threads, output,
           quantize)
    import fasttext

    sources = [(POSITIVE, s, source_files(s)) for s in positive]
    sources += [(NEGATIVE, s, source_files(s, allow_rejected=True)) for s in negative]
    if threads is None:
        threads = len(os.sched_getaffinity(0))
    parent = os.path.dirname(os.path.abspath(output))
    os.makedirs(parent, exist_ok=True)
    # Next to the output: the split files are as large as the corpus, /tmp may be small.
    with tempfile.TemporaryDirectory(prefix=".train-quality-", dir=parent) as tmp:
        train_path = os.path.join(tmp, "train.txt")
        valid_path = os.path.join(tmp, "valid.txt")
        counts = _write_split(sources, tmp, train_path, valid_path, valid_fraction, seed,
                              text_field, reasons)
        for label, flag in ((POSITIVE, "--positive"), (NEGATIVE, "--negative")):
            if not counts["train"][label]:
                raise _error(f"no {flag} documents to train on")
        try:
            model = fasttext.train_supervised(
                input=train_path, epoch=epoch, lr=lr, wordNgrams=word_ngrams, dim=dim,
                bucket=bucket, minCount=1, seed=seed, thread=threads, verbose=0,
            )
            if quantize:
                model.quantize(input=train_path, qnorm=True, retrain=False, thread=threads)
        except (RuntimeError, ValueError, MemoryError) as exc:
            raise _error(f"fastText training failed: {exc}") from None
        tmp_model = os.path.join(tmp, "model")
        model.save_model(tmp_model)
        metrics = _evaluate(model, valid_path) if sum(counts["valid"].values()) else []
        if held_out is not None:
            shutil.copyfile(valid_path, held_out)
        os.replace(tmp_model, output)
    return TrainingResult(output, counts["train"], counts["valid"], metrics)


def _write_split(sources, tmp: str, train_path: str, valid_path: str, valid_fraction: float,
                 seed: int, text_field: str, reasons: Sequence[str]) -> dict:
    counts = {split: {POSITIVE: 0, NEGATIVE: 0} for split in ("train", "valid")}
    buckets = [open(os.path.join(tmp, f"bucket-{i:02d}"), "w", encoding="utf-8")
               for i in range(_SHUFFLE_BUCKETS)]
    try:
        with open(valid_path, "w", encoding="utf-8") as valid:
            for label, _, files in sources:
                for path in files:
                    for text in read_documents(path, text_field=text_field,
                                               reasons=reasons if label == NEGATIVE else ()):
                        text = one_line(text)
                        if not text.strip():
                            continue
                        where, key = _hashes(text, seed)
                        if where < valid_fraction:
                            valid.write(f"{label} {text}\n")
                            counts["valid"][label] += 1
                        else:
                            # The hex key first: sorting a bucket's lines orders them by key.
                            buckets[key % _SHUFFLE_BUCKETS].write(f"{key:016x} {label} {text}\n")
                            counts["train"][label] += 1
    finally:
        for f in buckets:
            f.close()
    with open(train_path, "w", encoding="utf-8") as train:
        for f in buckets:
            with open(f.name, encoding="utf-8") as bucket:
                lines = bucket.readlines()
            os.remove(f.name)
            lines.sort()
            train.writelines(line[17:] for line in lines)
    return counts


def _evaluate(model, valid_path: str) -> list[LabelMetrics]:
    true: list[str] = []
    predicted: list[str] = []
    texts: list[str] = []
    with open(valid_path, encoding="utf-8") as f:
        for line in f:
            label, text = line.rstrip("\n").split(" ", 1)
            true.append(label)
            texts.append(text)
            if len(texts) == _PREDICT_BATCH:
                predicted += _top_labels(model, texts)
                texts = []
    predicted += _top_labels(model, texts)
    return label_metrics(true, predicted)


def _top_labels(model, texts: list[str]) -> list[str]:
    labels, _ = model.predict(texts, k=1)
    return [names[0] if len(names) else "" for names in labels]


def train_quality_classifier_cli(argv: Sequence[str] | None = None) -> int:
    """``dataprep train-quality-classifier``: train, print held-out metrics, save; exit status."""
    parser = argparse.ArgumentParser(
        prog=f"dataprep {_PREFIX}",
        description="Train a fastText quality classifier (__label__hq vs __label__lq) for the "
                    "quality_classifier stage; print precision/recall/F1 on a held-out split.",
    )
    parser.add_argument("--positive", nargs="+", required=True, metavar="SRC",
                        help="good documents: JSONL/Parquet files, text files (one document "
                             "per line), directories, or a run's output directory (data/)")
    parser.add_argument("--negative", nargs="+", required=True, metavar="SRC",
                        help="bad documents: as --positive, or a run's rejected/ directory")
    parser.add_argument("--output", required=True,
                        help="model path: .bin (.ftz with --quantize)")
    parser.add_argument("--valid-fraction", type=float, default=0.1,
                        help="share of documents held out for evaluation (default 0.1)")
    parser.add_argument("--epoch", type=int, default=5)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--word-ngrams", type=int, default=2)
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--bucket", type=int, default=2_000_000,
                        help="n-gram hash buckets (model size grows with bucket x dim)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=None,
                        help="training threads (default: all cores; 1 is reproducible)")
    parser.add_argument("--quantize", action="store_true", help="write a compressed .ftz")
    parser.add_argument("--text-field", default="text", help="text column/field (Parquet, JSONL)")
    parser.add_argument("--reason", action="append", default=[], metavar="PREFIX",
                        help="in --negative rejected shards, only rows whose drop_reason "
                             "starts with PREFIX (repeatable)")
    parser.add_argument("--held-out", metavar="PATH",
                        help="also write the held-out documents there (fastText format)")
    args = parser.parse_args(argv)
    try:
        result = train_quality_classifier(
            args.positive, args.negative, args.output, valid_fraction=args.valid_fraction,
            epoch=args.epoch, lr=args.lr, word_ngrams=args.word_ngrams, dim=args.dim,
            bucket=args.bucket, seed=args.seed, threads=args.threads, quantize=args.quantize,
            text_field=args.text_field, reasons=args.reason, held_out=args.held_out,
        )
    except ConfigError as exc:
        print(f"dataprep {exc}", file=sys.stderr)
        return 2
    print(result.format())
    return 0
