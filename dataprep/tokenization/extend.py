"""``dataprep extend-tokenizer``: a tokenizer with new tokens that are never split.

For a ``tokenizer.json`` the new tokens become added tokens (matched in the raw text before
any normalisation or splitting, so each occurrence is one id); ``--special-tokens`` are added
as special tokens (the same, and skipped when decoding with ``skip_special_tokens``). For a
SentencePiece ``.model`` they become user-defined pieces, which SentencePiece always emits
whole. New ids follow the existing ones, so ids of the base vocabulary do not change; tokens
the base already has are left as they are.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from dataprep.errors import ConfigError

# SentencePiece's ModelProto.SentencePiece.Type.USER_DEFINED.
SPM_USER_DEFINED = 4


def read_token_file(path: str) -> list[str]:
    """One token per line; blank lines are skipped, surrounding spaces are kept."""
    try:
        with open(path, encoding="utf-8") as f:
            return [line.rstrip("\r\n") for line in f if line.strip()]
    except OSError as exc:
        raise ConfigError(f"extend-tokenizer: cannot read {path} ({exc.strerror})") from None


def extend_tokenizer_json(base: str, tokens: Sequence[str], special: Sequence[str],
                          output: str) -> int:
    """Write ``base`` (a tokenizer.json) with ``tokens`` and ``special`` added; returns how
    many were new."""
    from tokenizers import AddedToken, Tokenizer

    tokenizer = Tokenizer.from_file(base)
    known = set(tokenizer.get_vocab(with_added_tokens=True))
    new_tokens = [t for t in dict.fromkeys(tokens) if t not in known]
    new_special = [t for t in dict.fromkeys(special) if t not in known and t not in new_tokens]
    tokenizer.add_tokens([AddedToken(t, normalized=False, special=False) for t in new_tokens])
    tokenizer.add_special_tokens([AddedToken(t, normalized=False, special=True)
                                  for t in new_special])
    _save(output, lambda tmp: tokenizer.save(tmp))
    return len(new_tokens) + len(new_special)


def extend_sentencepiece(base: str, tokens: Sequence[str], output: str) -> int:
    """Write ``base`` (a SentencePiece .model) with ``tokens`` as user-defined pieces."""
    from sentencepiece import sentencepiece_model_pb2

    model = sentencepiece_model_pb2.ModelProto()
    with open(base, "rb") as f:
        model.ParseFromString(f.read())
    known = {piece.piece for piece in model.pieces}
    added = 0
    for token in dict.fromkeys(tokens):
        if token in known:
            continue
        piece = model.pieces.add()
        piece.piece, piece.score, piece.type = token, 0.0, SPM_USER_DEFINED
        added += 1
    data = model.SerializeToString()

    def write(tmp: str) -> None:
        with open(tmp, "wb") as f:
            f.write(data)

    _save(output, write)
    return added


def _save(output: str, write) -> None:
    parent = os.path.dirname(os.path.abspath(output))
    os.makedirs(parent, exist_ok=True)
    tmp = os.path.join(parent, f".{os.path.basename(output)}.tmp")
    write(tmp)
    os.replace(tmp, output)


def extend_tokenizer_cli(argv: Sequence[str] | None = None) -> int:
    """``dataprep extend-tokenizer``; exit status."""
    parser = argparse.ArgumentParser(
        prog="dataprep extend-tokenizer",
        description="Add tokens that are never split to a tokenizer.json or SentencePiece "
                    ".model; write a new tokenizer.")
    parser.add_argument("base", help="a tokenizer.json, a directory with one, or a .model")
    parser.add_argument("--add-tokens", metavar="FILE", help="file of new tokens, one a line")
    parser.add_argument("--special-tokens", default="", help="comma-separated special tokens")
    parser.add_argument("--output", required=True,
                        help="the tokenizer to write (tokenizer.json, or .model for a .model)")
    args = parser.parse_args(argv)
    try:
        tokens = read_token_file(args.add_tokens) if args.add_tokens else []
        special = [t for t in args.special_tokens.split(",") if t]
        if not tokens and not special:
            raise ConfigError("extend-tokenizer: give --add-tokens FILE or --special-tokens")
        base = args.base
        if os.path.isdir(base):
            base = os.path.join(base, "tokenizer.json")
        if not os.path.isfile(base):
            raise ConfigError(f"extend-tokenizer: no such file: {base}")
        if base.endswith(".model"):
            added = extend_sentencepiece(base, [*tokens, *special], args.output)
        else:
            added = extend_tokenizer_json(base, tokens, special, args.output)
    except ConfigError as exc:
        print(f"dataprep {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.output} ({added} new tokens)")
    return 0
