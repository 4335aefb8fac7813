import subprocess
import sys

import dataprep


def test_every_name_in_all_resolves():
    for name in dataprep.__all__:
        assert getattr(dataprep, name) is not None, name


def test_library_import_of_filters_does_not_import_ray():
    code = "import sys, dataprep.filters, dataprep.pii; print('ray' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
