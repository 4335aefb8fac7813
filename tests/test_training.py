import datasets
import numpy as np
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest
from helpers import docs
from test_tokenize import CORPUS, generated_texts

from dataprep.errors import ConfigError
from dataprep.output.loader import TokenBatches
from dataprep.output.mixture import (
    MixtureCounts,
    achieved_proportions,
    apply_mixture,
    plan_mixture,
)
from dataprep.output.shaping import iter_tables, shuffle_tables, write_packed, write_token_shards
from dataprep.schema import set_column
from dataprep.tokenization.stage import TokenizeStage
from dataprep.tokenization.train import train_tokenizer

FS = pafs.LocalFileSystem()


def token_table(lengths: list[int], *, source: str = "test", start: int = 0,
                id_prefix: str = "d") -> pa.Table:
    """Documents whose tokens count up from ``start`` (so order is checkable), ending in 0."""
    ids, streams, value = [], [], start
    for i, n in enumerate(lengths):
        streams.append([*range(value, value + n - 1), 0])  # 0 plays EOS
        value += n - 1
        ids.append(f"{id_prefix}{i}")
    table = docs(*[f"text {i}" for i in range(len(lengths))], source=source)
    table = set_column(table, "id", pa.array(ids, pa.string()))
    table = set_column(table, "token_ids", pa.array(streams, pa.list_(pa.uint32())))
    return set_column(table, "num_tokens", pa.array(lengths, pa.int32()))


def write_shards(tmp_path, tables: list[pa.Table]) -> list[str]:
    paths = []
    for i, table in enumerate(tables):
        path = str(tmp_path / f"in-{i}.parquet")
        pq.write_table(table, path)
        paths.append(path)
    return paths


def read_column(paths, column="token_ids") -> list:
    return [v for p in paths for v in pq.read_table(p, columns=[column]).column(0).to_pylist()]


def test_token_shards_respect_budget_and_order(tmp_path):
    rng = np.random.default_rng(0)
    lengths = rng.integers(2, 60, size=300).tolist()
    lengths[100] = 500  # larger than a shard: alone in its own
    table = token_table(lengths)
    tables = [table.slice(s, 37) for s in range(0, table.num_rows, 37)]
    shards = write_token_shards(tables, FS, str(tmp_path), "data", shard_tokens=400)
    assert all(s.tokens <= 400 or s.rows == 1 for s in shards)
    assert any(s.tokens == 500 and s.rows == 1 for s in shards)
    paths = [str(tmp_path / s.path) for s in shards]
    assert [s.path for s in shards] == [f"data/part-{i:04d}.parquet" for i in range(len(shards))]
    assert read_column(paths, "id") == table.column("id").to_pylist()
    assert [sum(read_column([p], "num_tokens")) for p in paths] == [s.tokens for s in shards]
    assert sum(s.tokens for s in shards) == sum(lengths)
    # Full shards: the next document would not have fitted.
    for shard, nxt in zip(shards, shards[1:], strict=False):
        first_next = read_column([str(tmp_path / nxt.path)], "num_tokens")[0]
        assert shard.tokens + first_next > 400


def test_packed_sequences_concatenate_back_to_the_stream(tmp_path):
    rng = np.random.default_rng(1)
    table = token_table(rng.integers(2, 300, size=200).tolist())
    paths = write_shards(tmp_path, [table.slice(0, 70), table.slice(70)])
    shards, stats = write_packed(FS, paths, str(tmp_path / "run"), seq_len=64, shard_tokens=2048)
    stream = [t for ids in table.column("token_ids").to_pylist() for t in ids]
    packed = read_column([str(tmp_path / "run" / s.path) for s in shards])
    assert all(len(row) == 64 for row in packed)
    assert [t for row in packed for t in row] == stream[:len(packed) * 64]
    assert stats.tokens_in == len(stream)
    assert stats.tokens_dropped == len(stream) % 64 == len(stream) - len(packed) * 64
    assert stats.sequences == len(packed)
    assert all(s.tokens <= 2048 for s in shards) and len(shards) > 1
    assert {s.path.split("/")[0] for s in shards} == {"packed"}


