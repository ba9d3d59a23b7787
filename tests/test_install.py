"""A non-editable ``pip install .`` into a clean virtual environment works for a user.

The wheel carries the report notebooks and the founding cases; the commands are run from a
folder outside the repository, so nothing is found in the source tree. Building the venv takes
about a minute with pip's cache warm (longer on a cold cache: pip fetches from the index).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    where = tmp_path_factory.mktemp("install")
    env_dir = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    pip = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet",
                          str(ROOT)], capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr[-3000:]
    return env_dir


def _run(venv, *args, cwd):
    env = {k: v for k, v in os.environ.items()
           if k not in ("GOVNET_DATA", "GOVNET_NOTEBOOKS", "PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)


def test_installed_package_has_notebooks_and_founding_cases(venv, tmp_path):
    code = ("import govnet, govnet.report as r; "
            "print(r.find_notebook().parent.parent.name, r.find_notebook('cross_case.ipynb').name);"
            " print(list(govnet.datasets.founding_cases())); print(govnet.find_data_dir().name);"
            " print(govnet.load_case('example').id, govnet.load_case('southampton').id)")
    out = _run(venv, str(venv / "bin" / "python"), "-c", code, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "govnet cross_case.ipynb",  # found inside the installed package
        "['waltham-forest', 'southampton', 'tower-hamlets']",
        "founding",
        "example southampton",
    ]


def test_python_dash_m_govnet_and_list_params(venv, tmp_path):
    out = _run(venv, str(venv / "bin" / "python"), "-m", "govnet", "--help", cwd=tmp_path)
    assert out.returncode == 0 and "exit status:" in out.stdout
    out = _run(venv, "govnet", "report", "--list-params", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "case_id" in out.stdout and "site-packages/govnet/notebooks" in out.stdout


def test_report_on_a_users_own_case_and_init(venv, tmp_path):
    data = tmp_path / "my-data"
    make = ("import govnet; govnet.write_case(govnet.datasets.example_case(), "
            f"{str(data / 'my-town')!r})")
    assert _run(venv, str(venv / "bin" / "python"), "-c", make, cwd=tmp_path).returncode == 0
    out = _run(venv, "govnet", "report", "my-town", "--data", str(data), "--out",
               str(tmp_path / "site"), "-j", "1", cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert (tmp_path / "site" / "my-town" / "report.html").is_file()
    assert (tmp_path / "site" / "index.html").is_file()
    out = _run(venv, "govnet", "init", "new-council", "--data", str(data), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert (data / "new-council" / "case.yml").is_file()
