"""SentencePiece ``.model`` files behind the small part of ``tokenizers.Tokenizer`` the stage uses.

The ``tokenize`` stage asks a tokenizer for its vocabulary size, the id of a special token,
batches of ids without special tokens, and character offsets (to cut long documents).
``SentencePieceTokenizer`` answers those from a ``sentencepiece.SentencePieceProcessor``, so a
``.model`` (Llama 2, T5, XLM-R, or one ``dataprep train-tokenizer`` wrote) works with the same
EOS/BOS handling as a ``tokenizer.json``: SentencePiece's own ``add_bos``/``add_eos`` stay off
and the stage adds the tokens itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from dataprep.errors import ConfigError


@dataclass(frozen=True)
class Encoding:
    """What the stage reads of a ``tokenizers.Encoding``."""

    ids: list[int]
    offsets: list[tuple[int, int]]


class SentencePieceTokenizer:
    """A SentencePiece model with ``tokenizers.Tokenizer``'s method names, for the stage."""

    def __init__(self, path: str):
        try:
            import sentencepiece
        except ImportError:
            raise ConfigError(f"tokenizer '{path}': a SentencePiece model needs the "
                              "'sentencepiece' package (pip install sentencepiece)") from None
        self.path = path
        self.processor = sentencepiece.SentencePieceProcessor()
        try:
            self.processor.Load(path)
        except (OSError, RuntimeError) as exc:
            raise ConfigError(f"tokenizer '{path}': not a SentencePiece model ({exc})") from None

    def get_vocab_size(self, with_added_tokens: bool = True) -> int:
        return self.processor.get_piece_size()

    def token_to_id(self, token: str) -> int | None:
        token_id = self.processor.piece_to_id(token)
        # Unknown pieces map to the unknown id; only the unknown piece itself is really it.
        if token_id == self.processor.unk_id() and self.processor.id_to_piece(token_id) != token:
            return None
        return token_id

    def get_added_tokens_decoder(self) -> dict:
        return {}  # user-defined pieces are in the model; SentencePiece never splits them

    def encode_batch_fast(self, texts: list[str], add_special_tokens: bool = False
                          ) -> list[Encoding]:
        ids = self.processor.encode(texts, out_type=int, num_threads=1)
        return [Encoding(i, []) for i in ids]

    def encode(self, text: str, add_special_tokens: bool = False) -> Encoding:
        """Ids with character offsets into ``text`` (SentencePiece counts UTF-8 bytes)."""
        try:
            proto = self.processor.encode(text, return_type="proto")
        except TypeError:  # sentencepiece before 0.2.1 named it differently
            proto = self.processor.encode(text, out_type="immutable_proto")
        char_of_byte = []
        for index, char in enumerate(text):
            char_of_byte.extend([index] * len(char.encode("utf-8")))
        char_of_byte.append(len(text))
        offsets = [(char_of_byte[min(p.begin, len(char_of_byte) - 1)],
                    char_of_byte[min(p.end, len(char_of_byte) - 1)]) for p in proto.pieces]
        return Encoding([p.id for p in proto.pieces], offsets)

    def decode(self, ids: list[int]) -> str:
        return self.processor.decode(ids)
