"""Ray execution: one Ray task per item, results in item order.

Fault tolerance comes from two layers. Ray re-runs a task whose worker process or node died
(``max_retries``); a task's outputs are committed by rename under names fixed by its item, so a
re-run overwrites, never duplicates. Exceptions raised by the function itself are not retried:
the per-unit code already turns them into error records.

Backpressure: at most ``max_in_flight`` tasks are submitted at a time and each returns a small
record (the data goes to files), so a fast producer cannot fill the object store.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from dataprep.errors import ConfigError
from dataprep.stages import TasksFailed

T = TypeVar("T")
R = TypeVar("R")


# Re-runs of a task whose worker the memory monitor killed (Ray's default is unbounded): the
# same as ``RayExecutor``'s ``max_retries``, so a unit gets 4 attempts either way.
OOM_RETRIES = 3
# Seconds to wait for a cluster's GCS port before giving up with one line.
CONNECT_TIMEOUT = 5.0
# Ray settings of a local instance of our own: bounded OOM re-runs, and no metrics collection
# (nothing reads them without a dashboard; it saves the agent and the workers a little CPU).
LOCAL_SYSTEM_CONFIG = {"task_oom_retries": OOM_RETRIES, "enable_metrics_collection": False}


def init_ray(address: str | None = None, num_cpus: int | None = None, *,
             log_to_driver: bool = True) -> str | None:
    """Join ``address`` (or ``RAY_ADDRESS``), or start a local Ray of our own.

    Without an address a new local instance is started (``address="local"``): a cluster left
    by ``ray start`` (or its stale ``ray_current_cluster`` file) is never joined silently.
    An address that does not answer within ``CONNECT_TIMEOUT`` raises ``RayUnreachable`` with
    one line instead of Ray's endless reconnecting.

    Returns the dashboard URL when there is one (a cluster's; the local instance starts none to
    save memory). Ray's own logging is kept to warnings; ``log_to_driver`` forwards the workers'
    stdout and stderr to this terminal (the CLI turns it on with ``--verbose`` only: unit errors
    come back in the unit records anyway).
    """
    import ray

    if ray.is_initialized():
        return None
    address = address or os.environ.get("RAY_ADDRESS")
    kwargs = {"include_dashboard": False, "log_to_driver": log_to_driver,
              "logging_level": logging.WARNING}
    if address and address != "local":
        check_reachable(address)
        context = ray.init(address=address, **kwargs)
    else:
        context = ray.init(address="local", num_cpus=num_cpus,
                           _system_config=LOCAL_SYSTEM_CONFIG, **kwargs)
    return context.dashboard_url or None


def check_reachable(address: str) -> None:
    """Raise ``RayUnreachable`` unless the GCS of ``address`` (``host:port``, ``ray://...``
    or ``auto``, the cluster this machine's ``ray start`` recorded) accepts a connection."""
    target = address
    if address == "auto":
        from ray._private.utils import get_ray_address_file, read_ray_address

        # As Ray resolves "auto": RAY_ADDRESS first (set for `ray job submit` drivers, whose
        # cluster may keep its address file in another temp dir), then the address file.
        from_env = os.environ.get("RAY_ADDRESS", "")
        target = from_env if from_env not in ("", "auto") else read_ray_address()
        if not target:
            raise RayUnreachable(f"Ray address 'auto': no running cluster "
                                 f"({get_ray_address_file(None)} missing); start one with "
                                 "`ray start --head` or drop the address")
    hostport = target.split("://", 1)[-1].rsplit("/", 1)[0]
    host, _, port = hostport.rpartition(":")
    if address.startswith("ray://") or not port.isdigit():
        return  # a Ray Client address: ray.init reports its own errors
    try:
        socket.create_connection((host or "127.0.0.1", int(port)), CONNECT_TIMEOUT).close()
    except OSError as exc:
        raise RayUnreachable(f"Ray cluster at {target} (from {address!r}) does not answer: "
                             f"{exc.strerror or exc}; start it, or unset RAY_ADDRESS/--address "
                             "to run on a local Ray") from None


class RayUnreachable(ConfigError):
    """The Ray cluster to join does not answer (the address is configuration: the CLI prints
    one line and exits 2)."""


def _call(fn: Callable[[T], R], item: T) -> R:
    return fn(item)


class RayExecutor:
    """Runs each item as a Ray task, at most ``max_in_flight`` at once.

    Ray is started (or joined) once, by ``start`` or the first ``map``.

    Args:
        address: Ray cluster to join (default ``RAY_ADDRESS``, else a local Ray).
        num_cpus: CPUs of a local Ray (default: this machine's).
        num_cpus_per_task: CPUs Ray reserves per task (the scheduler never starts more tasks on
            a node than its CPUs allow).
        memory_per_task: Bytes of memory Ray reserves per task (``dataprep plan`` estimates it):
            a node then runs only as many tasks as fit in its memory. None reserves nothing.
        max_in_flight: Tasks submitted but not finished; default twice the cluster's CPUs, enough
            to keep every CPU busy while results are collected.
        max_retries: Re-runs of a task whose worker process or node died. A task that still
            fails is reported in ``TasksFailed`` after the other tasks have finished.
    """

    name = "ray"

    def __init__(self, *, address: str | None = None, num_cpus: int | None = None,
                 num_cpus_per_task: float = 1, memory_per_task: int | None = None,
                 max_in_flight: int | None = None, max_retries: int = 3):
        self.address = address
        self.num_cpus = num_cpus
        self.num_cpus_per_task = num_cpus_per_task
        self.memory_per_task = memory_per_task
        self.max_in_flight = max_in_flight
        self.max_retries = max_retries

    def start(self, *, log_to_driver: bool = True) -> str | None:
        """Start or join Ray; returns the dashboard URL when there is one."""
        return init_ray(self.address, self.num_cpus, log_to_driver=log_to_driver)

    def map(self, fn: Callable[[T], R], items: Sequence[T],
            on_result: Callable[[R], None] | None = None) -> list[R]:
        import ray

        if not ray.is_initialized():
            self.start()
        if not items:
            return []
        options: dict[str, Any] = {"num_cpus": self.num_cpus_per_task,
                                   "max_retries": self.max_retries}
        if self.memory_per_task:
            options["memory"] = self.memory_per_task
        remote_call = ray.remote(**options)(_call)
        fn_ref = ray.put(fn)  # shipped once, not with every task
        limit = self.max_in_flight or max(2, 2 * int(ray.cluster_resources().get("CPU", 2)))
        results: dict[int, R] = {}
        failures: dict[int, str] = {}
        pending: dict[ray.ObjectRef, int] = {}
        next_item = 0
        while next_item < len(items) or pending:
            while next_item < len(items) and len(pending) < limit:
                pending[remote_call.remote(fn_ref, items[next_item])] = next_item
                next_item += 1
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                index = pending.pop(ref)
                try:
                    results[index] = ray.get(ref)
                except ray.exceptions.RayTaskError:
                    raise  # an exception of ``fn`` itself, as under the inline executor
                except ray.exceptions.RayError as exc:  # worker or node lost on every attempt
                    failures[index] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
                    continue
                if on_result is not None:
                    on_result(results[index])
        if failures:
            raise TasksFailed([(items[i], failures[i]) for i in sorted(failures)],
                              [results[i] for i in sorted(results)])
        return [results[i] for i in range(len(items))]
