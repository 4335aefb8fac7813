"""Build ``dataprep/resources/fineweb2_filters.json`` from FineWeb-2's per-language configs.

Reads ``{iso639-3}_{script}.yml`` files (github.com/huggingface/fineweb-2, ``configs/``,
Apache-2.0) and keeps the configs that a ``lid.176`` label maps to
(``dataprep.filters.lid176.LID176_TO_FINEWEB2``), unchanged, plus a ``fallback`` rule set for a
language without its own config: the median of every threshold over the kept configs (the
lid.176 languages; the median over all 1,929 would be that of low-resource languages whose
data is mostly Bible translations, e.g. a top-2-gram threshold of 0.87).

    python benchmarks/build_fineweb2_table.py /work/shared/reference/fineweb2-configs
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path

import yaml

from dataprep.filters.lid176 import LID176_TO_FINEWEB2

SCALARS = ("dup_line_frac", "language_score", "line_punct_thr", "max_avg_word_length",
           "max_non_alpha_words_ratio", "min_avg_word_length", "new_line_ratio")
NGRAMS = ("dup_n_grams", "top_n_grams")
OUTPUT = Path(__file__).resolve().parents[1] / "dataprep" / "resources" / "fineweb2_filters.json"


def read_configs(config_dir: Path) -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted(config_dir.glob("*_*.yml"))}


def compact(config: dict) -> dict:
    """The keys dataprep uses, n-gram thresholds as ``[[n, value], ...]``."""
    out = {key: config[key] for key in SCALARS}
    out.update({key: [[int(n), float(v)] for n, v in config[key]] for key in NGRAMS})
    out["stopwords"] = [str(w) for w in config["stopwords"] or []]
    return out


def fallback(configs: dict[str, dict]) -> dict:
    """Median of each threshold over ``configs`` (n-gram thresholds per n); no stop words."""
    out = {key: round(statistics.median(c[key] for c in configs.values()), 3)
           for key in SCALARS}
    for key in NGRAMS:
        sizes = [n for n, _ in next(iter(configs.values()))[key]]
        out[key] = [[n, round(statistics.median(dict(c[key])[n] for c in configs.values()), 3)]
                    for n in sizes]
    out["stopwords"] = []
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config_dir", type=Path)
    args = parser.parse_args()
    configs = read_configs(args.config_dir)
    commit = (args.config_dir / "COMMIT").read_text().split()[0]
    used = sorted({name for name in LID176_TO_FINEWEB2.values() if name is not None})
    missing = [name for name in used if name not in configs]
    if missing:
        raise SystemExit(f"no FineWeb-2 config for: {', '.join(missing)}")
    lines = [
        "{",
        f'"source": "github.com/huggingface/fineweb-2 configs/ at commit {commit}, '
        'Apache License 2.0",',
        f'"configs_read": {len(configs)},',
        f'"fallback": {json.dumps(fallback({n: configs[n] for n in used}), sort_keys=True)},',
        '"configs": {',
        ",\n".join(f"{json.dumps(name)}: "
                   f"{json.dumps(compact(configs[name]), ensure_ascii=False, sort_keys=True)}"
                   for name in used),
        "}}",
    ]
    tmp = OUTPUT.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, OUTPUT)
    print(f"{OUTPUT}: {len(used)} configs of {len(configs)}")


if __name__ == "__main__":
    main()
