"""The command line's help: every command and option explained, defaults shown, exit codes."""

import argparse
import subprocess
import sys

import pytest

from govnet.cli import _build_parser, main
from govnet.report.params import _inspect, find_notebook


def _subparsers(parser):
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def test_top_level_help_has_description_examples_and_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert text.splitlines()[2].startswith("govnet: signed networks")
    assert "examples:" in text and "exit status:" in text
    for code in ("0  success", "1  the data has errors", "2  the command could not run"):
        assert code in text
    for command in _subparsers(_build_parser()):
        assert f"  {command} " in text or f"\n    {command}" in text, command


@pytest.mark.parametrize("command", sorted(_subparsers(_build_parser())))
def test_every_option_has_help_and_shows_its_default(command):
    sub = _subparsers(_build_parser())[command]
    text = sub.format_help()
    assert sub.description
    for action in sub._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        assert action.help, f"{command} {action.dest} has no help"
        if action.required or action.default is False:
            continue
        flat = " ".join(text.split())
        default = f"(default: {action.default})" if action.default not in (None, []) else ""
        assert default in flat or "default:" in action.help, (command, action.dest)


def test_list_params_prints_every_parameter_with_type_and_default(capsys):
    notebook = find_notebook("tests/notebooks/tiny_case.ipynb")
    assert main(["report", "--list-params", "--notebook", str(notebook)]) == 0
    out = capsys.readouterr().out
    params = _inspect(notebook)
    assert params
    for name, spec in params.items():
        assert f"  {name}" in out and f"= {spec['default']}" in out


def test_python_dash_m_govnet_is_the_command_line():
    out = subprocess.run([sys.executable, "-m", "govnet", "--version"], capture_output=True,
                         text=True)
    assert out.returncode == 0 and out.stdout.strip()


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "usage: govnet" in capsys.readouterr().out
