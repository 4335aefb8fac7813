import json
import pickle
import random
import unicodedata

import huggingface_hub.constants
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import docs
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

import dataprep.tokenization.pieces
from dataprep.errors import ConfigError
from dataprep.tokenization.loading import load_tokenizer
from dataprep.tokenization.pieces import GPT2_SPLIT, PieceEncoder
from dataprep.tokenization.stage import TokenizeStage
from dataprep.tokenization.train import covered_characters, train_tokenizer, train_tokenizer_cli

SYLLABLES = ["ka", "to", "ri", "mon", "el", "sta", "qu", "ve", "lo", "na", "the", "and", "ing",
             "zé", "über", "ñu", "的", "年", "在", "ﬁ"]


def generated_texts(n: int, seed: int = 0) -> list[str]:
    """Web-like paragraphs of made-up words with punctuation, digits, accents and CJK."""
    rng = random.Random(seed)
    words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))
             for _ in range(300)]
    texts = []
    for _ in range(n):
        lines = []
        for _ in range(rng.randint(1, 5)):
            sentence = " ".join(rng.choice(words) for _ in range(rng.randint(3, 14)))
            if rng.random() < 0.3:
                sentence += f" {rng.randint(0, 9999)}"
            lines.append(sentence.capitalize() + rng.choice([".", ",", "!", "?", ":"]))
        texts.append("\n".join(lines))
    return texts


CORPUS = generated_texts(1500)
TEST_TEXTS = generated_texts(20, seed=1)


@pytest.fixture(scope="module")
def tokenizer_files(tmp_path_factory) -> dict[str, str]:
    """One small tokenizer per family, trained on the generated corpus and saved."""
    directory = tmp_path_factory.mktemp("tokenizers")
    paths = {}
    for kind in ("bpe", "wordpiece", "unigram"):
        path = directory / f"{kind}.json"
        train_tokenizer(CORPUS, kind=kind, vocab_size=400).save(str(path))
        paths[kind] = str(path)
    return paths


def normalised(kind: str, text: str) -> str:
    """The text as the family's decode gives it back."""
    if kind == "unigram":
        return unicodedata.normalize("NFKC", text)
    if kind == "wordpiece":  # words come back, spacing does not
        return "".join(text.split())
    return text


@pytest.mark.parametrize("kind", ["bpe", "wordpiece", "unigram"])
def test_decode_reproduces_text(tokenizer_files, kind):
    stage = TokenizeStage(tokenizer_files[kind])
    out = stage(docs(*TEST_TEXTS))
    tokenizer = Tokenizer.from_file(tokenizer_files[kind])
    for text, ids in zip(TEST_TEXTS, out.column("token_ids").to_pylist(), strict=True):
        assert ids[-1] == stage.eos_id
        decoded = tokenizer.decode(ids[:-1])
        if kind == "wordpiece":
            decoded = "".join(decoded.split())
        assert decoded == normalised(kind, text)
        assert "[UNK]" not in tokenizer.encode(text).tokens


def test_columns_types_and_counts(tokenizer_files):
    out = TokenizeStage(tokenizer_files["bpe"])(docs("Kato stael.", "", "Ri年"))
    assert out.schema.field("token_ids").type == pa.list_(pa.uint32())
    assert out.schema.field("num_tokens").type == pa.int32()
    ids = out.column("token_ids").to_pylist()
    assert out.column("num_tokens").to_pylist() == [len(i) for i in ids]
    eos = Tokenizer.from_file(tokenizer_files["bpe"]).token_to_id("<|endoftext|>")
    assert ids[1] == [eos]  # an empty document is just its separator
    assert out.column("text").to_pylist() == ["Kato stael.", "", "Ri年"]


