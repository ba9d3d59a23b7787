"""The report notebooks: finding them, reading their parameters cell, checking ``-p`` values."""

import ast
import functools
import os
from pathlib import Path

from ..exceptions import ReportError

__all__ = ["CASE_NOTEBOOK", "CROSS_NOTEBOOK", "find_notebook", "check_parameters"]


CASE_NOTEBOOK = "case_study.ipynb"


CROSS_NOTEBOOK = "cross_case.ipynb"


#: Parameters ``govnet report`` sets itself for every case; ``-p`` cannot override them.
_RESERVED = ("case_id", "data_dir", "output_dir", "show_code")


_TYPES = {"int": int, "float": float, "str": str, "bool": bool, "list": list, "dict": dict,
          "tuple": tuple}


def find_notebook(name=CASE_NOTEBOOK):
    """Locate a report notebook by file name.

    Looks in ``$GOVNET_NOTEBOOKS``, then ``notebooks/`` in the current folder and its parents,
    then the ``notebooks/`` folder of the source tree govnet was installed from, then the
    copy installed inside the package.

    Parameters
    ----------
    name : str
        File name such as ``"case_study.ipynb"``, or a path to an existing notebook.

    Returns
    -------
    pathlib.Path
        Absolute path of the notebook.

    Raises
    ------
    ReportError
        When no such notebook exists.

    Examples
    --------
    >>> find_notebook("no-such.ipynb")
    Traceback (most recent call last):
    ...
    govnet.exceptions.ReportError: notebook 'no-such.ipynb' not found (looked in ...)
    """
    given = Path(name)
    if given.is_file():
        return given.resolve()
    places = []
    if os.environ.get("GOVNET_NOTEBOOKS"):
        places.append(Path(os.environ["GOVNET_NOTEBOOKS"]))
    here = Path.cwd()
    places += [p / "notebooks" for p in (here, *here.parents)]
    package = Path(__file__).resolve().parents[1]
    places.append(package.parent / "notebooks")
    places.append(package / "notebooks")  # installed with the wheel
    for place in places:
        if (place / name).is_file():
            return (place / name).resolve()
    raise ReportError(f"notebook {name!r} not found (looked in ... {places[-1]})")


