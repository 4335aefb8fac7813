"""The ``dataprep`` command line."""

from __future__ import annotations

import argparse
import errno
import logging
import sys
from contextlib import nullcontext
from dataclasses import replace

from tqdm.contrib.logging import logging_redirect_tqdm

from dataprep.errors import ConfigError

log = logging.getLogger("dataprep")
# Libraries that log per document (trafilatura on every page it cannot parse): the outcome is
# already counted as a drop reason, so their lines only show with --verbose.
PER_DOCUMENT_LOGGERS = ("trafilatura", "htmldate", "courlan")


def _progress(args: argparse.Namespace, run_dir: str):
    """Bars for the inline runner on a terminal, log lines otherwise, nothing with --quiet."""
    from dataprep.progress import Progress

    if args.quiet:
        return None
    return Progress(bars=args.inline and sys.stderr.isatty(), run_dir=run_dir)


def _executor(args: argparse.Namespace):
    if args.inline:
        from dataprep.runners.inline import InlineExecutor

        return InlineExecutor()
    from dataprep.runners.ray import RayExecutor

    executor = RayExecutor(address=args.address, num_cpus_per_task=args.cpus_per_task,
                           memory_per_task=args.memory_per_task << 20
                           if args.memory_per_task else None,
                           max_retries=args.max_retries)
    # Started here, before the run, to show where the dashboard is.
    dashboard = executor.start(log_to_driver=args.verbose)
    if dashboard:
        log.info("Ray dashboard: %s", dashboard)
    return executor


def _cmd_run(args: argparse.Namespace) -> int:
    from dataprep.config import load_config
    from dataprep.io.manifest import write_run_manifest
    from dataprep.pipeline import Pipeline
    from dataprep.report import build_report
    from dataprep.run import run_pipeline

    config = load_config(args.config)
    if args.output is not None:
        if not args.output:
            raise ConfigError("--output: empty path")
        config = replace(config, output=replace(config.output, path=args.output))
    pipeline = Pipeline.from_config(config)
    executor = _executor(args)
    progress = _progress(args, config.output.path)
    callbacks = {"on_phase": progress.on_phase, "on_unit": progress.on_unit} if progress \
        else {}

    def write_manifest_and_report(result) -> None:
        # Still under the run lock: a second run into the directory is refused until both
        # are written.
        write_run_manifest(result, pipeline, executor.name)
        build_report(result.run_dir)

    with logging_redirect_tqdm() if progress and progress.bars else nullcontext():
        try:
            result = run_pipeline(pipeline, executor, resume=args.resume,
                                  on_finish=write_manifest_and_report, **callbacks)
        finally:
            if progress:
                progress.close()
    kept = sum(s.rows for s in result.data)
    rejected = sum(s.rows for s in result.rejected)
    print(f"{config.name}: {kept} documents kept in {len(result.data)} shards, {rejected} "
          f"rejected; {result.units} input units ({result.units_skipped} resumed) -> "
          f"{result.run_dir}/manifest.json, report.html")
    if result.failed:
        for record in result.failed:
            print(f"dataprep: unit {record['unit']} ({record['path']}) failed: "
                  f"{record['error']}", file=sys.stderr)
        return 1
    return 0


def _cmd_plan(args: argparse.Namespace) -> int:
    from dataprep.plan import plan_main

    return plan_main(args)


def _cmd_report(args: argparse.Namespace) -> int:
    from dataprep.io.fs import exists, fs_and_path, join
    from dataprep.report import build_report

    fs, root = fs_and_path(args.run_dir)
    if not exists(fs, join(root, "manifest.json")):
        raise ConfigError(f"{args.run_dir}: no manifest.json (not a finished run directory)")
    print(build_report(args.run_dir))
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    from dataprep.diff import diff_runs, format_diff

    print(format_diff(diff_runs(args.run_a, args.run_b), max_ids=args.ids))
    return 0


def _cmd_inspect(args: argparse.Namespace) -> int:
    from dataprep.shard_view import inspect_path

    print(inspect_path(args.path, rows=args.rows, reason=args.reason, lang=args.lang,
                       source=args.source))
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from dataprep.config_schema import schema_main

    return schema_main(args.markdown)