def mixture_corpus(tmp_path) -> list[str]:
    """Three sources of very different sizes and document lengths, spread over files."""
    rng = np.random.default_rng(2)
    web = token_table(rng.integers(20, 400, size=3000).tolist(), source="web", id_prefix="w")
    books = token_table(rng.integers(2000, 6000, size=40).tolist(), source="books",
                        id_prefix="b")
    dialogue = token_table(rng.integers(5, 60, size=500).tolist(), source="dialogue",
                           id_prefix="c")
    mixed = pa.concat_tables([web.slice(0, 1500), books, dialogue, web.slice(1500)])
    return write_shards(tmp_path, [mixed.slice(s, 1000) for s in range(0, mixed.num_rows, 1000)])


def test_mixture_reaches_the_weights(tmp_path):
    paths = mixture_corpus(tmp_path)
    weights = {"web": 0.7, "books": 0.2, "dialogue": 0.1}
    plan = plan_mixture(FS, paths, weights, seed=3)
    # web is down-sampled, dialogue up-sampled (repeated whole, plus part of a copy).
    assert plan["web"].tokens_out < plan["web"].tokens_in
    assert plan["dialogue"].repeats >= 1
    out = [apply_mixture(t, plan, seed=3) for t in iter_tables(FS, paths)]
    mixed = pa.concat_tables(out)
    tokens = {s: 0 for s in weights}
    for source, n in zip(mixed.column("source").to_pylist(),
                         mixed.column("num_tokens").to_pylist(), strict=True):
        tokens[source] += n
    total = sum(tokens.values())
    for source, weight in weights.items():
        assert abs(tokens[source] / total - weight) < 0.01
        assert tokens[source] == plan[source].tokens_out
    assert achieved_proportions(plan) == pytest.approx({s: tokens[s] / total for s in weights})
    ids = mixed.column("id").to_pylist()
    assert len(set(ids)) == len(ids)
    assert any(i.endswith("@1") for i in ids)
    # Deterministic for a seed, different for another.
    assert plan_mixture(FS, paths, weights, seed=3) == plan
    assert plan_mixture(FS, paths, weights, seed=4)["web"].cutoff != plan["web"].cutoff


def test_mixture_needs_a_weight_per_source(tmp_path):
    paths = mixture_corpus(tmp_path)
    with pytest.raises(ConfigError, match="no weight for source"):
        plan_mixture(FS, paths, {"web": 0.5, "books": 0.5})



def test_a_weighted_source_without_documents_is_a_warning(tmp_path, caplog):
    paths = mixture_corpus(tmp_path)
    weights = {"web": 0.7, "books": 0.2, "dialogue": 0.1}
    with caplog.at_level("WARNING", logger="dataprep"):
        plan = plan_mixture(FS, paths, {**weights, "code": 0.5}, seed=3)
    assert "no documents of source(s) code" in caplog.text
    assert plan["code"].tokens_in == plan["code"].tokens_out == 0
    # The sources with documents share the output as their weights say among themselves.
    assert plan == {**plan_mixture(FS, paths, weights, seed=3), "code": plan["code"]}


def test_mixture_counts_every_document_it_drops(tmp_path):
    paths = mixture_corpus(tmp_path)
    plan = plan_mixture(FS, paths, {"web": 0.7, "books": 0.2, "dialogue": 0.1}, seed=3)
    counts = MixtureCounts()
    tables = list(iter_tables(FS, paths))
    out = pa.concat_tables([apply_mixture(t, plan, seed=3, counts=counts) for t in tables])
    rows_in = sum(t.num_rows for t in tables)
    kept_ids = {i.split("@")[0] for i in out.column("id").to_pylist()}
    dropped = [r for t in tables for r in t.select(["id", "source"]).to_pylist()
               if r["id"] not in kept_ids]
    assert counts.rows_in == rows_in and counts.rows_out == out.num_rows
    assert dropped and counts.dropped_by_source == {"web": len(dropped)}
    assert counts.step()["dropped"] == {"mixture:downsampled": len(dropped)}
    assert rows_in - len(dropped) == len(kept_ids)


