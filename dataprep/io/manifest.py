"""The run manifest: config, versions, per-stage counts and every shard with its checksum."""

from __future__ import annotations

import platform
from importlib import metadata
from typing import Any

from dataprep.io.fs import fs_and_path, join, write_json_atomic

VERSIONED_PACKAGES = ("dataprep", "pyarrow", "ray", "datasketch", "trafilatura",
                      "fasttext-community", "tokenizers", "warcio", "numpy")


def package_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in VERSIONED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def build_manifest(result: Any, config: Any, stage_order: list[str], runner: str) -> dict:
    """Everything a user or a later job needs to trust and reuse the run's output."""
    stages = [{"stage": name, **result.stats[name].to_dict()}
              for name in ["read", *stage_order] if name in result.stats]
    # The output step's mixture drops documents too (counted, not kept in rejected/).
    mixture = (result.output or {}).get("mixture", {})
    if "step" in mixture:
        stages.append(mixture["step"])
    return {
        "name": config.name,
        "runner": runner,
        "config": config.raw,
        "versions": package_versions(),
        "units": result.units,
        "units_failed": [{k: r[k] for k in ("unit", "path", "error")} for r in result.failed],
        "stages": stages,
        "totals": {
            "documents": sum(s.rows for s in result.data),
            "rejected": sum(s.rows for s in result.rejected),
            "tokens": sum(s.tokens for s in result.data),
            "bytes": sum(s.bytes for s in result.data),
        },
        # Summed task seconds per stage and the largest worker RSS: these vary run to run.
        "timing": {"stage_seconds": result.seconds,
                   "global_step_seconds": result.global_seconds,
                   "max_worker_rss_mb": result.max_rss_mb},
        # Throttling/5xx answers of a remote output filesystem that a repeat got past.
        "io_retries": getattr(result, "io_retries", {}),
        # Repeated input ids given a `<id>#r<k>` name (the input's id is in meta.input_id).
        "ids_renamed": getattr(result, "ids_renamed", {}),
        "shards": [s.to_dict() for s in result.data],
        # Mixture proportions and packing (with the `packed/` shards), when configured.
        "output": result.output,
        "rejected_shards": [s.to_dict() for s in result.rejected],
    }


def write_manifest(run_dir: str, manifest: dict) -> str:
    fs, path = fs_and_path(run_dir)
    target = join(path, "manifest.json")
    write_json_atomic(fs, target, manifest)
    return target


def write_run_manifest(result: Any, pipeline: Any, runner: str) -> str:
    """Write ``manifest.json`` of a finished ``run_pipeline`` into its run directory."""
    manifest = build_manifest(result, pipeline.config, pipeline.stage_names, runner)
    return write_manifest(result.run_dir, manifest)
