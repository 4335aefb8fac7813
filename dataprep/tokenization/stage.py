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

import json
import logging
import os
import unicodedata
from itertools import chain
from typing import Literal

import numpy as np
import pyarrow as pa
import regex
from tokenizers import Tokenizer

from dataprep.schema import set_column
from dataprep.stages import ConfigError

# Names the common tokenizer families use for their end- and start-of-document tokens, in order
# of preference: GPT-2/RoBERTa style, SentencePiece (Llama 2, T5), Llama 3, Gemma, BERT.
EOS_CANDIDATES = ("<|endoftext|>", "</s>", "<|end_of_text|>", "<eos>", "[SEP]")
BOS_CANDIDATES = ("<s>", "<|begin_of_text|>", "<bos>", "[CLS]")

# One tokenizer per process (per Ray worker), keyed by what the config said, resolved.
_CACHE: dict[str, Tokenizer] = {}


# The split of HuggingFace's ByteLevel pre-tokenizer with use_regex (GPT-2's pattern, Radford et
# al. 2019, released encoder.py), which the library runs with Oniguruma.
GPT2_SPLIT = regex.compile(
    r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
)
# Bound of the per-process piece -> ids cache (a few hundred bytes per entry); emptied when full.
PIECE_CACHE_SIZE = 1 << 18


def _cache_key(name: str) -> str:
    return os.path.abspath(name) if os.path.exists(name) else name


def load_tokenizer(name: str) -> Tokenizer:
    """Load a tokenizer once per process: a ``tokenizer.json``, a directory with one, a hub name.

    A hub name is looked up in the local HuggingFace cache first and fetched only when that
    misses, so an offline machine with a warm cache works and a cold one fails with one line.
    """
    key = _cache_key(name)
    if key not in _CACHE:
        _CACHE[key] = _load_uncached(name)
    return _CACHE[key]


def _load_uncached(name: str) -> Tokenizer:
    path = os.path.join(name, "tokenizer.json") if os.path.isdir(name) else name
    if os.path.isdir(name) and not os.path.isfile(path):
        raise ConfigError(f"tokenizer '{name}': directory has no tokenizer.json")
    if os.path.isfile(path):
        try:
            return Tokenizer.from_file(path)
        except Exception as exc:  # the Rust side raises a bare Exception on a malformed file
            raise ConfigError(f"tokenizer '{path}': not a valid tokenizer.json ({exc})") from None
    if name.endswith(".json") or name.startswith((os.sep, "." + os.sep, ".." + os.sep)):
        raise ConfigError(f"tokenizer '{name}': no such file or directory")
    return Tokenizer.from_file(_hub_file(name, "tokenizer.json"))


def _hub_file(repo: str, filename: str) -> str:
    """Path of ``filename`` of hub repo ``repo`` in the local cache, downloading it if needed."""
    from huggingface_hub import hf_hub_download  # a dependency of `tokenizers`

    try:
        return hf_hub_download(repo, filename, local_files_only=True)
    except Exception:
        pass
    # The hub client logs every retry of an unreachable host; the error below says it once.
    hub_logger = logging.getLogger("huggingface_hub")
    level = hub_logger.level
    hub_logger.setLevel(logging.CRITICAL)
    try:
        return hf_hub_download(repo, filename)
    except Exception as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(
            f"tokenizer '{repo}': not a local file or directory, and not in the HuggingFace cache "
            f"nor downloadable from the hub (offline?): {reason}"
        ) from None
    finally:
        hub_logger.setLevel(level)


def _configured_special(name: str, key: str) -> str | None:
    """``eos_token``/``bos_token`` from a tokenizer directory's ``tokenizer_config.json``."""
    config_path = os.path.join(name, "tokenizer_config.json")
    if not os.path.isfile(config_path):
        return None
    with open(config_path, encoding="utf-8") as f:
        value = json.load(f).get(key)
    # transformers stores either the string or an AddedToken dict.
    return value.get("content") if isinstance(value, dict) else value


