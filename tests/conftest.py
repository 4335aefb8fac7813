import sys
from pathlib import Path

import pytest

# Make `tests.helpers` importable as `helpers` from every test directory.
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def report_run(tmp_path_factory) -> Path:
    """The four-stage run of ``test_report.make_run``: its report and its shards are read by
    test_report and test_inspect, which share it (only test_report rewrites its report.html,
    to the same bytes)."""
    from test_report import make_run

    return make_run(tmp_path_factory.mktemp("report"))
