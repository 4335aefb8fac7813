"""Training tokenizers on a corpus: ``dataprep train-tokenizer``.

Three families, each built the way its reference model was:

* ``bpe``: byte-level BPE as in GPT-2 (Radford et al. 2019, section 2.2): text is mapped to
  bytes, so no character is ever unknown and decoding is lossless; no normalisation.
* ``wordpiece``: WordPiece as in BERT (Devlin et al. 2019): BERT's normaliser (control
  characters removed, CJK ideographs spaced, optional lowercasing), whitespace and punctuation
  pre-splitting, ``##`` continuation pieces; decoding restores words, not the exact spacing.
* ``unigram``: the Unigram language model of SentencePiece (Kudo 2018; Kudo & Richardson 2018):
  NFKC normalisation (SentencePiece's default ``nmt_nfkc`` minus its extra rules), whitespace
  kept as ``▁`` so decoding restores the spacing.

``character_coverage`` follows SentencePiece's ``--character_coverage``: the most frequent
characters that make up this fraction of all character occurrences form the alphabet and the
rest become the unknown token. SentencePiece recommends 0.9995 for languages with a rich
character set (Chinese, Japanese) and 1.0 otherwise. It needs a first pass over the corpus to
count characters (so ``texts`` is iterated twice; a one-shot iterator is first kept in memory).
It does not apply to byte-level BPE, whose alphabet is the 256 bytes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Annotated, Literal

import pyarrow.parquet as pq
import zstandard
from pydantic import Field
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

from dataprep.errors import ConfigError

Kind = Literal["bpe", "wordpiece", "unigram"]

DEFAULT_SPECIAL_TOKENS: dict[str, list[str]] = {
    "bpe": ["<|endoftext|>"],
    "wordpiece": ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"],
    "unigram": ["<unk>", "<s>", "</s>", "<pad>"],
}
UNK_TOKEN = {"wordpiece": "[UNK]", "unigram": "<unk>"}

# Texts handed to the Rust trainer per call: large enough to keep its threads busy.
_TRAIN_BATCH = 1000


def train_tokenizer(
    texts: Iterable[str],
    *,
    kind: Kind = "bpe",
    vocab_size: Annotated[int, Field(ge=1)] = 32_000,
    special_tokens: Sequence[str] | None = None,
    character_coverage: Annotated[float, Field(gt=0, le=1)] = 1.0,
    min_frequency: int = 2,
    lowercase: bool = False,
) -> Tokenizer:
    """Train a tokenizer of family ``kind`` on ``texts``.

    Args:
        texts: the documents; iterated twice when ``character_coverage < 1``.
        kind: ``"bpe"`` (GPT-2 byte-level BPE), ``"wordpiece"`` (BERT) or ``"unigram"``
            (SentencePiece).
        vocab_size: target vocabulary size, special tokens included.
        special_tokens: added first, in order, with ids 0, 1, ...; defaults to
            ``DEFAULT_SPECIAL_TOKENS[kind]``. WordPiece and Unigram always get their unknown
            token (``[UNK]``/``<unk>``) even if it is not listed.
        character_coverage: fraction of character occurrences the alphabet covers (above).
        min_frequency: minimum count of a pair to be merged (BPE and WordPiece).
        lowercase: lowercase in the normaliser (WordPiece only, as in uncased BERT).
    """
    if kind not in DEFAULT_SPECIAL_TOKENS:
        raise ConfigError(f"train-tokenizer: kind must be bpe, wordpiece or unigram, not '{kind}'")
    if not 0.0 < character_coverage <= 1.0:
        raise ConfigError("train-tokenizer: character_coverage must be in (0, 1]")
    if kind == "bpe" and character_coverage < 1.0:
        raise ConfigError("train-tokenizer: character_coverage does not apply to byte-level bpe")
    if lowercase and kind != "wordpiece":
        raise ConfigError("train-tokenizer: lowercase applies to wordpiece only")
    specials = list(DEFAULT_SPECIAL_TOKENS[kind] if special_tokens is None else special_tokens)
    unk = UNK_TOKEN.get(kind)
    if unk is not None and unk not in specials:
        specials.insert(0, unk)

    tokenizer = _untrained(kind, unk, lowercase)
    alphabet: set[str] | None = None
    if character_coverage < 1.0:
        if iter(texts) is texts:  # a one-shot iterator cannot be read twice
            texts = list(texts)
        # Counted after normalisation: the trainers see normalised text. The normaliser comes
        # from a second instance: the one being trained is locked while it pulls texts.
        normalize = _untrained(kind, unk, lowercase).normalizer.normalize_str
        alphabet = covered_characters((normalize(t) for t in texts), character_coverage)
        if kind == "unigram":
            # The Unigram trainer has no alphabet limit: rare characters are blanked out of its
            # input so that no piece contains them, and encode to <unk> afterwards.
            texts = (_blank_rare(normalize(t), alphabet) for t in texts)
    trainer = _trainer(kind, vocab_size, min_frequency, specials, unk, alphabet)
    tokenizer.train_from_iterator(_batched(texts), trainer=trainer)
    return tokenizer


def _trainer(kind: Kind, vocab_size: int, min_frequency: int, specials: list[str],
             unk: str | None, alphabet: set[str] | None) -> trainers.Trainer:
    if kind == "bpe":
        return trainers.BpeTrainer(
            vocab_size=vocab_size, min_frequency=min_frequency, special_tokens=specials,
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False,
        )
    if kind == "wordpiece":
        # The trainer keeps the `limit_alphabet` most frequent characters: exactly the
        # coverage rule, once the count is known.
        limit = {} if alphabet is None else {"limit_alphabet": len(alphabet)}
        return trainers.WordPieceTrainer(
            vocab_size=vocab_size, min_frequency=min_frequency, special_tokens=specials,
            continuing_subword_prefix="##", show_progress=False, **limit,
        )
    return trainers.UnigramTrainer(
        vocab_size=vocab_size, special_tokens=specials, unk_token=unk, show_progress=False,
    )


def _untrained(kind: Kind, unk: str | None, lowercase: bool) -> Tokenizer:
    """An empty tokenizer of family ``kind`` with its normaliser, pre-tokenizer and decoder."""
    if kind == "bpe":
        tokenizer = Tokenizer(models.BPE())
        tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        tokenizer.decoder = decoders.ByteLevel()
    elif kind == "wordpiece":
        tokenizer = Tokenizer(models.WordPiece(unk_token=unk))
        tokenizer.normalizer = normalizers.BertNormalizer(
            clean_text=True, handle_chinese_chars=True, strip_accents=False, lowercase=lowercase
        )
        tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        tokenizer.decoder = decoders.WordPiece(prefix="##")
    else:
        tokenizer = Tokenizer(models.Unigram())
        tokenizer.normalizer = normalizers.NFKC()
        tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
        tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    return tokenizer


def covered_characters(texts: Iterable[str], coverage: float) -> set[str]:
    """The most frequent characters that make up ``coverage`` of all character occurrences."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(text)
    for char in [c for c in counts if c.isspace()]:
        del counts[char]  # whitespace separates pieces, it is never an unknown character
    total = sum(counts.values())
    kept: set[str] = set()
    covered = 0
    # Ties broken by the character itself, so the alphabet does not depend on corpus order.
    for char, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if covered >= coverage * total:
            break
        kept.add(char)
        covered += count
    return kept