def test_bos_and_uint16(tokenizer_files):
    stage = TokenizeStage(tokenizer_files["unigram"], add_bos=True, dtype="uint16")
    tokenizer = Tokenizer.from_file(tokenizer_files["unigram"])
    out = stage(docs("Kato stael."))
    assert out.schema.field("token_ids").type == pa.list_(pa.uint16())
    ids = out.column("token_ids")[0].as_py()
    assert ids[0] == tokenizer.token_to_id("<s>")
    assert ids[-1] == tokenizer.token_to_id("</s>")
    assert ids[1:-1] == tokenizer.encode("Kato stael.", add_special_tokens=False).ids


def test_uint16_refused_for_large_vocabulary(tmp_path):
    vocab = {f"w{i}": i for i in range(70_000)}
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="w0"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.add_special_tokens(["</s>"])
    tokenizer.save(str(tmp_path / "big.json"))
    with pytest.raises(ConfigError, match="does not fit in uint16"):
        TokenizeStage(str(tmp_path / "big.json"), dtype="uint16")
    out = TokenizeStage(str(tmp_path / "big.json"))(docs("w69999 w1"))
    assert out.column("token_ids")[0].as_py() == [69_999, 1, 70_000]


def test_long_documents_split_into_pieces(tokenizer_files):
    long_text = " ".join(TEST_TEXTS)
    table = docs("Kato stael.", long_text)
    whole = TokenizeStage(tokenizer_files["bpe"], add_bos=False)(table)
    stage = TokenizeStage(tokenizer_files["bpe"], max_tokens=16)
    out = stage(table)
    ids = out.column("id").to_pylist()
    pieces = [i for i in ids if i.startswith("d1#")]
    assert ids[0] == "d0" and pieces == [f"d1#{k}" for k in range(len(pieces))]
    assert len(pieces) == -(-whole.column("num_tokens")[1].as_py() // 16)
    streams = out.column("token_ids").to_pylist()[1:]
    assert all(len(s) <= 16 for s in streams)
    assert [t for s in streams for t in s] == whole.column("token_ids")[1].as_py()
    assert sum(s.count(stage.eos_id) for s in streams) == 1 and streams[-1][-1] == stage.eos_id
    assert "".join(out.column("text").to_pylist()[1:]) == long_text
    assert out.column("source").to_pylist() == ["test"] * len(ids)


# Fragments the GPT-2 split treats differently: scripts, emoji, combining marks, digit runs,
# whitespace runs, contractions, a long word, an added token and characters newer than Python's
# unicodedata (U+0558, U+1FAE9, U+31350), which must not be split by ``regex``.
FRAGMENTS = [
    "The quick brown fox", "isn't", "we'll", "they'RE", "'s", "l'été", "don't'd", "''",
    "机器学习是人工智能的一个分支。", "日本語のテキスト、カタカナとひらがな", "Привет, мир!",
    "Ёлка", "مرحبا بالعالم", "नमस्ते दुनिया", "🙂", "👩‍👩‍👧‍👦", "🇫🇷", "e\u0301", "a\u0308\u0323",
    "\u0301", "3.14159", "1234567890123", "٣٤٥", "½", "x²", "\t", "\n", "\r\n", "  ", "    ",
    "\n\n\n", " \t ", "\u00a0", "\u3000", "\u2028", "\x1c", "\x85", "\x00", "\ufeff",
    "supercalifragilisticexpialidocious" * 8, "https://example.com/a?b=c&d=1", "$100.00",
    "<|endoftext|>", "\u0558", "\U0001fae9", "\U00031350", "ﬁ", "İı", "\U0001d400",
]


def varied_texts(n: int, seed: int) -> list[str]:
    """Random concatenations of ``FRAGMENTS`` with random separators, plus edge cases."""
    rng = random.Random(seed)
    separators = ["", " ", "  ", "\n", "\t", " \n ", "'"]
    texts = ["", " ", "  leading", "trailing  ", "\n", "'", "a"]
    for _ in range(n):
        parts = [rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 12))]
        texts.append("".join(p + rng.choice(separators) for p in parts))
    return texts