def _parameters_cell(notebook):
    """Names declared in the ``parameters`` cell, read with ``ast`` (name -> papermill-like spec)."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            lines = cell.source.splitlines()
            specs = {}
            for node in ast.parse(cell.source).body:
                target = node.targets[0] if isinstance(node, ast.Assign) else getattr(
                    node, "target", None)
                if not isinstance(target, ast.Name) or getattr(node, "value", None) is None:
                    continue
                comment = lines[node.end_lineno - 1].partition("#")[2].strip()
                specs[target.id] = {
                    "name": target.id,
                    "inferred_type_name": ast.unparse(node.annotation)
                    if isinstance(node, ast.AnnAssign) else "None",
                    "default": ast.get_source_segment(cell.source, node.value),
                    "help": comment,
                }
            return specs
    return {}


def _inspect(notebook):
    """The notebook's parameters: ``papermill.inspect_notebook``, completed from the cell itself.

    Papermill's line parser gives up on some lines (``data_dir = ""  # comment``); those names
    are read from the parameters cell with ``ast`` so that they are not reported as unknown.
    Read once per process and notebook version (every case of a batch asks).
    """
    try:
        stat = Path(notebook).stat()
    except OSError as exc:
        raise ReportError(f"cannot read the parameters of {notebook}: {exc}") from exc
    found = _inspect_cached(str(notebook), stat.st_mtime_ns, stat.st_size)
    return {name: dict(spec) for name, spec in found.items()}


@functools.lru_cache(maxsize=8)
def _inspect_cached(notebook, _mtime, _size):
    import logging

    import papermill

    logger = logging.getLogger("papermill")
    level = logger.level
    logger.setLevel(logging.ERROR)  # silence "Unable to parse line"; we parse those ourselves
    try:
        found = dict(papermill.inspect_notebook(str(notebook)))
        parsed = _parameters_cell(notebook)
    except Exception as exc:  # noqa: BLE001 - papermill and nbformat raise many kinds
        raise ReportError(f"cannot read the parameters of {notebook}: {exc}") from exc
    finally:
        logger.setLevel(level)
    for name, spec in parsed.items():
        found.setdefault(name, spec)
    return {name: found[name] for name in sorted(found, key=lambda n: list(parsed).index(n)
                                                 if n in parsed else len(parsed))}


def _expected_type(spec):
    name = (spec.get("inferred_type_name") or "None").strip()
    name = name.removeprefix("Optional[").removesuffix("]").split("[")[0].lower()
    if name in _TYPES:
        return _TYPES[name]
    try:
        default = ast.literal_eval(spec.get("default") or "None")
    except (ValueError, SyntaxError):
        return None
    return None if default is None else type(default)


def _describe(params):
    return ", ".join(
        f"{name}={spec.get('default')}"
        + (f" ({spec['inferred_type_name']})" if spec.get("inferred_type_name") not in (None, "None")
           else "")
        for name, spec in params.items()
    )


def _convert(value, expected):
    """Turn a command-line string into ``expected``; return a sentinel on failure."""
    if expected is None or isinstance(value, expected) and not (
        expected is int and isinstance(value, bool)
    ):
        if isinstance(value, str) and expected is None:
            try:  # untyped parameter: numbers, booleans, lists as papermill's -y would read them
                import yaml

                return yaml.safe_load(value) if value.strip() else value
            except Exception:  # noqa: BLE001
                return value
        return value
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if expected is bool:
            low = text.lower()
            if low in ("true", "yes", "1"):
                return True
            if low in ("false", "no", "0"):
                return False
            return _BAD
        if expected in (int, float):
            try:
                return expected(text)
            except ValueError:
                return _BAD
        if expected in (list, tuple) and not text.startswith("["):
            parsed = [part.strip() for part in text.split(",") if part.strip()]
            return tuple(parsed) if expected is tuple else parsed
        if expected in (list, dict, tuple):
            import yaml

            try:
                parsed = yaml.safe_load(text)
            except Exception:  # noqa: BLE001
                return _BAD
            if expected is tuple and isinstance(parsed, list):
                parsed = tuple(parsed)
            return parsed if isinstance(parsed, expected) else _BAD
    return _BAD


_BAD = object()


def check_parameters(notebook, parameters, reserved=_RESERVED):
    """Check parameters against the notebook's parameters cell and convert their types.

    Papermill only warns about a parameter the notebook does not declare; ``govnet report``
    refuses it, and refuses a value whose type differs from the declared default's (strings
    from the command line are converted first: ``seed=7`` becomes ``7`` for an int parameter).

    Parameters
    ----------
    notebook : str or pathlib.Path
        The notebook, read with ``papermill.inspect_notebook``.
    parameters : dict
        Name to value (strings from the command line, or Python values).
    reserved : tuple of str
        Names govnet sets itself; passing them is an error.

    Returns
    -------
    dict
        The parameters with converted values.

    Raises
    ------
    ReportError
        Naming the bad parameter and listing the notebook's parameters; also for a ``seed``
        below 0 and a ``dates`` entry that is not a partial date (every case would fail).

    Examples
    --------
    >>> nb = find_notebook("tests/notebooks/tiny_case.ipynb")
    >>> check_parameters(nb, {"seed": "7"})
    {'seed': 7}
    >>> check_parameters(nb, {"colour": "red"})
    Traceback (most recent call last):
    ...
    govnet.exceptions.ReportError: unknown parameter 'colour' for tiny_case.ipynb; its parameters are: ...
    """
    declared = _inspect(notebook)
    name_of = Path(notebook).name
    out = {}
    for name, value in sorted(parameters.items()):
        if name in reserved:
            raise ReportError(
                f"parameter {name!r} is set by govnet report itself; "
                f"the parameters of {name_of} are: {_describe(declared)}"
            )
        if name not in declared:
            raise ReportError(
                f"unknown parameter {name!r} for {name_of}; its parameters are: "
                f"{_describe(declared)}"
            )
        expected = _expected_type(declared[name])
        converted = _convert(value, expected)
        if converted is _BAD:
            raise ReportError(
                f"parameter {name!r} expects {expected.__name__}, got {value!r}; "
                f"the parameters of {name_of} are: {_describe(declared)}"
            )
        out[name] = converted
    _check_values(out)
    return out


def _check_values(parameters):
    """Refuse values every case would fail on: a negative or fractional ``seed``, bad ``dates``.

    Dates are read by :func:`govnet.parse_partial_date`, as the case-study notebook reads them.
    """
    from ..dates import parse_partial_date
    from ..exceptions import ParameterError

    seed = parameters.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise ReportError(f"parameter 'seed' must be a whole number of at least 0, got {seed!r}")
    dates = parameters.get("dates")
    for date in dates if isinstance(dates, list | tuple) else [] if dates is None else [dates]:
        if date in ("eras", "years", "YS"):  # results.snapshots: the case's eras, calendar years
            continue
        try:
            parse_partial_date(date if hasattr(date, "year") else str(date))
        except ParameterError as exc:
            raise ReportError(f"parameter 'dates': {exc}") from None


def _literal(text):
    try:
        ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError):
        return False
    return True