def _blank_rare(text: str, alphabet: set[str]) -> str:
    return "".join(c if c in alphabet or c.isspace() else " " for c in text)


def _batched(texts: Iterable[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) == _TRAIN_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


class CorpusTexts:
    """Re-iterable texts of Parquet (a run's ``data/``), JSONL(.gz/.zst) and plain-text files.

    A directory stands for its files; a run's output directory for its ``data/`` shards (never
    ``rejected/``). Parquet and JSONL give one document per row/line (field ``text_field``); a
    plain-text file (any other name) is read in blocks of about 1 MiB cut at line ends, which
    keeps memory bounded on whole books and does not change what the trainers see (they split
    text into words before counting).
    """

    def __init__(self, paths: Sequence[str], *, text_field: str = "text"):
        self.files = [f for p in paths for f in _expand(p)]
        self.text_field = text_field

    def __iter__(self) -> Iterator[str]:
        for path in self.files:
            if path.endswith(".parquet"):
                yield from self._parquet(path)
            elif path.endswith((".jsonl", ".jsonl.gz", ".jsonl.zst", ".json.gz", ".json.zst")):
                yield from self._jsonl(path)
            else:
                yield from _text_blocks(path)

    def _parquet(self, path: str) -> Iterator[str]:
        parquet = pq.ParquetFile(path)
        if self.text_field not in parquet.schema_arrow.names:
            raise ConfigError(f"train-tokenizer: {path} has no column '{self.text_field}'")
        for batch in parquet.iter_batches(columns=[self.text_field], batch_size=_TRAIN_BATCH):
            yield from (t for t in batch.column(0).to_pylist() if t)

    def _jsonl(self, path: str) -> Iterator[str]:
        with _open_text(path) as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    text = json.loads(line).get(self.text_field)
                except (json.JSONDecodeError, AttributeError):
                    raise ConfigError(f"train-tokenizer: {path}:{number}: not a JSON object") \
                        from None
                if isinstance(text, str) and text:
                    yield text


def _expand(path: str) -> list[str]:
    if os.path.isfile(path):
        return [path]
    if not os.path.isdir(path):
        raise ConfigError(f"train-tokenizer: no such file or directory: {path}")
    data = os.path.join(path, "data")
    if os.path.isfile(os.path.join(path, "manifest.json")) and os.path.isdir(data):
        path = data
    found = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk(path) for name in names if not name.startswith(".")
    )
    if not found:
        raise ConfigError(f"train-tokenizer: no files under {path}")
    return found