def _add_verbosity(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("-v", "--verbose", action="store_true", default=default,
                        help="log every unit, and Ray workers' output")
    parser.add_argument("-q", "--quiet", action="store_true", default=default,
                        help="no progress, only warnings and errors")


def _add_run_parser(commands: argparse._SubParsersAction,
                    common: argparse.ArgumentParser) -> None:
    run = commands.add_parser("run", help="run a pipeline config", parents=[common])
    run.add_argument("config")
    run.add_argument("--output", help="output directory (overrides output.path)")
    where = run.add_mutually_exclusive_group()
    where.add_argument("--address", help="Ray cluster address (default: RAY_ADDRESS or local)")
    where.add_argument("--inline", action="store_true", help="run in this process, no Ray")
    run.add_argument("--resume", action=argparse.BooleanOptionalAction, default=False,
                     help="skip units a previous, interrupted run finished")
    run.add_argument("--cpus-per-task", type=float, default=1, help="CPUs Ray reserves per task")
    run.add_argument("--memory-per-task", type=int, metavar="MIB",
                     help="memory Ray reserves per task (see dataprep plan)")
    run.add_argument("--max-retries", type=int, default=3,
                     help="re-runs of a task whose worker or node died")
    run.set_defaults(handler=_cmd_run)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dataprep", description=__doc__)
    _add_verbosity(parser, False)
    # Also accepted after the command; SUPPRESS keeps a flag given before it.
    common = argparse.ArgumentParser(add_help=False)
    _add_verbosity(common, argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True)

    _add_run_parser(commands, common)

    plan = commands.add_parser("plan", parents=[common],
                               help="estimate documents, tokens, memory, disk and time of a run")
    plan.add_argument("config")
    plan.add_argument("--workers", type=int,
                      help="worker CPUs of the cluster (default: this machine's)")
    plan.add_argument("--sample-mb", type=float, default=64,
                      help="input the pilot runs on (whole units, at least one)")
    plan.add_argument("--json", action="store_true", help="print the estimates as JSON")
    plan.set_defaults(handler=_cmd_plan)

    report = commands.add_parser("report", help="(re)build RUN_DIR/report.html",
                                 parents=[common])
    report.add_argument("run_dir")
    report.set_defaults(handler=_cmd_report)

    inspect = commands.add_parser("inspect", help="show schema, counts and rows of shards",
                                  parents=[common])
    inspect.add_argument("path", help="a run directory, a shard directory or a Parquet file")
    inspect.add_argument("-n", "--rows", type=int, default=3)
    inspect.add_argument("--reason", help="only rejected rows with this drop_reason (prefix)")
    inspect.add_argument("--lang")
    inspect.add_argument("--source")
    inspect.set_defaults(handler=_cmd_inspect)

    diff = commands.add_parser("diff", help="compare the counts and ids of two runs",
                               parents=[common])
    diff.add_argument("run_a")
    diff.add_argument("run_b")
    diff.add_argument("--ids", type=int, default=20, help="ids listed per kind of move")
    diff.set_defaults(handler=_cmd_diff)

    schema = commands.add_parser("schema", parents=[common],
                                 help="print the JSON Schema of pipeline configs")
    schema.add_argument("--markdown", action="store_true",
                        help="print the option reference (docs/config.md) instead")
    schema.set_defaults(handler=_cmd_schema)

    # Listed here for --help; main() hands its arguments to train_tokenizer_cli unparsed.
    commands.add_parser("train-tokenizer", add_help=False,
                        help="train a BPE/WordPiece/Unigram/SentencePiece tokenizer (see --help)")
    commands.add_parser("extend-tokenizer", add_help=False,
                        help="add tokens that are never split to a tokenizer (see --help)")
    commands.add_parser("train-quality-classifier", add_help=False,
                        help="train a fastText quality classifier (see --help)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["train-tokenizer"]:
        from dataprep.tokenization.train import train_tokenizer_cli

        return train_tokenizer_cli(argv[1:])
    if argv[:1] == ["extend-tokenizer"]:
        from dataprep.tokenization.extend import extend_tokenizer_cli

        return extend_tokenizer_cli(argv[1:])
    if argv[:1] == ["train-quality-classifier"]:
        from dataprep.filters.train_classifier import train_quality_classifier_cli

        return train_quality_classifier_cli(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s",
                        datefmt="%H:%M:%S")
    # Only our logger follows -v: DEBUG of every library (pyarrow, fsspec, Ray) is noise.
    log.setLevel(level)
    for name in PER_DOCUMENT_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING if args.verbose else logging.CRITICAL)
    try:
        return args.handler(args)
    except ConfigError as exc:
        print(f"dataprep: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dataprep: interrupted; rerun with --resume to continue", file=sys.stderr)
        return 130
    except OSError as exc:
        if exc.errno != errno.ENOSPC and "No space left" not in str(exc):
            raise
        where = f" writing {exc.filename}" if exc.filename else ""
        print(f"dataprep: error: no space left on the device{where}; free space and rerun "
              "with --resume", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
