"""The ``tokenize`` stage: HuggingFace ``tokenizers`` over a batch, one tokenizer per process.

Every kept document becomes ``token_ids`` (``list<uint32>``, or ``list<uint16>`` on request when
the vocabulary fits) and ``num_tokens`` (``int32``). Text is encoded without the tokenizer's own
post-processor (``add_special_tokens=False``) and the stage appends the document separator
itself, so the stream is the same for every tokenizer family: ``[BOS] text-tokens EOS``. This is
the convention of GPT-style pretraining (documents joined by ``<|endoftext|>`` before packing),
also used by datatrove's ``DocumentTokenizer`` and Dolma's ``dolma tokens``.

Long documents are split, never truncated: with ``max_tokens`` set, a document whose stream is
longer becomes consecutive rows of at most ``max_tokens`` tokens with ids ``"<id>#<k>"``
(k = 0, 1, ...). Only the first piece carries BOS and only the last carries EOS, so the pieces
concatenate back to exactly the unsplit stream and packing gives the same sequences either way;
each piece's ``text`` is the slice of the document its tokens came from (a character that the
byte-level tokenizer cut in two goes to the later piece).

Byte-level BPE tokenizers (GPT-2 style, see ``PieceEncoder``) are encoded piece by piece: the
text is split with the GPT-2 pattern in Python, and only pieces not seen before go to the Rust
encoder. The ids are the library's own (the tests compare them on varied text); other
tokenizers, and documents the split could get wrong, go to ``encode_batch_fast`` whole.
"""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
import pyarrow as pa
from pydantic import Field
from tokenizers import Tokenizer

from dataprep.errors import ConfigError
from dataprep.options import PositiveInt
from dataprep.schema import set_column
from dataprep.tokenization.loading import (
    BOS_CANDIDATES,
    EOS_CANDIDATES,
    configured_special,
    load_tokenizer,
    special_token_id,
)
from dataprep.tokenization.pieces import PieceEncoder
from dataprep.tokenization.tiktoken_bpe import fast_encoder