def _open_text(path: str):
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    if path.endswith(".zst"):
        return io.TextIOWrapper(
            zstandard.ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True),
            encoding="utf-8",
        )
    return open(path, encoding="utf-8", errors="replace")


def _text_blocks(path: str, block_chars: int = 1 << 20) -> Iterator[str]:
    with _open_text(path) as f:
        block: list[str] = []
        size = 0
        for line in f:
            block.append(line)
            size += len(line)
            if size >= block_chars:
                yield "".join(block)
                block, size = [], 0
        if block:
            yield "".join(block)


SENTENCEPIECE_KINDS = ("sentencepiece-bpe", "sentencepiece-unigram")


def _cli_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dataprep train-tokenizer",
        description="Train a byte-level BPE, WordPiece or Unigram tokenizer (tokenizer.json), "
                    "or a SentencePiece BPE or Unigram model (.model, plus tokenizer.json where "
                    "it converts exactly).",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="Parquet/JSONL/text files or directories (a run's output directory "
                             "reads its data/ shards)")
    parser.add_argument("--kind", choices=[*sorted(DEFAULT_SPECIAL_TOKENS), *SENTENCEPIECE_KINDS],
                        default="bpe")
    parser.add_argument("--vocab-size", type=int, default=32_000)
    parser.add_argument("--special-tokens", default=None,
                        help="comma-separated, in id order (default depends on --kind)")
    parser.add_argument("--character-coverage", type=float, default=1.0,
                        help="e.g. 0.9995 for Chinese/Japanese (not byte-level bpe)")
    parser.add_argument("--byte-fallback", action=argparse.BooleanOptionalAction, default=None,
                        help="sentencepiece kinds: unknown characters as UTF-8 byte pieces "
                             "(default: on for sentencepiece-bpe, off for -unigram)")
    parser.add_argument("--min-frequency", type=int, default=2)
    parser.add_argument("--lowercase", action="store_true", help="wordpiece only")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--output", required=True,
                        help="the tokenizer.json to write (sentencepiece kinds: the .model)")
    return parser


def train_tokenizer_cli(argv: Sequence[str] | None = None) -> int:
    """``dataprep train-tokenizer``: train on files and write the tokenizer; exit status."""
    args = _cli_parser().parse_args(argv)
    special = (None if args.special_tokens is None
               else [t for t in args.special_tokens.split(",") if t])
    try:
        texts = CorpusTexts(args.inputs, text_field=args.text_field)
        if args.kind in SENTENCEPIECE_KINDS:
            return _write_sentencepiece(texts, args, special)
        tokenizer = train_tokenizer(
            texts, kind=args.kind, vocab_size=args.vocab_size, special_tokens=special,
            character_coverage=args.character_coverage, min_frequency=args.min_frequency,
            lowercase=args.lowercase,
        )
    except ConfigError as exc:
        print(f"dataprep {exc}", file=sys.stderr)
        return 2
    output = args.output
    if os.path.isdir(output):
        output = os.path.join(output, "tokenizer.json")
    _write_atomic(output, tokenizer.to_str().encode("utf-8"))
    print(f"wrote {output} ({tokenizer.get_vocab_size()} tokens)")
    return 0


def _write_sentencepiece(texts: CorpusTexts, args: argparse.Namespace,
                         special: list[str] | None) -> int:
    from dataprep.tokenization.sp_train import (
        convert_to_tokenizers,
        first_texts,
        train_sentencepiece,
    )

    model = train_sentencepiece(texts, kind=args.kind, vocab_size=args.vocab_size,
                                special_tokens=special,
                                character_coverage=args.character_coverage,
                                byte_fallback=args.byte_fallback)
    output = args.output
    if os.path.isdir(output):
        output = os.path.join(output, "tokenizer.model")
    _write_atomic(output, model)
    print(f"wrote {output}")
    converted = convert_to_tokenizers(model, first_texts(texts))
    json_path = os.path.join(os.path.dirname(os.path.abspath(output)), "tokenizer.json")
    if converted is None:
        print("no tokenizer.json: the converted tokenizer did not reproduce SentencePiece's ids")
    else:
        _write_atomic(json_path, converted.to_str().encode("utf-8"))
        print(f"wrote {json_path} (same ids as the .model on the checked texts)")
    return 0


def _write_atomic(path: str, data: bytes) -> None:
    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    tmp = os.path.join(parent, f".{os.path.basename(path)}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
