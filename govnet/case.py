"""Cases: loading case folders into tidy, typed DataFrames (the format is in data/README.md)."""

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from ._datadir import find_data_dir
from ._safeio import SOURCE_LIMIT, Refused, read_bytes
from .codebook import Codebook
from .exceptions import ParameterError
from .validate import TABLES, _check, _derive, _fields, _is_dir, _raise_if, _read

__all__ = ["Case", "load_case", "load_cases", "find_data_dir", "write_case"]


@dataclass
class Case:
    """One council over one period, as coded evidence.

    Attributes
    ----------
    id : str
    path : pathlib.Path
    meta : dict
        ``case.yml`` as read.
    codebook : Codebook
    sources, actors, tenures, relations, events : pandas.DataFrame
        One row per line of the CSV file, in file order; text columns are ``string`` with
        ``pd.NA`` for empty cells; every date column ``c`` keeps its source string and gains
        ``c_lo``/``c_hi``, the first and last day it stands for (NaT for an open or unknown
        end), and ``c_uncertain``, true when the date is approximate, uncertain, open or unknown
        (data/README.md, "Dates"); ``relations`` gains ``layer`` and ``actors`` gains ``tier``
        from the codebook.
    warnings : pandas.DataFrame
        Problems that do not fail validation (file, row, column, value, reason, code).
    """

    id: str
    path: Path
    meta: dict
    codebook: Codebook
    sources: pd.DataFrame
    actors: pd.DataFrame
    tenures: pd.DataFrame
    relations: pd.DataFrame
    events: pd.DataFrame
    warnings: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def graph(self, **kwargs):
        """The case's network; see :func:`govnet.case_graph` for the options."""
        from .graph import case_graph

        return case_graph(self, **kwargs)

    def __repr__(self):
        return (f"Case({self.id!r}: {len(self.actors)} actors, {len(self.relations)} relations, "
                f"{len(self.events)} events)")


def load_case(path_or_id, data_dir=None, validate=True, codebook=None):
    """Load a case folder (or a case id under ``data_dir``) into a :class:`Case`.

    Parameters
    ----------
    path_or_id : str or pathlib.Path
        A case folder, or the id of a case in ``data_dir``; ``"example"`` is the invented
        example case shipped with govnet unless ``data_dir`` has a case of that name.
    data_dir : str or pathlib.Path, optional
        Where case ids are looked up (default :func:`find_data_dir`).
    validate : bool, default True
        Check the folder and raise on errors; ``False`` only reads and types (faster).
    codebook : str or pathlib.Path, optional
        A ``codebook.yml`` used instead of those in the folders above the case (as
        ``govnet validate --codebook``; the case folder's own ``codebook.yml`` still adds).

    Returns
    -------
    Case

    Raises
    ------
    DataValidationError
        With a table of every problem (file, row, column, value, reason).

    Examples
    --------
    >>> import govnet
    >>> govnet.load_case("example").meta["synthetic"]
    True
    >>> case = govnet.load_case(govnet.datasets.example_case().path)
    >>> case.relations[["start", "start_lo", "start_hi"]].dtypes.astype(str).tolist()
    ['string', 'datetime64[ns]', 'datetime64[ns]']
    """
    p = Path(path_or_id)
    if not _is_dir(p):
        base = Path(data_dir) if data_dir else find_data_dir()
        if _is_dir(base / str(path_or_id)):
            p = base / str(path_or_id)
        elif str(path_or_id) == "example":  # the invented example shipped with govnet
            from .datasets import example_path

            p = example_path()
        else:
            known = sorted(d.name for d in base.iterdir() if d.is_dir()) if base.is_dir() else []
            raise ParameterError(f"no case {str(path_or_id)!r} (in {base}; cases there: {known})")
    p = p.resolve()
    meta, cb, tb, col = _read(p, check=validate, codebook=codebook)
    if validate and cb is not None:
        _check(p, meta, cb, tb, col)
    # with validate=False only reading problems (encoding, malformed CSV, YAML) are collected
    _raise_if(p, col.frame(), col.frame(warning=True))
    tb = _derive(cb, tb)
    return Case(id=str(meta.get("id") or p.name), path=p, meta=meta, codebook=cb,
                warnings=col.frame(warning=True), **tb)


def load_cases(data_dir=None, validate=True):
    """Load every case folder (a folder with a ``case.yml``) under ``data_dir``, sorted by id.

    Parameters
    ----------
    data_dir : str or pathlib.Path, optional
        Default :func:`find_data_dir`.
    validate : bool, default True

    Returns
    -------
    dict of str to Case

    Examples
    --------
    >>> import govnet
    >>> cases = govnet.load_cases(govnet.datasets.example_case().path.parent)
    >>> list(cases)
    ['example']
    """
    base = Path(data_dir) if data_dir else find_data_dir()
    out = {}
    for d in sorted(base.iterdir()):
        if (d / "case.yml").is_file():
            c = load_case(d, validate=validate)
            out[c.id] = c
    return out


def _unparse(df, table):
    cols = [f["name"] for f in _fields(table)]
    out = df[cols].copy()
    for f in _fields(table):
        c = f["name"]
        if f["type"] == "boolean":
            out[c] = out[c].map({True: "yes", False: "no"}, na_action="ignore")
    return out


def write_case(case, path):
    """Write a :class:`Case` as a case folder (the inverse of :func:`load_case`).

    Parameters
    ----------
    case : Case
    path : str or pathlib.Path
        The folder to write (created; files in it are replaced). Source text files
        are copied when the case has them.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, govnet
    >>> ex = govnet.datasets.example_case()
    >>> with tempfile.TemporaryDirectory() as d:
    ...     back = govnet.load_case(govnet.write_case(ex, f"{d}/example"))
    ...     back.relations["sign"].equals(ex.relations["sign"])
    True
    """
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    meta = dict(case.meta)
    meta["id"] = path.name
    (path / "case.yml").write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True),
                                   encoding="utf-8")
    for t in TABLES:
        _unparse(getattr(case, t), t).to_csv(path / f"{t}.csv", index=False, lineterminator="\n")
    home = Path(case.path).resolve()
    for rel in case.sources["file"].dropna():
        try:
            data = read_bytes(home / str(rel), home, SOURCE_LIMIT)
        except Refused:  # missing, outside the case folder or not a regular file: not copied
            continue
        dest = path / (home / str(rel)).resolve().relative_to(home)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
    return path

