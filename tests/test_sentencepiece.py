"""SentencePiece: training real .model files, loading them in the stage, extending vocabularies."""

import json
import random
import unicodedata
from pathlib import Path

import pytest
import sentencepiece as spm
from helpers import docs
from tokenizers import Tokenizer

from dataprep.cli import main
from dataprep.errors import ConfigError
from dataprep.tokenization.stage import TokenizeStage

SENTENCES = {
    "en": ["The ferry leaves the harbour at seven and returns before the evening storm.",
           "Fishermen mend their nets on the quay while gulls circle the boats."],
    "zh": ["渡轮每天早上七点离开港口，傍晚风暴来临之前返回。",
           "渔民们在码头上修补渔网，海鸥在船只上空盘旋。"],
    "ja": ["フェリーは毎朝七時に港を出て、夕方の嵐の前に戻ってきます。",
           "漁師たちは岸壁で網を繕い、カモメが船の上を旋回しています。"],
    "ar": ["تغادر العبارة الميناء في السابعة صباحا وتعود قبل عاصفة المساء.",
           "يصلح الصيادون شباكهم على الرصيف بينما تحلق النوارس فوق القوارب."],
    "emoji": ["Storm warning 🌊⛈️ — stay in port! 🚢⚓ 👨‍👩‍👧 🇳🇴", "Catch of the day: 🐟🐟🦀 👍🏽"],
}
ROUND_TRIP = [s for group in SENTENCES.values() for s in group] + [
    "混合 text with 日本語 and العربية, plus 🙂 and numbers 12345.",
    "rare: 龘 𠜎 ꙮ",  # characters the training text never had
]


