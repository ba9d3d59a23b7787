"""Frictionless data packages: a case folder described by its ``datapackage.json``."""

import csv
import json
from pathlib import Path

from .case import load_case
from .exceptions import ParameterError
from .validate import TABLES, _fields, _schema

__all__ = ["datapackage", "write_datapackage"]

#: table -> [(column, table it refers to)]; every reference is to that table's ``id``.
_FOREIGN_KEYS = {
    "tenures": [("actor", "actors"), ("post", "actors"), ("source_id", "sources")],
    "relations": [("source", "actors"), ("target", "actors"), ("reported_by", "actors"),
                  ("source_id", "sources")],
    "events": [("source_id", "sources")],
}


def _header_and_lists(path):
    """The CSV's header, and the columns where some cell holds a ``;``-separated list."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f)
        header = [c.strip() for c in next(rows, [])]
        lists = {header[i] for row in rows for i, cell in enumerate(row[:len(header)])
                 if ";" in cell}
    return header, lists


def _resource(folder, table):
    """The tabular-data-resource of one table: govnet's schema for the columns it has."""
    header, lists = _header_and_lists(folder / f"{table}.csv")
    known = {f["name"]: f for f in _fields(table)}
    schema = {
        "fields": [known.get(c, {"name": c, "type": "string"}) for c in header],
        "missingValues": [""],
    }
    if "id" in header:
        schema["primaryKey"] = _schema(table).get("primaryKey", "id")
    keys = [
        {"fields": col, "reference": {"resource": ref, "fields": "id"}}
        for col, ref in _FOREIGN_KEYS.get(table, [])
        if col in header and col not in lists  # a list of ids cannot be a foreign key
    ]
    if keys:
        schema["foreignKeys"] = keys
    return {"name": table, "path": f"{table}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema}


def datapackage(path_or_id, data_dir=None):
    """The Frictionless data package descriptor of a case folder.

    The five tables with govnet's schemas (``govnet/schemas``), their primary keys and the
    foreign keys: relations' ``source``, ``target`` and ``reported_by`` and tenures' ``actor``
    and ``post`` to actors, every ``source_id`` to sources. A column in which some cell lists
    several ids (``s1;s2``) gets no foreign key, as Frictionless cannot check a list.

    Parameters
    ----------
    path_or_id : str or pathlib.Path
        A case folder, or a case id in ``data_dir``.
    data_dir : str or pathlib.Path, optional
        As for :func:`govnet.load_case`.

    Returns
    -------
    dict

    References
    ----------
    Frictionless Data, *Data Package* and *Table Schema* specifications (v1),
    https://specs.frictionlessdata.io/

    Examples
    --------
    >>> import govnet
    >>> dp = govnet.datapackage(govnet.datasets.example_path())
    >>> [r["name"] for r in dp["resources"]]
    ['sources', 'actors', 'tenures', 'relations', 'events']
    >>> dp["resources"][3]["schema"]["foreignKeys"][0]
    {'fields': 'source', 'reference': {'resource': 'actors', 'fields': 'id'}}
    """
    return _descriptor(load_case(path_or_id, data_dir=data_dir, validate=False))


def _descriptor(case):
    meta = case.meta
    missing = [t for t in TABLES if not (case.path / f"{t}.csv").is_file()]
    if missing:
        raise ParameterError(f"{case.path}: no {', '.join(f'{t}.csv' for t in missing)}")
    package = {"profile": "tabular-data-package", "name": case.id}
    for key, value in (("title", meta.get("title")), ("description", meta.get("summary"))):
        if value:
            package[key] = str(value)
    if meta.get("licence"):
        package["licenses"] = [{"name": str(meta["licence"])}]
    package["resources"] = [_resource(case.path, t) for t in TABLES]
    return package


def write_datapackage(path_or_id, data_dir=None):
    """Write ``datapackage.json`` into a case folder (see :func:`datapackage`).

    Parameters
    ----------
    path_or_id, data_dir
        As for :func:`datapackage`.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import json, shutil, tempfile, govnet
    >>> with tempfile.TemporaryDirectory() as d:
    ...     folder = shutil.copytree(govnet.datasets.example_path(), f"{d}/example")
    ...     path = govnet.write_datapackage(folder)
    ...     json.loads(path.read_text())["name"]
    'example'
    """
    case = load_case(path_or_id, data_dir=data_dir, validate=False)
    out = Path(case.path) / "datapackage.json"
    text = json.dumps(_descriptor(case), indent=2, ensure_ascii=False) + "\n"
    tmp = out.with_name(".datapackage.json.partial")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    return out
