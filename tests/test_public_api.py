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


def test_a_library_run_does_not_import_matplotlib(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "one document"}\n')
    code = (
        "import sys\n"
        "from dataprep import Pipeline, run_pipeline\n"
        "def short(text: str) -> str | None:\n"
        "    return 'short' if len(text) < 5 else None\n"
        "p = Pipeline(inputs=[{'format': 'jsonl', 'paths': ['a.jsonl']}], stages=[short],\n"
        "             output='out')\n"
        "r = run_pipeline(p)\n"
        "print(r.stats['short'].rows_out, 'matplotlib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, check=True)
    assert out.stdout.split() == ["1", "False"]
    assert not (tmp_path / "out" / "manifest.json").exists()  # the caller's business


def test_python_dataprep_cli_runs_as_a_script():
    # dataprep/inspect.py used to shadow the stdlib when dataprep/ was sys.path[0].
    from pathlib import Path

    cli = Path(dataprep.__file__).parent / "cli.py"
    out = subprocess.run([sys.executable, str(cli), "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "usage: dataprep" in out.stdout