def special_token_id(
    tokenizer: Tokenizer, token: str | None, candidates: tuple[str, ...], what: str
) -> int:
    """Id of ``token``, or of the first of ``candidates`` the vocabulary has when it is None."""
    for candidate in (token,) if token is not None else candidates:
        token_id = tokenizer.token_to_id(candidate)
        if token_id is not None:
            return token_id
    if token is not None:
        raise ConfigError(f"tokenize: {what} '{token}' is not in the tokenizer's vocabulary")
    raise ConfigError(
        f"tokenize: the tokenizer has none of {', '.join(candidates)}; set {what} explicitly"
    )


class PieceEncoder:
    """Encodes a batch of texts like ``encode_batch_fast``, reusing the ids of repeated pieces.

    For byte-level BPE (``ByteLevel`` pre-tokenizer with the GPT-2 split, no normaliser, no
    added prefix space, no dropout, truncation or padding) the library splits the text with
    ``GPT2_SPLIT`` and applies BPE to each piece alone, so a document's ids are the
    concatenation of its pieces' ids, and a piece encoded by itself splits into just itself.
    Splitting in Python (``regex``, 2-3x faster than the library's own split) and encoding each
    distinct piece once, cached across batches, gives the same ids at about twice the speed on
    English web text. Texts containing an added token (the library cuts those out first) or a
    character the two regex engines may classify differently are passed to the library whole:
    ``regex`` and the library's Oniguruma follow different Unicode versions, so they disagree on
    characters assigned since the older one (17,480 code points with regex 2026.11 and
    tokenizers 0.23). They agree on every character this Python's ``unicodedata`` has (Unicode
    14.0 on Python 3.11; a test checks all of them), so a text with a character it does not know
    goes whole.
    """

    def __init__(self, tokenizer: Tokenizer):
        self.tokenizer = tokenizer
        self.pieces: dict[str, list[int]] | None = {} if self.applies(tokenizer) else None
        self.added = [token.content for token in tokenizer.get_added_tokens_decoder().values()]
        # Characters known to be assigned in unicodedata's version, grown as texts bring them.
        self.known_chars = {chr(cp) for cp in range(128)}

    @staticmethod
    def applies(tokenizer: Tokenizer) -> bool:
        """Whether ``tokenizer`` is byte-level BPE whose ids the piece cache reproduces."""
        config = json.loads(tokenizer.to_str())
        pre = config.get("pre_tokenizer") or {}
        model = config.get("model") or {}
        return (config.get("normalizer") is None and config.get("truncation") is None
                and config.get("padding") is None
                and pre.get("type") == "ByteLevel" and pre.get("use_regex", True)
                and not pre.get("add_prefix_space")
                and model.get("type") == "BPE" and model.get("dropout") is None)

    def encode_batch(self, texts: list[str]) -> list[list[int]]:
        """Each text's ids, as ``encode_batch_fast(texts, add_special_tokens=False)`` gives."""
        if self.pieces is None:
            return self._library(texts)
        library_only = [self._library_only(text) for text in texts]
        whole = [i for i, flag in enumerate(library_only) if flag]
        splits = [[] if flag else GPT2_SPLIT.findall(text)
                  for text, flag in zip(texts, library_only, strict=True)]
        pieces = self.pieces
        new = list(set().union(*splits) - pieces.keys())
        if len(pieces) + len(new) > PIECE_CACHE_SIZE:
            pieces.clear()
            new = list(set().union(*splits))
        pieces.update(zip(new, self._library(new), strict=True))
        get = pieces.__getitem__
        out = [list(chain.from_iterable(map(get, split))) for split in splits]
        for i, ids in zip(whole, self._library([texts[i] for i in whole]), strict=True):
            out[i] = ids
        return out

    def _library_only(self, text: str) -> bool:
        """Whether ``text`` has an added token or a character newer than ``unicodedata``."""
        if not text.isascii():
            new = set(text) - self.known_chars
            if any(unicodedata.category(char) == "Cn" for char in new):
                return True
            self.known_chars |= new
        return any(token in text for token in self.added)

    def _library(self, texts: list[str]) -> list[list[int]]:
        encodings = self.tokenizer.encode_batch_fast(texts, add_special_tokens=False)
        return [encoding.ids for encoding in encodings]