@pytest.fixture(scope="module")
def varied_bpe(tmp_path_factory) -> str:
    """A byte-level BPE trained on the varied texts, so it has merges in every script."""
    path = tmp_path_factory.mktemp("varied") / "bpe.json"
    corpus = varied_texts(1500, seed=2) + CORPUS
    train_tokenizer(corpus, kind="bpe", vocab_size=1200).save(str(path))
    return str(path)


def library_ids(tokenizer: Tokenizer, texts: list[str]) -> list[list[int]]:
    return [e.ids for e in tokenizer.encode_batch_fast(texts, add_special_tokens=False)]


@pytest.mark.parametrize("seed", [0, 1])
def test_piece_encoder_gives_the_library_ids(tokenizer_files, varied_bpe, monkeypatch, seed):
    texts = varied_texts(400, seed) + TEST_TEXTS
    for path in (tokenizer_files["bpe"], varied_bpe):
        tokenizer = Tokenizer.from_file(path)
        encoder = PieceEncoder(tokenizer)
        assert encoder.pieces is not None  # the fast path is taken
        expected = library_ids(tokenizer, texts)
        assert encoder.encode_batch(texts) == expected
        assert encoder.encode_batch(texts) == expected  # from the cache
        # A cache too small for one batch is emptied and refilled on every call.
        monkeypatch.setattr(dataprep.tokenization.pieces, "PIECE_CACHE_SIZE", 50)
        assert encoder.encode_batch(texts[::-1]) == expected[::-1]
        assert len(encoder.pieces) < len(set().union(*map(GPT2_SPLIT.findall, texts)))
        monkeypatch.undo()
    stage_ids = TokenizeStage(varied_bpe, add_eos=False)(docs(*texts)).column("token_ids")
    assert stage_ids.to_pylist() == library_ids(Tokenizer.from_file(varied_bpe), texts)


def test_piece_encoder_only_for_plain_byte_level_bpe(tokenizer_files, varied_bpe):
    assert PieceEncoder(Tokenizer.from_file(tokenizer_files["wordpiece"])).pieces is None
    assert PieceEncoder(Tokenizer.from_file(tokenizer_files["unigram"])).pieces is None
    texts = varied_texts(50, seed=3)
    for change in ("prefix_space", "normalizer"):
        tokenizer = Tokenizer.from_file(varied_bpe)
        if change == "prefix_space":
            tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
        else:
            tokenizer.normalizer = normalizers.NFKC()
        encoder = PieceEncoder(tokenizer)
        assert encoder.pieces is None
        assert encoder.encode_batch(texts) == library_ids(tokenizer, texts)


def test_gpt2_split_agrees_with_the_library_on_every_known_character():
    """Every code point ``unicodedata`` has, in contexts that exercise each alternative."""
    library = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    known = [chr(cp) for cp in range(0x110000)
             if unicodedata.category(chr(cp)) not in ("Cn", "Cs")]
    disagree = 0
    for start in range(0, len(known), 4096):
        probe = "".join(f"x{c}1{c}!{c} {c}{c}\t" for c in known[start:start + 4096])
        ours = [m.span() for m in GPT2_SPLIT.finditer(probe)]
        disagree += ours != [span for _, span in library.pre_tokenize_str(probe)]
    assert disagree == 0
    # The probe does tell engines apart: characters newer than unicodedata are split otherwise.
    newer = "".join(f"x{c}1{c}!{c} {c}{c}\t" for c in ("\u0558", "\U0001fae9", "\U00031350"))
    assert unicodedata.category("\u0558") == "Cn"
    assert ([m.span() for m in GPT2_SPLIT.finditer(newer)]
            != [span for _, span in library.pre_tokenize_str(newer)])