def test_shuffle_is_deterministic_and_bucket_independent(tmp_path):
    table = token_table([3] * 2000)
    tables = [table.slice(s, 300) for s in range(0, 2000, 300)]

    def order(seed, buckets, work):
        out = shuffle_tables(iter(tables), FS, str(tmp_path / work), seed=seed,
                             buckets=buckets, batch_rows=256)
        return [i for t in out for i in t.column("id").to_pylist()]

    first = order(7, 1, "a")
    assert first == order(7, 1, "b") == order(7, 5, "c")
    assert sorted(first) == sorted(table.column("id").to_pylist())
    assert first != table.column("id").to_pylist()
    assert order(8, 1, "d") != first
    assert list((tmp_path / "c").iterdir()) == []  # bucket files are removed once read


@pytest.fixture(scope="module")
def packed_run(tmp_path_factory):
    """Generated text, tokenized by the stage, sharded by tokens and packed."""
    root = tmp_path_factory.mktemp("run")
    tokenizer = root / "tokenizer.json"
    train_tokenizer(CORPUS, kind="bpe", vocab_size=400).save(str(tokenizer))
    stage = TokenizeStage(str(tokenizer))
    texts = generated_texts(400, seed=5)
    tables = [stage(docs(*texts[s:s + 100])) for s in range(0, 400, 100)]
    data = write_token_shards(tables, FS, str(root), "data", shard_tokens=3000)
    shards, stats = write_packed(FS, [str(root / s.path) for s in data], str(root),
                                 seq_len=32, shard_tokens=1024)
    stream = [t for tb in tables for ids in tb.column("token_ids").to_pylist() for t in ids]
    return root, data, shards, stats, stream


def test_read_with_plain_pyarrow(packed_run):
    root, data, shards, stats, stream = packed_run
    table = pq.read_table(root / "packed")  # the whole directory, no dataprep code
    assert table.num_rows == stats.sequences == sum(s.rows for s in shards)
    rows = table.column("token_ids").to_numpy(zero_copy_only=False)
    assert np.concatenate(rows).tolist() == stream[:stats.sequences * 32]
    documents = pq.read_table(root / "data", columns=["id", "num_tokens"])
    assert sum(documents.column("num_tokens").to_pylist()) == sum(s.tokens for s in data)


def test_read_with_huggingface_datasets(packed_run, tmp_path):
    root, data, shards, stats, stream = packed_run
    packed = datasets.load_dataset(
        "parquet", data_files=sorted(str(root / s.path) for s in shards), split="train",
        cache_dir=str(tmp_path / "hf"))
    assert packed.num_rows == stats.sequences
    assert packed[0]["token_ids"] == stream[:32]
    documents = datasets.load_dataset(
        "parquet", data_files=str(root / "data" / "*.parquet"), split="train",
        cache_dir=str(tmp_path / "hf"))
    assert sum(documents["num_tokens"]) == len(stream)
    assert documents[0]["text"] == generated_texts(400, seed=5)[0]


def test_batch_iterator(packed_run):
    root, data, shards, stats, stream = packed_run
    paths = [str(root / s.path) for s in shards]
    batches = list(TokenBatches(paths, seq_len=32, batch_size=8))
    assert all(b.shape == (8, 32) and b.dtype == np.int64 for b in batches)
    assert len(batches) == stats.sequences // 8
    assert np.concatenate(batches).reshape(-1).tolist() == stream[:len(batches) * 8 * 32]
    # On document shards it packs on the fly, with the same result.
    from_documents = list(TokenBatches([str(root / s.path) for s in data], seq_len=32,
                                       batch_size=8))
    assert all(np.array_equal(a, b) for a, b in zip(batches, from_documents, strict=True))
    # Two ranks read disjoint files.
    halves = [list(TokenBatches(paths, seq_len=32, batch_size=4, rank=r, world_size=2))
              for r in (0, 1)]
    seen = [tuple(row) for half in halves for b in half for row in b.tolist()]
    assert len(seen) == len(set(seen)) > 0
