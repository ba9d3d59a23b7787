"""The project's setup files agree with each other and with the README."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement):
    """Package name of a requirement string, normalised ("PyYAML>=6" -> "pyyaml")."""
    name = re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0]
    return name.lower().replace("_", "-")


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_environment_yml_lists_the_same_runtime_packages_as_pyproject():
    runtime = {_name(r) for r in _pyproject()["project"]["dependencies"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "conda-forge" in env["channels"]
    conda, pip_section = set(), None
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_section = dep["pip"]
        else:
            conda.add(_name(dep))
    conda -= {"python", "pip"}
    # packages not verified on conda-forge come from PyPI in the pip section, before govnet
    assert pip_section[-1] == "-e ."
    from_pip = {_name(d) for d in pip_section[:-1]}
    assert not conda & from_pip
    listed = conda | from_pip
    assert listed == runtime, (
        f"only in environment.yml: {sorted(listed - runtime)}; "
        f"only in pyproject.toml: {sorted(runtime - listed)}"
    )


def test_environment_yml_pins_match_pyproject():
    pins = {_name(r): r.strip() for r in _pyproject()["project"]["dependencies"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    deps = [d for d in env["dependencies"] if isinstance(d, str)]
    deps += [d for d in env["dependencies"] if isinstance(d, dict) for d in d["pip"]]
    for dep in deps:
        if _name(dep) in pins:
            assert dep.replace(" ", "") == pins[_name(dep)].replace(" ", ""), dep


def test_readme_names_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make reports" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [ln for ln in ci.splitlines() if ln.strip() and not ln.startswith(("#", "set ", "cd "))]
    assert commands == ["make test"]


def test_every_runtime_dependency_is_explained_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").lower()
    for req in _pyproject()["project"]["dependencies"]:
        assert f"`{_name(req)}`" in readme, f"README does not say why {_name(req)} is a dependency"


def test_the_one_codebook_ships_in_the_wheel():
    # govnet/data/codebook.yml is the only shipped codebook (data/codebook.yml, if a user adds
    # one, only extends it): it must be package data
    import fnmatch

    patterns = _pyproject()["tool"]["setuptools"]["package-data"]["govnet"]
    assert any(fnmatch.fnmatch("data/codebook.yml", p) for p in patterns)
    assert (ROOT / "govnet" / "data" / "codebook.yml").is_file()


def test_flat_api_table_matches_each_module_all():
    """govnet imports its names lazily from a table; the table is each submodule's __all__."""
    import importlib

    import govnet

    for module in set(govnet._EXPORTS.values()):
        names = set(importlib.import_module(f"govnet.{module}").__all__)
        assert names == {n for n, m in govnet._EXPORTS.items() if m == module}, module
    assert callable(govnet.camps)  # a function, though govnet.camps is also a module's name
    assert govnet.frustration_index.__module__ == "govnet.frustration"


def test_import_govnet_is_cheap():
    """`govnet report` starts its kernels before the scientific stack is imported."""
    code = "import sys, govnet; print(sorted(m for m in ('pandas', 'scipy', 'networkx', " \
           "'matplotlib') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
