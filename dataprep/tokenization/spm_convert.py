"""A SentencePiece ``ModelProto`` rebuilt as a ``tokenizers`` pipeline (where one exists).

SentencePiece replaces spaces with ``▁`` (and, with ``add_dummy_prefix``, puts one in front),
then segments the whole text: Unigram by the Viterbi path over piece scores, BPE by merging the
pair whose merged piece scores highest. The ``tokenizers`` equivalents: a ``Metaspace``
pre-tokenizer (Unigram) or ``Prepend``/``Replace`` normalisers (BPE, which must not split at
spaces), the model's precompiled normalisation map (``Precompiled``), and for BPE a merge list
read off the vocabulary: every split of a piece into two pieces, ordered by the merged piece's
score. Callers check the result against SentencePiece's ids before using it.
"""

from __future__ import annotations

# SentencePiece's ModelProto piece types and trainer model types.
NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE = 1, 2, 3, 4, 5, 6
UNIGRAM, BPE = 1, 2


def from_model_proto(proto):
    """The ``tokenizers.Tokenizer`` for ``proto``, or None for model types it cannot express."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers

    spec, norm = proto.trainer_spec, proto.normalizer_spec
    pieces = [(p.piece, p.score) for p in proto.pieces]
    if spec.model_type == UNIGRAM:
        tokenizer = Tokenizer(models.Unigram(pieces, unk_id=spec.unk_id,
                                             byte_fallback=spec.byte_fallback))
    elif spec.model_type == BPE:
        vocab = {piece: i for i, (piece, _) in enumerate(pieces)}
        tokenizer = Tokenizer(models.BPE(vocab, _merges(proto, vocab),
                                         unk_token=proto.pieces[spec.unk_id].piece,
                                         fuse_unk=True, byte_fallback=spec.byte_fallback))
    else:
        return None
    steps = []
    if norm.precompiled_charsmap:
        steps.append(normalizers.Precompiled(norm.precompiled_charsmap))
    if norm.remove_extra_whitespaces:
        steps += [normalizers.Strip(), normalizers.Replace(Regex(" {2,}"), " ")]
    if norm.add_dummy_prefix:
        steps.append(normalizers.Prepend("▁"))
    steps.append(normalizers.Replace(" ", "▁"))
    tokenizer.normalizer = normalizers.Sequence(steps)
    tokenizer.decoder = decoders.Sequence([
        decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(),
        *([decoders.Strip(" ", 1, 0)] if norm.add_dummy_prefix else []),
    ])
    tokenizer.add_tokens([AddedToken(p.piece, normalized=False, special=False)
                          for p in proto.pieces if p.type == USER_DEFINED])
    tokenizer.add_special_tokens([AddedToken(p.piece, normalized=False, special=True)
                                  for p in proto.pieces if p.type == CONTROL])
    return tokenizer


def _merges(proto, vocab: dict[str, int]) -> list[tuple[str, str]]:
    ranked = []
    for piece_id, piece in enumerate(proto.pieces):
        if piece.type != NORMAL:
            continue
        text = piece.piece
        for cut in range(1, len(text)):
            left, right = text[:cut], text[cut:]
            if left in vocab and right in vocab:
                ranked.append((-piece.score, piece_id, vocab[left], vocab[right], left, right))
    ranked.sort()
    return [(left, right) for *_, left, right in ranked]
