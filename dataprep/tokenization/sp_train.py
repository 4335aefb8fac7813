"""Training real SentencePiece models: ``train-tokenizer --kind sentencepiece-bpe|-unigram``.

The ``sentencepiece`` library trains and writes the ``.model``; settings follow the models
that made them common. ``sentencepiece-bpe`` as Llama 2: BPE, no normalisation (``identity``),
digits split, spaces kept as they are, byte fallback on (an unknown character becomes its
UTF-8 bytes, ``<0xNN>`` pieces, never ``<unk>``). ``sentencepiece-unigram`` as T5 and ALBERT:
Unigram, ``nmt_nfkc`` normalisation, byte fallback off. Ids 0, 1, 2 are ``<unk>``, ``<s>``,
``</s>``; special tokens are user-defined pieces (never split) after them.

SentencePiece trains on sentences: documents are split at line ends, lines longer than
``MAX_SENTENCE_BYTES`` are cut, and at most ``INPUT_SENTENCES`` lines are sampled (bounded
memory). One thread, so the same corpus gives the same model.

A ``tokenizer.json`` for the ``tokenizers`` library is written next to the ``.model`` only when
the converted tokenizer gives SentencePiece's own ids on a probe text and on the first
training texts; otherwise the ``.model`` alone is written (the tokenize stage reads both).
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Iterator, Sequence

from dataprep.errors import ConfigError

MAX_SENTENCE_BYTES = 16384
INPUT_SENTENCES = 2_000_000
_CHECK_TEXTS = 200


def _sentences(texts: Iterable[str]) -> Iterator[str]:
    for text in texts:
        for line in text.splitlines():
            if not line.strip():
                continue
            while len(line.encode("utf-8")) > MAX_SENTENCE_BYTES:
                yield line[:MAX_SENTENCE_BYTES // 4]
                line = line[MAX_SENTENCE_BYTES // 4:]
            yield line


def train_sentencepiece(texts: Iterable[str], *, kind: str, vocab_size: int,
                        special_tokens: Sequence[str] | None, character_coverage: float,
                        byte_fallback: bool | None) -> bytes:
    """Train a SentencePiece model on ``texts``; the serialized ``.model``."""
    try:
        import sentencepiece as spm
    except ImportError:
        raise ConfigError("train-tokenizer: sentencepiece kinds need the 'sentencepiece' "
                          "package") from None
    bpe = kind == "sentencepiece-bpe"
    options = dict(
        model_type="bpe" if bpe else "unigram", vocab_size=vocab_size,
        character_coverage=character_coverage,
        byte_fallback=bpe if byte_fallback is None else byte_fallback,
        user_defined_symbols=list(special_tokens or []),
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
        input_sentence_size=INPUT_SENTENCES, shuffle_input_sentence=True,
        max_sentence_length=MAX_SENTENCE_BYTES, num_threads=1, minloglevel=2,
    )
    if bpe:
        options.update(normalization_rule_name="identity", split_digits=True,
                       remove_extra_whitespaces=False, allow_whitespace_only_pieces=True)
    model = io.BytesIO()
    try:
        spm.SentencePieceTrainer.train(sentence_iterator=_sentences(texts), model_writer=model,
                                       **options)
    except RuntimeError as exc:
        raise ConfigError(f"train-tokenizer: sentencepiece: {str(exc).splitlines()[0]}") \
            from None
    return model.getvalue()


def convert_to_tokenizers(model_bytes: bytes, check_texts: Sequence[str]):
    """A ``tokenizers.Tokenizer`` with the model's ids on ``check_texts``, or None."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2

    from dataprep.tokenization.spm_convert import from_model_proto
    from dataprep.tokenization.tiktoken_bpe import PROBE_TEXT

    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(model_bytes)
    tokenizer = from_model_proto(proto)
    if tokenizer is None:
        return None
    processor = spm.SentencePieceProcessor(model_proto=model_bytes)
    for text in [PROBE_TEXT, *check_texts]:
        if tokenizer.encode(text, add_special_tokens=False).ids != processor.encode(text):
            return None
    return tokenizer


def first_texts(texts: Iterable[str]) -> list[str]:
    """The first texts of a corpus, for the conversion check (``texts`` may be re-iterable)."""
    return list(itertools.islice(iter(texts), _CHECK_TEXTS))
