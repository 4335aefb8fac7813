"""A multi-node Ray cluster on one machine, for the cluster tests and the scale benchmark.

Each node is a ``ray start`` with its own ``--temp-dir``, so this cluster's processes can be told
apart from any other Ray on the machine: a node's daemons carry its temp dir on their command
line and its workers are children of its raylet. Stopping kills exactly those processes by pid
(``ray stop`` would stop every Ray on the machine).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAY = str(Path(sys.executable).with_name("ray"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command line) of every process."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue  # exited meanwhile
        # The command name in field 2 may hold spaces; the parent pid follows its ')'.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        found[int(entry)] = (ppid, cmdline.decode(errors="replace").strip())
    return found


def rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process in MiB, 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class LocalCluster:
    """``ray start --head`` plus worker nodes, each with ``num_cpus`` and its own resources."""

    def __init__(self, *, head_cpus: int = 1, dashboard: bool = True,
                 object_store_mb: int | None = None, env: dict[str, str] | None = None):
        # Short paths: Ray's Unix sockets live under the temp dir (108-byte limit).
        self.root = tempfile.mkdtemp(prefix="dpc-", dir="/tmp")
        # Ray 2.60 turns token authentication on for a head when ~/.ray/auth_token exists (any
        # earlier local ray.init writes one) but not for nodes joining it: set it explicitly.
        self.env = {**os.environ, "RAY_AUTH_MODE": "disabled", **(env or {})}
        self.object_store_mb = object_store_mb
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.dashboard_port = free_port() if dashboard else None
        self.nodes: list[str] = []
        head = [f"--port={self.port}", f"--ray-client-server-port={free_port()}",
                f"--include-dashboard={str(dashboard).lower()}"]
        if dashboard:
            head += ["--dashboard-host=127.0.0.1", f"--dashboard-port={self.dashboard_port}"]
        self._start(["--head", *head], head_cpus, None)

    @property
    def dashboard_url(self) -> str:
        return f"http://127.0.0.1:{self.dashboard_port}"

    def _start(self, args: list[str], num_cpus: int, resources: dict | None) -> str:
        temp_dir = os.path.join(self.root, f"n{len(self.nodes)}")
        os.makedirs(temp_dir)
        cmd = [RAY, "start", *args, f"--num-cpus={num_cpus}", f"--temp-dir={temp_dir}",
               "--node-ip-address=127.0.0.1",
               f"--dashboard-agent-listen-port={free_port()}", "--disable-usage-stats"]
        if resources:
            cmd.append(f"--resources={json.dumps(resources)}")
        if self.object_store_mb:
            cmd.append(f"--object-store-memory={self.object_store_mb << 20}")
        done = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
        self.nodes.append(temp_dir)
        return temp_dir

    def add_node(self, num_cpus: int = 1, resources: dict | None = None) -> str:
        """Start a worker node joining the head; returns its temp dir (its handle)."""
        return self._start([f"--address={self.address}"], num_cpus, resources)

    def pids(self, node: str) -> list[int]:
        """Daemons of ``node`` (command line names its temp dir) and all their descendants."""
        procs = _processes()
        mine = {pid for pid, (_, cmd) in procs.items() if node + "/" in cmd or cmd.endswith(node)}
        grew = True
        while grew:
            children = {pid for pid, (ppid, _) in procs.items() if ppid in mine} - mine
            mine |= children
            grew = bool(children)
        return sorted(mine)

    def busy_workers(self, node: str | None = None, task: str = "_call") -> list[int]:
        """Worker processes of ``node`` (default: every node) running a ``task`` function (Ray
        titles a worker ``ray::<function>`` while it runs one, ``ray::IDLE`` otherwise)."""
        procs = _processes()
        pids = [p for n in ([node] if node else self.nodes) for p in self.pids(n)]
        return [p for p in pids if p in procs and procs[p][1].split(" ")[0] == f"ray::{task}"]

    def kill(self, pids: list[int], sig: int = signal.SIGKILL) -> None:
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass

    def kill_node(self, node: str) -> None:
        self.kill(self.pids(node))
        self.nodes.remove(node)

    def stop(self) -> None:
        """Terminate every process of every node, then kill what is left."""
        pids = [p for n in self.nodes for p in self.pids(n)]
        self.kill(pids, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(os.path.exists(f"/proc/{p}") for p in pids):
            time.sleep(0.2)
        self.kill([p for n in self.nodes for p in self.pids(n)])
        self.nodes = []
        shutil.rmtree(self.root, ignore_errors=True)