def corpus_file(tmp_path: Path) -> Path:
    rng = random.Random(3)
    sentences = [s for group in SENTENCES.values() for s in group]
    lines = [" ".join(rng.sample(sentences, 3)) for _ in range(600)]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in lines),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def models(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("spm")
    corpus = corpus_file(base)
    out = {}
    # Byte fallback needs 256 byte pieces; the small corpus has fewer Unigram candidates.
    for kind, size in (("sentencepiece-bpe", "800"), ("sentencepiece-unigram", "150")):
        directory = base / kind
        assert main(["train-tokenizer", "--kind", kind, "--vocab-size", size,
                     "--character-coverage", "0.9995", "--special-tokens", "<|im_start|>",
                     "--output", str(directory / "tokenizer.model"), str(corpus)]) == 0
        out[kind] = directory / "tokenizer.model"
    return out


def test_trained_models_load_in_sentencepiece_and_round_trip(models):
    bpe = spm.SentencePieceProcessor(model_file=str(models["sentencepiece-bpe"]))
    assert bpe.get_piece_size() == 800
    assert [bpe.id_to_piece(i) for i in range(4)] == ["<unk>", "<s>", "</s>", "<|im_start|>"]
    # BPE with byte fallback and no normalisation: every text comes back exactly, unseen
    # characters through their UTF-8 bytes rather than <unk>.
    for text in ROUND_TRIP:
        ids = bpe.encode(text)
        assert bpe.unk_id() not in ids
        assert bpe.decode(ids) == text
    unigram = spm.SentencePieceProcessor(model_file=str(models["sentencepiece-unigram"]))
    # Unigram with nmt_nfkc, no byte fallback: text of the training characters comes back
    # NFKC-normalised, characters it never saw become <unk>.
    for text in ROUND_TRIP[:-2]:
        assert unigram.decode(unigram.encode(text)) == unicodedata.normalize("NFKC", text)
    assert unigram.unk_id() in unigram.encode(ROUND_TRIP[-1])


def test_the_stage_tokenizes_with_a_model_file(models):
    path = str(models["sentencepiece-bpe"])
    processor = spm.SentencePieceProcessor(model_file=path)
    stage = TokenizeStage(path, add_bos=True)
    assert (stage.eos_id, stage.bos_id) == (processor.eos_id(), processor.bos_id())
    out = stage(docs(*ROUND_TRIP))
    assert out.column("token_ids").to_pylist() == [
        [processor.bos_id(), *processor.encode(t), processor.eos_id()] for t in ROUND_TRIP]
    # Long documents are split with character offsets from SentencePiece's byte offsets.
    long_text = " ".join(ROUND_TRIP * 4)
    whole = [processor.bos_id(), *processor.encode(long_text), processor.eos_id()]
    split = TokenizeStage(path, add_bos=True, max_tokens=50)(docs(long_text))
    pieces = split.column("token_ids").to_pylist()
    assert [i for p in pieces for i in p] == whole and max(map(len, pieces)) == 50
    assert "".join(split.column("text").to_pylist()) == long_text


def test_a_model_file_that_is_not_one_fails_with_one_line(tmp_path):
    bad = tmp_path / "bad.model"
    bad.write_bytes(b"not a model")
    with pytest.raises(ConfigError, match="not a SentencePiece model"):
        TokenizeStage(str(bad))
    with pytest.raises(ConfigError, match="no such file"):
        TokenizeStage(str(tmp_path / "missing.model"))


@pytest.mark.parametrize("kind", ["sentencepiece-bpe", "sentencepiece-unigram"])
def test_tokenizer_json_is_written_only_when_it_gives_the_same_ids(models, kind):
    converted = models[kind].parent / "tokenizer.json"
    if not converted.exists():
        pytest.skip(f"{kind}: conversion did not reproduce the ids (reported by the command)")
    tokenizer = Tokenizer.from_file(str(converted))
    processor = spm.SentencePieceProcessor(model_file=str(models[kind]))
    for text in ROUND_TRIP:
        assert tokenizer.encode(text, add_special_tokens=False).ids == processor.encode(text)


def test_extend_a_tokenizer_json_with_tokens_never_split(tmp_path, models):
    base = models["sentencepiece-bpe"].parent / "tokenizer.json"
    if not base.exists():
        from dataprep.tokenization.train import train_tokenizer

        base = tmp_path / "base.json"
        train_tokenizer([t for t in ROUND_TRIP] * 20, kind="bpe", vocab_size=400).save(str(base))
    words = tmp_path / "words.txt"
    words.write_text("渡轮港口\nharbourmaster\n🌊⛈️\n", encoding="utf-8")
    target = tmp_path / "extended.json"
    assert main(["extend-tokenizer", str(base), "--add-tokens", str(words),
                 "--special-tokens", "<|tool|>", "--output", str(target)]) == 0
    tokenizer = Tokenizer.from_file(str(target))
    old = Tokenizer.from_file(str(base))
    new_ids = [tokenizer.token_to_id(t) for t in ("渡轮港口", "harbourmaster", "🌊⛈️", "<|tool|>")]
    assert None not in new_ids and min(new_ids) >= old.get_vocab_size(with_added_tokens=True)
    text = "the harbourmaster saw 🌊⛈️ near 渡轮港口<|tool|>"
    ids = TokenizeStage(str(target), add_eos=False)(docs(text)).column("token_ids")[0].as_py()
    assert all(i in ids for i in new_ids)
    assert tokenizer.decode(ids, skip_special_tokens=False).replace(" ", "") == text.replace(
        " ", "")


def test_extend_a_sentencepiece_model(tmp_path, models):
    words = tmp_path / "words.txt"
    words.write_text("渡轮港口\nharbourmaster\n", encoding="utf-8")
    target = tmp_path / "extended.model"
    assert main(["extend-tokenizer", str(models["sentencepiece-unigram"]), "--add-tokens",
                 str(words), "--special-tokens", "<|tool|>", "--output", str(target)]) == 0
    processor = spm.SentencePieceProcessor(model_file=str(target))
    assert processor.get_piece_size() == 153
    for token in ("渡轮港口", "harbourmaster", "<|tool|>"):
        assert processor.encode(f"at the {token} today", out_type=str).count(token) == 1
    base = spm.SentencePieceProcessor(model_file=str(models["sentencepiece-unigram"]))
    assert [processor.id_to_piece(i) for i in range(150)] == [
        base.id_to_piece(i) for i in range(150)]
    stage = TokenizeStage(str(target))
    ids = stage(docs("the harbourmaster")).column("token_ids")[0].as_py()
    assert processor.piece_to_id("harbourmaster") in ids


def test_extend_tokenizer_errors(tmp_path, capsys):
    assert main(["extend-tokenizer", str(tmp_path / "nope.json"), "--special-tokens", "<x>",
                 "--output", str(tmp_path / "o.json")]) == 2
    assert "no such file" in capsys.readouterr().err