def test_loading_sources_and_errors(tokenizer_files, tmp_path, monkeypatch):
    assert load_tokenizer(tokenizer_files["bpe"]) is load_tokenizer(tokenizer_files["bpe"])
    directory = tmp_path / "tok"
    directory.mkdir()
    (directory / "tokenizer.json").write_text(open(tokenizer_files["unigram"]).read())
    (directory / "tokenizer_config.json").write_text(json.dumps({"eos_token": {"content": "<s>"}}))
    stage = TokenizeStage(str(directory))
    assert stage.eos_id == Tokenizer.from_file(tokenizer_files["unigram"]).token_to_id("<s>")
    with pytest.raises(ConfigError, match="no tokenizer.json"):
        TokenizeStage(str(tmp_path))
    with pytest.raises(ConfigError, match="no such file"):
        TokenizeStage(str(tmp_path / "missing.json"))
    with pytest.raises(ConfigError, match="'<nope>' is not in the tokenizer"):
        TokenizeStage(tokenizer_files["bpe"], eos_token="<nope>")
    with pytest.raises(ConfigError, match="set bos_token"):
        TokenizeStage(tokenizer_files["bpe"], add_bos=True)
    # A hub name on a machine without the network (or with HF_HUB_OFFLINE=1): one clear line.
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(ConfigError, match="not in the HuggingFace cache") as error:
        TokenizeStage("no-such-org/no-such-tokenizer")
    assert "\n" not in str(error.value)


def test_stage_pickles_as_its_config(tokenizer_files):
    stage = TokenizeStage(tokenizer_files["bpe"])
    clone = pickle.loads(pickle.dumps(stage))
    table = docs(*TEST_TEXTS[:3])
    assert clone(table).equals(stage(table))
    assert stage(docs()).column("token_ids").to_pylist() == []


@pytest.mark.parametrize("kind", ["wordpiece", "unigram"])
def test_character_coverage_leaves_rare_characters_unknown(kind):
    texts = [*CORPUS[:300], "Kato ☃ stael."]
    assert "☃" not in covered_characters(texts, 0.9995)
    tokenizer = train_tokenizer(iter(texts), kind=kind, vocab_size=300, character_coverage=0.9995)
    assert "☃" not in "".join(tokenizer.get_vocab())
    unk = tokenizer.token_to_id("[UNK]" if kind == "wordpiece" else "<unk>")
    assert unk in tokenizer.encode("Kato ☃ stael.").ids


def test_bad_training_options():
    with pytest.raises(ConfigError, match="does not apply to byte-level"):
        train_tokenizer(CORPUS[:10], kind="bpe", character_coverage=0.99)
    with pytest.raises(ConfigError, match="kind must be"):
        train_tokenizer(CORPUS[:10], kind="sentencepiece")


def test_train_tokenizer_cli_on_mixed_inputs(tmp_path, capsys):
    pq.write_table(pa.table({"text": CORPUS[:500]}), tmp_path / "part-0000.parquet")
    with open(tmp_path / "docs.jsonl", "w") as f:
        for text in CORPUS[500:1000]:
            f.write(json.dumps({"id": "x", "text": text}) + "\n")
    (tmp_path / "book.txt").write_text("\n".join(CORPUS[1000:]))
    output = tmp_path / "out" / "tokenizer.json"
    code = train_tokenizer_cli([
        str(tmp_path / "part-0000.parquet"), str(tmp_path / "docs.jsonl"),
        str(tmp_path / "book.txt"), "--kind", "unigram", "--vocab-size", "300",
        "--special-tokens", "<unk>,<s>,</s>", "--output", str(output),
    ])
    assert code == 0
    tokenizer = Tokenizer.from_file(str(output))
    assert tokenizer.get_vocab_size() == 300
    assert [tokenizer.id_to_token(i) for i in range(3)] == ["<unk>", "<s>", "</s>"]
    stage = TokenizeStage(str(output))
    assert np.all(np.array(stage(docs(*TEST_TEXTS)).column("num_tokens")) > 1)

    code = train_tokenizer_cli([str(tmp_path / "nothing"), "--output", str(output)])
    assert code == 2
    error = capsys.readouterr().err.strip()
    assert error.endswith(f"no such file or directory: {tmp_path}/nothing")
