"""Ids unique per run (F14): an id that several units share keeps it in one of them only.

``readers.rows.unique_ids`` makes ids unique inside a unit as it is read. This corpus-wide step
does the rest, once, right after phase 0 (before any dedup, so its ``duplicate_of`` names the
final ids):

1. each unit collects the ``id`` (and ``meta.input_id`` of a row renamed in the unit) of the
   rows phase 0 kept, in their order (``collect_ids``; ``unit.py`` writes the file);
2. the ids are shuffled by their *root*, the id without trailing ``#r<k>`` suffixes, so every
   name a rename could produce meets the ids it could collide with in one partition. There
   one row of each shared id keeps it: one with the input's own id before one renamed in its
   unit, then the first by (unit, row). The others, in (unit, row) order, become
   ``<base>#r<k>``, ``base`` being the input's own id, with the smallest ``k`` no id of the
   run has: the within-unit scheme continued across units;
3. per unit with renames, the rows are renamed in place where phase 0 left them (the unit's
   file for the next phase or the output step, or only its ``data/`` shards that hold a
   renamed row, its marker updated with their new sizes and checksums), and in the collected
   file of the corpus-wide stage that ends phase 0 (its ``id`` column).

Renaming is positional and sets values, so a task retried or redone after a crash writes the
same bytes; the step's marker (``_work/unique_ids/decided.json``) is written last.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from xxhash import xxh3_64_intdigest

from dataprep.dedup.shuffle import (
    Shuffle,
    ShuffleTask,
    collected_unit,
    hash_partition,
    node_ids,
    partition_count,
    read_columns,
    read_partition,
    row_of,
    run_starts,
    unit_of,
    write_partitioned,
)
from dataprep.io.shards import PARQUET_OPTIONS, ROW_GROUP_ROWS, ShardInfo, file_sha256
from dataprep.readers.rows import UNIQUE_IDS_STEP as STEP
from dataprep.schema import set_column

if TYPE_CHECKING:
    from dataprep.pipeline import Phase
    from dataprep.readers import Unit
    from dataprep.rundir import RunDir
    from dataprep.stages import Executor

# Rows per shuffle partition: a rename task holds one partition of ids (~100 B per row).
PARTITION_ROWS = 4_000_000
_SUFFIXES = "(#r[0-9]+)+$"  # every rename suffix at the end of an id


def _roots(ids: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    return pc.replace_substring_regex(ids, _SUFFIXES, "")


def _scatter_ids(task: ShuffleTask) -> int:
    """Map side: (node, id, input_id) rows of some units, partitioned by the id's root."""
    tables = []
    for path in task.inputs:
        table = read_columns(path, ["id", "input_id"])
        tables.append(table.add_column(0, "node", pa.array(
            node_ids(collected_unit(path), table.num_rows))))
    table = pa.concat_tables(tables)
    keys = np.fromiter((xxh3_64_intdigest(r.encode("utf-8", "surrogatepass"))
                        for r in _roots(table.column("id")).to_pylist()),
                       np.uint64, table.num_rows)
    return write_partitioned(table, hash_partition(keys, task.num_parts), task.output)


def _new_names(bases: list[str], taken: set[str]) -> list[str]:
    """``<base>#r<k>`` for each base in order, ``k`` the smallest not in ``taken`` (updated)."""
    names, next_k = [], {}
    for base in bases:
        k = next_k.get(base, 1)
        while f"{base}#r{k}" in taken:
            k += 1
        names.append(f"{base}#r{k}")
        taken.add(names[-1])
        next_k[base] = k + 1
    return names


def _rename_partition(task: ShuffleTask) -> int:
    """Reduce side: new names for every occurrence of an id after its first, by unit of row."""
    table = read_partition(task.inputs, task.part, ["node", "id", "input_id"])
    nodes = table.column("node").to_numpy()
    codes = pc.dictionary_encode(table.column("id").combine_chunks()).indices.to_numpy()
    # Who keeps a shared id: a row with the input's own id before one renamed in its unit
    # (whose name was chosen without seeing the other units), then the first by (unit, row).
    renamed_in_unit = table.column("input_id").is_valid().to_numpy(zero_copy_only=False)
    order = np.lexsort((nodes, renamed_in_unit, codes))
    later = np.zeros(len(nodes), dtype=bool)
    later[order] = ~run_starts(codes[order])
    renamed = np.flatnonzero(later)
    renamed = renamed[np.argsort(nodes[renamed], kind="stable")]  # names follow (unit, row)
    ids = table.column("id")
    bases = pc.coalesce(table.column("input_id").take(pa.array(renamed)),
                        ids.take(pa.array(renamed)))
    taken: set[str] = set()
    if len(renamed):  # a new name can only equal an id of the same root: all are here
        taken.update(ids.filter(pc.is_in(_roots(ids), value_set=pc.unique(_roots(bases))))
                     .to_pylist())
    out = pa.table({"node": pa.array(nodes[renamed], pa.int64()),
                    "id": pa.array(_new_names(bases.to_pylist(), taken), pa.string()),
                    "input_id": bases.cast(pa.string())})
    write_partitioned(out, unit_of(nodes[renamed]), task.output)
    return len(renamed)


