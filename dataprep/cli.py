"""The ``dataprep`` command line."""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import replace

from dataprep.stages import ConfigError

log = logging.getLogger("dataprep")


def _cmd_run(args: argparse.Namespace) -> int:
    from dataprep.config import load_config
    from dataprep.pipeline import build_pipeline

    config = load_config(args.config)
    if args.output:
        config = replace(config, output=replace(config.output, path=args.output))
    pipeline = build_pipeline(config)
    if args.inline:
        from dataprep.runners.inline import InlineRunner

        runner = InlineRunner()
    else:
        from dataprep.runners.ray import RayRunner

        runner = RayRunner(address=args.address)
    result = runner.run(pipeline, resume=args.resume, on_phase=log.info)
    kept = sum(s.rows for s in result.data)
    rejected = sum(s.rows for s in result.rejected)
    print(f"{config.name}: {kept} documents kept in {len(result.data)} shards, {rejected} "
          f"rejected; {result.units} input units ({result.units_skipped} resumed) -> "
          f"{result.run_dir}/manifest.json")
    if result.failed:
        for record in result.failed:
            print(f"dataprep: unit {record['unit']} ({record['path']}) failed: "
                  f"{record['error']}", file=sys.stderr)
        return 1
    return 0


def _cmd_inspect(args: argparse.Namespace) -> int:
    from dataprep.inspect import inspect_path

    print(inspect_path(args.path, rows=args.rows, reason=args.reason, lang=args.lang,
                       source=args.source))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dataprep", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log every phase")
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run a pipeline config")
    run.add_argument("config")
    run.add_argument("--output", help="output directory (overrides output.path)")
    where = run.add_mutually_exclusive_group()
    where.add_argument("--address", help="Ray cluster address (default: RAY_ADDRESS or local)")
    where.add_argument("--inline", action="store_true", help="run in this process, no Ray")
    run.add_argument("--resume", action=argparse.BooleanOptionalAction, default=False,
                     help="skip units a previous, interrupted run finished")
    run.set_defaults(handler=_cmd_run)

    inspect = commands.add_parser("inspect", help="show schema, counts and rows of shards")
    inspect.add_argument("path", help="a run directory, a shard directory or a Parquet file")
    inspect.add_argument("-n", "--rows", type=int, default=3)
    inspect.add_argument("--reason", help="only rejected rows with this drop_reason (prefix)")
    inspect.add_argument("--lang")
    inspect.add_argument("--source")
    inspect.set_defaults(handler=_cmd_inspect)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(name)s: %(message)s",
                        datefmt="%H:%M:%S")
    try:
        return args.handler(args)
    except ConfigError as exc:
        print(f"dataprep: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dataprep: interrupted; rerun with --resume to continue", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
