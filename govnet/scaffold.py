"""Scaffolding: a new, empty case folder with the tables' headers and a case.yml to fill in."""

import re
from pathlib import Path

from .exceptions import ParameterError

__all__ = ["init_case"]

_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
_RESERVED = {"index.html", "cross-case", "example"}

_CASE_YML = """\
# The case: see data/README.md ("case.yml") for every key. `govnet validate` lists the keys
# still empty; fill them in as you code the case.
id: {case_id}
title:      # a human title, e.g. "Example Borough, 2021-23: the leader-chief executive rift"
council:    # the council's official name
period:     # {{start: 2021, end: 2023}} (partial dates allowed)
summary:    # a paragraph for the reader: what happened, coded from which documents
coders: []  # the ids or names the `coder` column of relations.csv uses
licence: CC-BY-4.0
codebook_version: "{version}"
"""

_README = """\
# {case_id}: next steps

This folder was made by `govnet init {case_id}`. Until you fill it in, `govnet validate`
reports the empty keys of `case.yml` (title, council, period, summary, coders) and nothing else.

1. Fill in `case.yml` (the keys are explained in the data format, `data/README.md`).
2. List each document in `sources.csv`; where the licence allows, save its text as
   `sources/<id>.txt` and set `file`, so that every quote is checked against it.
3. Add the actors (`actors.csv`): persons, posts, groups, external bodies; give posts their
   holders and groups their members in `tenures.csv`.
4. Code each observation as a row of `relations.csv`, with its quote, locator and reporter,
   following the coding rules in `data/CODEBOOK.md`; add dated events to `events.csv`.
5. Run `govnet validate {folder}` until it reports no errors, then `govnet report {case_id}`.

The invented example case (`govnet.datasets.example_path()`) shows a complete folder.
"""


def init_case(case_id, data_dir="data/cases"):
    """Create an empty case folder: the five tables' headers, a case.yml and a README.

    Parameters
    ----------
    case_id : str
        The new case's id and folder name: lower-case letters, digits and hyphens.
    data_dir : str or pathlib.Path, default "data/cases"
        The folder of case folders (created when missing).

    Returns
    -------
    pathlib.Path
        The new case folder. Validating it gives only ``missing-value`` errors for the
        ``case.yml`` keys a person has to fill in (title, council, period, summary, coders).

    Raises
    ------
    ParameterError
        When the id is not a valid folder name or the folder already exists.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     folder = init_case("my-council", data_dir=d)
    ...     sorted(p.name for p in folder.iterdir())
    ...     (folder / "tenures.csv").read_text().split(",")[:3]
    ['README.md', 'actors.csv', 'case.yml', 'events.csv', 'relations.csv', 'sources', 'sources.csv', 'tenures.csv']
    ['id', 'actor', 'post']
    """
    from .codebook import load_codebook
    from .validate import TABLES, _fields

    case_id = str(case_id)
    if not _ID.fullmatch(case_id) or case_id in _RESERVED:
        raise ParameterError(f"case id {case_id!r}: use lower-case letters, digits and hyphens "
                             f"(not {', '.join(sorted(_RESERVED))})")
    folder = Path(data_dir) / case_id
    if folder.exists():
        raise ParameterError(f"{folder} already exists: choose another id or --data")
    (folder / "sources").mkdir(parents=True)
    for table in TABLES:
        header = ",".join(f["name"] for f in _fields(table))
        (folder / f"{table}.csv").write_text(header + "\n", encoding="utf-8")
    (folder / "case.yml").write_text(
        _CASE_YML.format(case_id=case_id, version=load_codebook().version), encoding="utf-8")
    (folder / "README.md").write_text(_README.format(case_id=case_id, folder=folder),
                                      encoding="utf-8")
    return folder