# One piece encoder (and its cache) per process and tokenizer, like _CACHE.
_ENCODERS: dict[str, PieceEncoder] = {}


def piece_encoder(name: str) -> PieceEncoder:
    """The per-process ``PieceEncoder`` of tokenizer ``name`` (as ``load_tokenizer`` takes)."""
    key = _cache_key(name)
    if key not in _ENCODERS:
        _ENCODERS[key] = PieceEncoder(load_tokenizer(name))
    return _ENCODERS[key]


class TokenizeStage:
    """Adds ``token_ids`` and ``num_tokens`` to every row.

    Args:
        tokenizer: path of a ``tokenizer.json``, of a directory with one (its
            ``tokenizer_config.json`` names the EOS/BOS tokens, if present), or a hub name.
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
        max_tokens: int | None = None,
        batch_size: int = 1024,
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
            eos_token = eos_token or _configured_special(tokenizer, "eos_token")
            self.eos_id = special_token_id(loaded, eos_token, EOS_CANDIDATES, "eos_token")
        if add_bos:
            bos_token = bos_token or _configured_special(tokenizer, "bos_token")
            self.bos_id = special_token_id(loaded, bos_token, BOS_CANDIDATES, "bos_token")

    def __call__(self, table: pa.Table) -> pa.Table:
        # Looked up per call, not kept on the instance: the stage pickles as its config and each
        # worker process loads the tokenizer once, from the module cache.
        tokenizer = load_tokenizer(self.tokenizer)
        texts = [t or "" for t in table.column("text").to_pylist()]
        lengths, flat = self._encode(piece_encoder(self.tokenizer), texts)
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

    def __init__(self, train: dict, *, train_bytes_per_unit: int = 16 << 20, **params):
        from dataprep.stages import check_params
        from dataprep.tokenizer_train import train_tokenizer

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

    def resolve(self, collected, work_dir: str, executor) -> None:
        import posixpath

        import pyarrow.parquet as pq

        from dataprep.io.fs import resolve, write_bytes_atomic
        from dataprep.tokenizer_train import train_tokenizer

        fs, work_dir = resolve(work_dir)

        def texts():
            for path in collected:
                with fs.open_input_file(path) as f:
                    yield from pq.read_table(f).column("text").to_pylist()

        tokenizer = train_tokenizer(texts(), **self.train)
        data = tokenizer.to_str().encode("utf-8")
        write_bytes_atomic(fs, f"{work_dir}/tokenizer.json", data)
        run_dir = posixpath.dirname(posixpath.dirname(work_dir))
        write_bytes_atomic(fs, f"{run_dir}/tokenizer.json", data)

    def apply(self, table: pa.Table, unit: int, work_dir: str) -> pa.Table:
        from dataprep.io.fs import resolve

        _, local = resolve(f"{work_dir}/tokenizer.json")
        return TokenizeStage(local, **self.params)(table)


def tokenize_stage(tokenizer: str | None = None, *, train: dict | None = None, **params):
    """The ``tokenize`` stage: with a given ``tokenizer``, or one trained on this corpus."""
    if (tokenizer is None) == (train is None):
        raise ConfigError("tokenize: give either 'tokenizer' (a tokenizer.json, a directory or "
                          "a hub name) or 'train' (options to train one on this corpus)")
    if train is not None:
        return TrainedTokenizeStage(train, **params)
    return TokenizeStage(tokenizer, **params)
