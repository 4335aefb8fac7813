"""Training-ready output from a real run: trained tokenizer, token shards, mixture, packing."""

import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
from test_pipeline import run_inline, write_jsonl
from tokenizers import Tokenizer

SENTENCES = [
    "The orchard behind the school grows apples, pears and a single stubborn quince tree.",
    "Every spring the pupils prune the lower branches and paint the cuts with wax.",
    "By September the baskets fill faster than anyone can carry them to the kitchen.",
    "Old Mr Hale still keeps the ledger of every harvest since nineteen seventy-two.",
    "He swears the driest summers gave the sweetest fruit, and the ledger agrees with him.",
]


def corpus(base: Path) -> None:
    (base / "in").mkdir()
    rng = np.random.default_rng(7)
    for source, n in (("web", 40), ("books", 10)):
        rows = [{"id": f"{source}-{i}",
                 "text": " ".join(rng.permutation(SENTENCES)[: 2 + i % 4]) + f" Note {i}."}
                for i in range(n)]
        write_jsonl(base / "in" / f"{source}.jsonl", rows)


def config(base: Path, out: str) -> dict:
    return {
        "name": "train",
        "inputs": [{"format": "jsonl", "paths": ["in/web.jsonl"], "source": "web"},
                   {"format": "jsonl", "paths": ["in/books.jsonl"], "source": "books"}],
        "stages": [{"tokenize": {"train": {"kind": "bpe", "vocab_size": 400}}}],
        "output": {"path": str(base / out), "shard_tokens": 500,
                   "mixture": {"weights": {"web": 0.5, "books": 0.5}, "seed": 3},
                   "shuffle": {"seed": 11}, "pack": {"seq_len": 64}},
    }


def test_run_trains_a_tokenizer_and_writes_training_shards(tmp_path: Path):
    corpus(tmp_path)
    run_inline(tmp_path, config(tmp_path, "a"), report=True)  # the report is checked below
    out = tmp_path / "a"
    manifest = json.loads((out / "manifest.json").read_text())
    data = pq.read_table(out / "data")
    # Token totals in the manifest are the sum over shards, and shards respect the budget
    # (a shard is cut between documents).
    assert manifest["totals"]["tokens"] == sum(data.column("num_tokens").to_pylist())
    assert all(s["tokens"] <= 500 for s in manifest["shards"])
    # Mixture: books up-sampled to half the tokens, copies with derived ids.
    achieved = manifest["output"]["mixture"]["achieved"]
    assert abs(achieved["books"] - 0.5) < 0.05 and abs(achieved["web"] - 0.5) < 0.05
    assert any("@" in i for i in data.column("id").to_pylist())
    # Every web document the mixture left out is counted as a drop with its reason.
    kept_web = {i.split("@")[0] for i, s in zip(data.column("id").to_pylist(),
                                                data.column("source").to_pylist(), strict=True)
                if s == "web"}
    step = manifest["stages"][-1]
    assert step["stage"] == "mixture" and step["rows_in"] == 50
    assert step["dropped"] == {"mixture:downsampled": 40 - len(kept_web)} != {}
    assert manifest["output"]["mixture"]["dropped_by_source"] == {"web": 40 - len(kept_web)}
    assert step["rows_out"] == data.num_rows
    assert 'data-reason="mixture:downsampled"' in (out / "report.html").read_text()
    # Shuffled: sources interleave instead of coming in input order.
    sources = data.column("source").to_pylist()
    assert sources != sorted(sources, key=["web", "books"].index)
    # Decoding the token ids gives the text back, with the trained tokenizer in the run dir.
    tokenizer = Tokenizer.from_file(str(out / "tokenizer.json"))
    eos = tokenizer.token_to_id("<|endoftext|>")
    row = data.slice(0, 1).to_pylist()[0]
    assert row["token_ids"][-1] == eos
    assert tokenizer.decode(row["token_ids"][:-1]) == row["text"]
    # Packing: fixed-length rows that concatenate back to the document stream.
    packed = pq.read_table(out / "packed")
    stream = np.concatenate([np.array(t) for t in data.column("token_ids").to_pylist()])
    flat = np.concatenate([np.array(t) for t in packed.column("token_ids").to_pylist()])
    assert set(map(len, packed.column("token_ids").to_pylist())) == {64}
    assert np.array_equal(flat, stream[: len(flat)])
    assert manifest["output"]["pack"]["tokens_dropped"] == len(stream) - len(flat) < 64


def test_a_mixture_source_without_documents_is_a_warning(tmp_path: Path):
    corpus(tmp_path)
    # A source whose only file is empty: it reaches the output step without a document.
    (tmp_path / "in" / "code.jsonl").write_text("")
    spec = config(tmp_path, "a")
    spec["inputs"].append({"format": "jsonl", "paths": ["in/code.jsonl"], "source": "code"})
    spec["output"]["mixture"]["weights"]["code"] = 0.25
    run_inline(tmp_path, spec)
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    mixture = manifest["output"]["mixture"]
    assert mixture["empty_sources"] == ["code"]
    assert mixture["sources"]["code"]["tokens_out"] == 0
    assert abs(mixture["achieved"]["books"] - 0.5) < 0.05


def test_training_output_is_byte_identical_across_runs(tmp_path: Path):
    corpus(tmp_path)
    run_inline(tmp_path, config(tmp_path, "a"))
    run_inline(tmp_path, config(tmp_path, "b"))
    for name in ["tokenizer.json", *(str(p.relative_to(tmp_path / "a"))
                                     for p in (tmp_path / "a").glob("*/part-*.parquet"))]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_train_tokenizer_command_on_a_run_directory(tmp_path: Path):
    from dataprep.cli import main

    corpus(tmp_path)
    raw = config(tmp_path, "a")
    raw["stages"], raw["output"] = [], {"path": str(tmp_path / "a")}
    run_inline(tmp_path, raw)
    target = tmp_path / "tok.json"
    assert main(["train-tokenizer", "--kind", "unigram", "--vocab-size", "300",
                 "--output", str(target), str(tmp_path / "a")]) == 0
    tokenizer = Tokenizer.from_file(str(target))
    assert tokenizer.decode(tokenizer.encode(SENTENCES[0]).ids) == SENTENCES[0]
