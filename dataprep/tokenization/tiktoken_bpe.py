"""Byte-level BPE through tiktoken: the library's vocabulary as tiktoken ranks, checked at load.

tiktoken (OpenAI's BPE in Rust) splits with the same GPT-2 pattern and merges, in each piece,
the adjacent pair whose concatenation has the lowest rank, returning ranks as ids. With ranks
taken as the library's ids this reproduces the library's BPE when ids follow merge order, as
in GPT-2 and in every tokenizer ``tokenizers`` trains (the alphabet first, then one id per
merge, in order). Whether it does for a given tokenizer is checked when it is loaded: the
vocabulary must map to bytes, and a probe text of mixed scripts, digits, emoji and whitespace
runs must encode to the library's ids; otherwise the stage keeps ``PieceEncoder``.

Texts with an added token or a character newer than ``unicodedata`` go to the library whole,
as in ``PieceEncoder`` (tiktoken's regex engine has its own Unicode tables too; a test checks
it agrees with the library on every character ``unicodedata`` knows).
"""

from __future__ import annotations

import json
import logging

from tokenizers import Tokenizer

from dataprep.tokenization.loading import cache_key, load_tokenizer
from dataprep.tokenization.pieces import GPT2_SPLIT, PieceEncoder

log = logging.getLogger(__name__)

PROBE_TEXT = (
    "The quick brown fox's 3 jumps (1,024.5 km) -- don't we'll \t\t  tabs\n\n\n"
    "naïve café Ærø  Москва мороз  العربية لغة  中文分词测试  日本語のテキスト  한국어 "
    "😀👍🏽 👨‍👩‍👧 e\u0301 \u00a0nbsp   trailing   \n  x=1;y+=2 <tag attr=\"v\"> ...!!! ???"
)


def _byte_level_alphabet() -> dict[str, int]:
    """GPT-2's printable stand-in character of each byte (the ByteLevel alphabet), reversed."""
    printable = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
                 + list(range(ord("®"), ord("ÿ") + 1)))
    shifted = 0
    chars = {}
    for byte in range(256):
        if byte in printable:
            chars[chr(byte)] = byte
        else:
            chars[chr(256 + shifted)] = byte
            shifted += 1
    return chars


def tiktoken_ranks(tokenizer: Tokenizer) -> dict[bytes, int] | None:
    """The vocabulary as tiktoken ranks (bytes -> id), or None when it cannot be one."""
    if not PieceEncoder.applies(tokenizer):
        return None
    vocab = json.loads(tokenizer.to_str())["model"]["vocab"]
    added = {token.content for token in tokenizer.get_added_tokens_decoder().values()}
    alphabet = _byte_level_alphabet()
    ranks: dict[bytes, int] = {}
    for token, token_id in vocab.items():
        if token in added:
            continue
        if any(char not in alphabet for char in token):
            return None
        ranks[bytes(alphabet[char] for char in token)] = token_id
    if len(set(ranks.values())) != len(ranks) or any(bytes([b]) not in ranks for b in range(256)):
        return None
    return ranks


class TiktokenEncoder(PieceEncoder):
    """``PieceEncoder``'s contract (the library's ids) with tiktoken doing the BPE."""

    def __init__(self, tokenizer: Tokenizer, encoding):
        super().__init__(tokenizer)
        self.encoding = encoding

    def encode_batch(self, texts: list[str]) -> list[list[int]]:
        library_only = [self._library_only(text) for text in texts]
        whole = [i for i, flag in enumerate(library_only) if flag]
        encode = self.encoding.encode_ordinary
        out = [[] if flag else encode(text)
               for text, flag in zip(texts, library_only, strict=True)]
        for i, ids in zip(whole, self._library([texts[i] for i in whole]), strict=True):
            out[i] = ids
        return out


def tiktoken_encoder(tokenizer: Tokenizer) -> TiktokenEncoder | None:
    """A ``TiktokenEncoder`` for ``tokenizer`` if tiktoken reproduces its ids, else None."""
    try:
        import tiktoken
    except ImportError:
        return None
    ranks = tiktoken_ranks(tokenizer)
    if ranks is None:
        return None
    encoding = tiktoken.Encoding("dataprep-byte-level-bpe", pat_str=GPT2_SPLIT.pattern,
                                 mergeable_ranks=ranks, special_tokens={})
    expected = tokenizer.encode(PROBE_TEXT, add_special_tokens=False).ids
    if encoding.encode_ordinary(PROBE_TEXT) != expected:
        log.info("tokenize: tiktoken's ids differ from the library's on the probe text; "
                 "using the piece-cache path")
        return None
    return TiktokenEncoder(tokenizer, encoding)


# One encoder (and its caches) per process and tokenizer, like the tokenizer cache.
_ENCODERS: dict[str, PieceEncoder] = {}


def fast_encoder(name: str) -> PieceEncoder:
    """The per-process encoder of tokenizer ``name``: tiktoken where it reproduces the
    library's ids, else the piece cache (which passes other tokenizers to the library)."""
    key = cache_key(name)
    if key not in _ENCODERS:
        tokenizer = load_tokenizer(name)
        _ENCODERS[key] = tiktoken_encoder(tokenizer) or PieceEncoder(tokenizer)
    return _ENCODERS[key]