class TokenizeStage:
    """Adds ``token_ids`` and ``num_tokens`` to every row.

    Args:
        tokenizer: path of a ``tokenizer.json`` or SentencePiece ``.model``, of a directory
            with one (its ``tokenizer_config.json`` names the EOS/BOS tokens, if present), or
            a hub name.
        dtype: ``"uint32"`` (default, any vocabulary) or ``"uint16"`` (half the size; only for
            vocabularies of at most 65,536 ids).
        add_eos: append the end-of-document token to every document.
        add_bos: prepend the start-of-document token (Llama-style models want it).
        eos_token / bos_token: the special tokens; by default the first of ``EOS_CANDIDATES`` /
            ``BOS_CANDIDATES`` the vocabulary has.
        max_tokens: split documents whose stream is longer into pieces of at most this many
            tokens (see the module docstring); ``None`` keeps every document whole.
        batch_size: documents per ``encode_batch`` call (bounds the memory of encodings).
    """

    name = "tokenize"

    def __init__(
        self,
        tokenizer: str,
        *,
        dtype: Literal["uint32", "uint16"] = "uint32",
        add_eos: bool = True,
        add_bos: bool = False,
        eos_token: str | None = None,
        bos_token: str | None = None,
        max_tokens: Annotated[int, Field(ge=2)] | None = None,
        batch_size: PositiveInt = 1024,
    ):
        if dtype not in ("uint32", "uint16"):
            raise ConfigError(f"tokenize: dtype must be uint32 or uint16, not '{dtype}'")
        if max_tokens is not None and max_tokens < 2:
            raise ConfigError("tokenize: max_tokens must be at least 2")
        self.tokenizer = tokenizer
        self.dtype = np.dtype(dtype)
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        loaded = load_tokenizer(tokenizer)
        vocab_size = loaded.get_vocab_size(with_added_tokens=True)
        if vocab_size > np.iinfo(self.dtype).max + 1:
            raise ConfigError(
                f"tokenize: vocabulary of {vocab_size} ids does not fit in {dtype}; use uint32"
            )
        self.eos_id = None
        self.bos_id = None
        if add_eos:
            eos_token = eos_token or configured_special(tokenizer, "eos_token")
            self.eos_id = special_token_id(loaded, eos_token, EOS_CANDIDATES, "eos_token")
        if add_bos:
            bos_token = bos_token or configured_special(tokenizer, "bos_token")
            self.bos_id = special_token_id(loaded, bos_token, BOS_CANDIDATES, "bos_token")

    def __call__(self, table: pa.Table) -> pa.Table:
        # Looked up per call, not kept on the instance: the stage pickles as its config and each
        # worker process loads the tokenizer once, from the module cache.
        tokenizer = load_tokenizer(self.tokenizer)
        texts = [t or "" for t in table.column("text").to_pylist()]
        lengths, flat = self._encode(fast_encoder(self.tokenizer), texts)
        offsets = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        if self.max_tokens is not None and len(texts) and lengths.max() > self.max_tokens:
            return self._split(tokenizer, table, texts, offsets, flat)
        token_ids = pa.LargeListArray.from_arrays(offsets, flat)
        token_ids = token_ids.cast(pa.list_(pa.from_numpy_dtype(self.dtype)))
        table = set_column(table, "token_ids", token_ids)
        return set_column(table, "num_tokens", pa.array(lengths.astype(np.int32)))

    def _encode(self, encoder: PieceEncoder, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per-document stream lengths and all streams concatenated, in ``self.dtype``."""
        lengths = np.empty(len(texts), dtype=np.int64)
        flat: list[int] = []
        for start in range(0, len(texts), self.batch_size):
            for i, ids in enumerate(encoder.encode_batch(texts[start:start + self.batch_size]),
                                    start):
                before = len(flat)
                if self.bos_id is not None:
                    flat.append(self.bos_id)
                flat.extend(ids)
                if self.eos_id is not None:
                    flat.append(self.eos_id)
                lengths[i] = len(flat) - before
        return lengths, np.array(flat, dtype=self.dtype)

    def _split(
        self,
        tokenizer: Tokenizer,
        table: pa.Table,
        texts: list[str],
        offsets: np.ndarray,
        flat: np.ndarray,
    ) -> pa.Table:
        """Cut streams longer than ``max_tokens`` into consecutive pieces (one row each)."""
        ids = table.column("id").to_pylist()
        rows: list[int] = []
        new_ids: list[str] = []
        new_texts: list[str] = []
        piece_bounds: list[int] = [0]
        for row, text in enumerate(texts):
            start, end = int(offsets[row]), int(offsets[row + 1])
            if end - start <= self.max_tokens:
                rows.append(row)
                new_ids.append(ids[row])
                new_texts.append(text)
                piece_bounds.append(end)
                continue
            cuts = list(range(start + self.max_tokens, end, self.max_tokens))
            char_cuts = self._char_cuts(tokenizer, text, [c - start for c in cuts])
            char_bounds = [0, *char_cuts, len(text)]
            for k in range(len(char_bounds) - 1):
                c0, c1 = char_bounds[k], char_bounds[k + 1]
                rows.append(row)
                new_ids.append(f"{ids[row]}#{k}")
                new_texts.append(text[c0:c1])
            piece_bounds.extend([*cuts, end])
        bounds = np.asarray(piece_bounds, dtype=np.int64)
        out = table.take(pa.array(rows, pa.int64()))
        out = set_column(out, "id", pa.array(new_ids, pa.string()))
        out = set_column(out, "text", pa.array(new_texts, out.schema.field("text").type))
        token_ids = pa.LargeListArray.from_arrays(bounds, flat)
        out = set_column(out, "token_ids",
                         token_ids.cast(pa.list_(pa.from_numpy_dtype(self.dtype))))
        return set_column(out, "num_tokens", pa.array(np.diff(bounds).astype(np.int32)))

    def _char_cuts(self, tokenizer: Tokenizer, text: str, token_cuts: list[int]) -> list[int]:
        """Character position in ``text`` where each piece starting at a stream index begins."""
        # Re-encoded with offsets only for the rare long document; BOS shifts stream indices.
        char_offsets = tokenizer.encode(text, add_special_tokens=False).offsets
        shift = self.bos_id is not None
        starts = []
        for cut in token_cuts:
            index = cut - shift
            starts.append(char_offsets[index][0] if index < len(char_offsets) else len(text))
        # Offsets of byte-level pieces of one character repeat; keep the cuts ordered.
        return [int(s) for s in np.maximum.accumulate(starts)] if starts else []


class TrainedTokenizeStage:
    """``tokenize`` with ``train: {...}``: trains a tokenizer on the documents that reach the
    stage, then tokenizes them with it (a corpus-wide stage, see ``GlobalStage``).

    Each unit contributes its first ``train_bytes_per_unit`` bytes of text, in unit order, so
    the training corpus (and with it the tokenizer) is deterministic and bounded. The trained
    ``tokenizer.json`` is written to ``_work/tokenize/`` and copied to the run directory, so
    the output can be decoded. ``train`` takes ``train_tokenizer``'s options (``kind``,
    ``vocab_size``, ...); the other parameters are ``TokenizeStage``'s.
    """

    name = "tokenize"

    def __init__(self, train: dict, *, train_bytes_per_unit: PositiveInt = 16 << 20, **params):
        from dataprep.stages import check_params
        from dataprep.tokenization.train import train_tokenizer

        if not isinstance(train, dict):
            raise ConfigError("tokenize.train: expected a mapping of train-tokenizer options")
        check_params(train_tokenizer, train, "tokenize.train")
        check_params(TokenizeStage, params, "tokenize")
        self.train = train
        self.train_bytes_per_unit = train_bytes_per_unit
        self.params = params

    def collect(self, table: pa.Table, unit: int) -> pa.Table:
        texts, used = [], 0
        for text in table.column("text").to_pylist():
            if used >= self.train_bytes_per_unit:
                break
            texts.append(text or "")
            used += len(text or "")
        return pa.table({"text": pa.array(texts, pa.large_string())})

    def decide(self, collected, work_dir: str, executor) -> None:
        from dataprep.io.fs import fs_and_path, read_table, write_bytes_atomic
        from dataprep.rundir import RunDir
        from dataprep.tokenization.train import train_tokenizer

        def texts():
            for uri in collected:
                yield from read_table(uri, columns=["text"]).column("text").to_pylist()

        tokenizer = train_tokenizer(texts(), **self.train)
        data = tokenizer.to_str().encode("utf-8")
        fs, work_path = fs_and_path(work_dir)
        write_bytes_atomic(fs, f"{work_path}/tokenizer.json", data)
        run_dir = RunDir.of_stage_dir(work_dir)
        write_bytes_atomic(run_dir.fs, run_dir.tokenizer_file(), data)

    def apply(self, table: pa.Table, unit: int, work_dir: str) -> pa.Table:
        from dataprep.io.fs import local_copy

        return TokenizeStage(local_copy(f"{work_dir}/tokenizer.json"), **self.params)(table)


def tokenize_stage(tokenizer: str | None = None, *, train: dict | None = None, **params):
    """The ``tokenize`` stage: with a given ``tokenizer``, or one trained on this corpus."""
    if (tokenizer is None) == (train is None):
        raise ConfigError("tokenize: give either 'tokenizer' (a tokenizer.json, a directory or "
                          "a hub name) or 'train' (options to train one on this corpus)")
    if train is not None:
        return TrainedTokenizeStage(train, **params)
    return TokenizeStage(tokenizer, **params)


def stage_tokenizer(phases, run_dir: str) -> tuple[str, int] | None:
    """(name, vocabulary size) of the pipeline's tokenize stage, for the output formats."""
    for phase in phases:
        for stage in (phase.start, *phase.stages, phase.end):
            if isinstance(stage, TokenizeStage):
                loaded = load_tokenizer(stage.tokenizer)
                return stage.tokenizer, loaded.get_vocab_size(with_added_tokens=True)
            if isinstance(stage, TrainedTokenizeStage):
                from dataprep.io.fs import local_copy
                from dataprep.rundir import RunDir

                trained = RunDir(run_dir)
                path = local_copy(trained.uri_of(trained.tokenizer_file()))
                return "tokenizer.json", load_tokenizer(path).get_vocab_size(
                    with_added_tokens=True)
    return None
