import numpy as np
import pytest
from dedup_helpers import run_stage, unit_tables

from dataprep.dedup.minhash import (
    MinHashDedupStage,
    band_keys,
    band_params,
    shingles,
    signatures,
)
from dataprep.dedup.synthetic import jaccard, planted_corpus
from dataprep.errors import ConfigError
from dataprep.runners.inline import InlineExecutor


def test_word_shingles_after_normalisation():
    assert shingles("The quick, brown FOX jumps over", ngram=5) == [
        b"the quick brown fox jumps", b"quick brown fox jumps over"]


def test_short_document_is_one_shingle_and_empty_has_none():
    assert shingles("Hello there, world!") == [b"hello there world"]
    assert shingles("  ...  ") == []


def test_chinese_uses_character_ngrams():
    a = shingles("机器学习是人工智能的一个分支", "zh")
    b = shingles("机器学习是人工智能的一个领域", "zh")
    assert a[0] == "机器学习是".encode()
    # One changed word keeps most character 5-grams; word 5-grams would share nothing.
    assert jaccard(a, b) > 0.6
    assert jaccard(shingles("机器学习是人工智能的一个分支", "en"),
                   shingles("机器学习是人工智能的一个领域", "en")) == 0


def test_script_detection_when_lang_is_missing():
    assert shingles("机器学习是人工智能的一个分支", None) == shingles(
        "机器学习是人工智能的一个分支", "zh")


def test_signatures_do_not_depend_on_batching():
    docs = [shingles(f"document {i} " + "word " * i + "end of it all") for i in range(1, 30)]
    whole = signatures(docs)
    pieces = np.concatenate([signatures(docs[:7]), signatures(docs[7:])])
    assert whole.dtype == np.uint32 and whole.shape == (29, 128)
    assert np.array_equal(whole, pieces)
    assert not np.array_equal(whole, signatures(docs, seed=2))


def test_signature_estimates_jaccard():
    base = [f"w{i}".encode() for i in range(1000)]
    other = base[:600] + [f"x{i}".encode() for i in range(400)]
    sig = signatures([base, other], num_perm=256)
    estimate = (sig[0] == sig[1]).mean()
    assert abs(estimate - 600 / 1400) < 0.1


def test_band_params():
    assert band_params(0.8, 128) == (16, 8)
    bands, rows = band_params(0.7, 256)
    assert bands * rows <= 256
    # The S-curve 1 - (1 - s^r)^b finds at least 95% of the pairs at the threshold.
    assert 1 - (1 - 0.7 ** rows) ** bands >= 0.95


def test_band_keys_equal_bands_equal_keys():
    sig = np.arange(3 * 16, dtype=np.uint32).reshape(3, 16)
    sig[1, :4] = sig[0, :4]
    keys = band_keys(sig, bands=4, rows=4)
    assert keys.dtype == np.uint64 and keys.shape == (3, 4)
    assert keys[0, 0] == keys[1, 0]
    assert (keys[0, 1:] != keys[1, 1:]).all()
    assert len(set(keys.ravel().tolist())) == 11


@pytest.mark.parametrize("params", [
    {"threshold": 0}, {"threshold": 1.5}, {"bands": 4}, {"bands": 20, "rows": 8},
    {"num_perm": 0}, {"ngram": 0}, {"seed": -1}, {"seed": 1 << 32},
])
def test_bad_params(params):
    with pytest.raises(ConfigError):
        MinHashDedupStage(**params)


def random_words(rng, n):
    letters = list("abcdefghijklmnopqrstuvwxyz")
    return ["".join(rng.choice(letters, 7)) for _ in range(n)]


def test_chain_across_units_and_partitions_merges_into_one_cluster(tmp_path):
    # D0 -> D1 -> ... -> D9, each a copy of the previous with 4 more words changed: neighbours
    # are ~0.87 similar, D0 and D9 only ~0.25, so only the components step can join them.
    rng = np.random.default_rng(3)
    words = random_words(rng, 300)
    chain = [" ".join(words)]
    for step in range(9):
        for pos in range(step * 32, step * 32 + 32, 8):
            words[pos] = f"edit{chr(97 + step)}{chr(97 + pos % 26)}"
        chain.append(" ".join(words))
    assert jaccard(shingles(chain[0]), shingles(chain[9])) < 0.3
    filler = [" ".join(random_words(rng, 60)) for _ in range(10)]
    texts = [t for pair in zip(filler, chain, strict=True) for t in pair]  # chain at odd rows
    tables = unit_tables(texts, units=5)
    dropped = run_stage(MinHashDedupStage(partition_rows=40), tables, str(tmp_path),
                        InlineExecutor())
    assert dropped == {f"doc-{2 * k + 1}": "doc-1" for k in range(1, 10)}


def test_tiny_and_empty_documents(tmp_path):
    texts = ["Hi there!", "hi there", "", "   ", "Bye now", "hi  there.", "bye NOW"]
    dropped = run_stage(MinHashDedupStage(), unit_tables(texts, units=2), str(tmp_path),
                        InlineExecutor())
    # Short duplicates are found; empty documents are never clustered together.
    assert dropped == {"doc-1": "doc-0", "doc-5": "doc-0", "doc-6": "doc-4"}


@pytest.fixture(scope="module")
def corpus():
    return planted_corpus(1500, dup_fraction=0.3, seed=7)


def pair_metrics(corpus, dropped, threshold=0.8):
    survivor = {i: int(dropped.get(f"doc-{i}", f"doc-{i}").split("-")[1])
                for i in range(len(corpus.texts))}
    above = [(i, j) for i, j, s in corpus.pairs if s >= threshold]
    below = [(i, j) for i, j, s in corpus.pairs if s < threshold]
    recall = np.mean([survivor[i] == survivor[j] for i, j in above])
    false_positive_rate = np.mean([survivor[i] == survivor[j] for i, j in below])
    return recall, false_positive_rate


@pytest.mark.parametrize("verify", ["none", "signature", "exact"])
def test_planted_near_duplicates(tmp_path, corpus, verify):
    tables = unit_tables(corpus.texts, units=4, langs=corpus.langs)
    stage = MinHashDedupStage(verify=verify, partition_rows=5000)
    dropped = run_stage(stage, tables, str(tmp_path), InlineExecutor(), batch_rows=200)
    recall, fpr = pair_metrics(corpus, dropped)
    truth = corpus.true_duplicates(0.8)
    removed = {int(k.split("-")[1]) for k in dropped}
    precision = len(removed & truth) / len(removed)
    doc_recall = len(removed & truth) / len(truth)
    print(f"verify={verify}: pair recall@0.8={recall:.3f} pair FPR(<0.8)={fpr:.3f} "
          f"removed precision={precision:.3f} recall={doc_recall:.3f}")
    assert recall >= 0.99
    assert doc_recall >= 0.95
    if verify != "none":
        assert precision >= 0.95
    # Survivors are the first document of their cluster.
    assert all(int(v.split("-")[1]) < int(k.split("-")[1]) for k, v in dropped.items())
