"""Where case folders are found by default (``find_data_dir``); imported by case and validate."""

import os
from pathlib import Path

from .exceptions import ParameterError

__all__ = ["find_data_dir"]


def find_data_dir():
    """The folder of case folders: ``$GOVNET_DATA``, else ``data/cases`` found upward from the
    working directory, else the repository's ``data/cases`` beside the installed package, else
    the founding cases installed with govnet (:func:`govnet.datasets.founding_path`).

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import govnet
    >>> govnet.find_data_dir().name
    'cases'
    """
    env = os.environ.get("GOVNET_DATA")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for d in (here, *here.parents):
        if (d / "data" / "cases").is_dir():
            return d / "data" / "cases"
    repo = Path(__file__).resolve().parents[1] / "data" / "cases"
    if repo.is_dir():
        return repo
    from .datasets import founding_path

    if founding_path().is_dir():  # an installed govnet: the founding cases shipped with it
        return founding_path()
    raise ParameterError("no data/cases folder found: set GOVNET_DATA or pass data_dir")