def _rename_table(renames: pa.Table, rows: np.ndarray, table: pa.Table) -> pa.Table:
    """``table`` with row ``rows[i]`` named ``renames["id"][i]``, its input's id in its meta."""
    new_ids = table.column("id").to_pylist()
    metas = table.column("meta").to_pylist()
    for row, new_id, input_id in zip(rows.tolist(), renames.column("id").to_pylist(),
                                     renames.column("input_id").to_pylist(), strict=True):
        new_ids[row] = new_id
        meta = json.loads(metas[row]) if metas[row] else {}
        metas[row] = json.dumps({**meta, "input_id": input_id}, ensure_ascii=False,
                                sort_keys=True)
    table = set_column(table, "id", pa.array(new_ids, table.schema.field("id").type))
    return set_column(table, "meta", pa.array(metas, table.schema.field("meta").type))


def _rewrite(run_dir: RunDir, path: str, edit: Callable[[pa.Table], pa.Table]) -> None:
    """Replace the Parquet file ``path`` by ``edit`` of its table, atomically."""
    with run_dir.fs.open_input_file(path) as f:
        table = edit(pq.read_table(f))
    run_dir.write_table(path, table, row_group_size=ROW_GROUP_ROWS, **PARQUET_OPTIONS)


def _rename_data_shards(run_dir: RunDir, unit: int, renames: pa.Table, rows: np.ndarray
                        ) -> None:
    """Rewrite the unit's ``data/`` shards that hold a renamed row; update its marker."""
    record = run_dir.unit_record(0, unit)
    shards, start = [], 0
    for shard in record["data"]:
        end = start + shard["rows"]
        inside = np.flatnonzero((rows >= start) & (rows < end))
        if len(inside):
            path = run_dir.join(shard["path"])
            _rewrite(run_dir, path, partial(_rename_table, renames.take(pa.array(inside)),
                                            rows[inside] - start))
            info = run_dir.fs.get_file_info(path)
            shard = ShardInfo(shard["path"], shard["rows"], info.size,
                              file_sha256(run_dir.fs, path), shard["tokens"]).to_dict()
        shards.append(shard)
        start = end
    run_dir.commit_unit(0, unit, {**record, "data": shards})


def _rename_unit(run_dir: RunDir, to_data: bool, collected_by: str | None,
                 task: ShuffleTask) -> int:
    """Apply one unit's renames where phase 0 left its rows (see the module docstring)."""
    renames = read_partition(task.inputs, task.part, ["node", "id", "input_id"])
    if not renames.num_rows:
        return 0
    rows = row_of(renames.column("node").to_numpy())
    if to_data:
        _rename_data_shards(run_dir, task.part, renames, rows)
    else:
        _rewrite(run_dir, run_dir.unit_file(0, task.part),
                 partial(_rename_table, renames, rows))
    if collected_by:
        _rename_collected(run_dir, run_dir.collected_file(collected_by, task.part), renames,
                          rows)
    return renames.num_rows


def _rename_collected(run_dir: RunDir, path: str, renames: pa.Table, rows: np.ndarray) -> None:
    """The ``id`` column of what the next corpus-wide stage collected (one row per document,
    in order, when it has one), so its decisions (``duplicate_of``) name the new ids."""
    if not run_dir.exists(path):
        return
    with run_dir.fs.open_input_file(path) as f:
        if "id" not in pq.ParquetFile(f).schema_arrow.names:
            return
    order = np.argsort(rows, kind="stable")
    new_ids = renames.column("id").take(pa.array(order)).combine_chunks()

    def edit(table: pa.Table) -> pa.Table:
        mask = pa.array(np.isin(np.arange(table.num_rows), rows))
        return set_column(table, "id", pc.replace_with_mask(
            table.column("id").combine_chunks(), mask, new_ids))

    _rewrite(run_dir, path, edit)


def make_ids_unique(phase: Phase, units: Sequence[Unit], run_dir: RunDir, executor: Executor,
                    on_message: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run the step after phase 0 (once: a committed step is not redone); returns its record,
    ``renamed`` counting the ids renamed across units and ``renamed_in_units`` those that
    ``readers.rows.unique_ids`` renamed in the rows phase 0 kept."""
    done = run_dir.step_record(STEP)
    if done is not None:
        return done
    collected = run_dir.existing([run_dir.collected_file(STEP, u.index) for u in units])
    if on_message:
        on_message(f"{STEP}: ids of {len(collected)} units")
    started = time.perf_counter()
    renamed = 0
    if collected:
        work_dir = run_dir.uri_of(run_dir.stage_dir(STEP))
        uris = [run_dir.uri_of(p) for p in collected]
        with Shuffle(work_dir, executor, uris) as shuffle:
            parts = partition_count(shuffle.documents, PARTITION_ROWS)
            scattered = shuffle.scatter("scatter", _scatter_ids, parts, rows_per_doc=1,
                                        partition_rows=PARTITION_ROWS)
            names = shuffle.per_partition("names", _rename_partition, scattered, parts)
            apply = partial(_rename_unit, run_dir, phase.kept_to == "data",
                            phase.end.name if phase.end else None)
            renamed = sum(shuffle.per_unit("rename", apply, names).results)
    record = {"stage": STEP, "units": len(units), "renamed": renamed,
              "renamed_in_units": _renamed_in_units(run_dir, collected),
              "seconds": time.perf_counter() - started}
    run_dir.commit_step(STEP, record)
    return record


def _renamed_in_units(run_dir: RunDir, collected: Sequence[str]) -> int:
    return sum(pc.count(read_columns(run_dir.uri_of(p), ["input_id"]).column(0)).as_py()
               for p in collected)
