"""The three founding cases, shipped with the package as a regression suite and teaching data."""

from pathlib import Path

__all__ = ["FOUNDING_CASES", "founding_path", "founding_cases"]

#: Ids of the founding cases, in the order of the README.
FOUNDING_CASES = ("waltham-forest", "southampton", "tower-hamlets")


def founding_path():
    """Folder holding the founding case folders.

    The copy installed with govnet (``govnet/datasets/founding``), or in a source checkout the
    repository's ``data/cases`` (which may hold other cases too).

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> from govnet.datasets import founding_path
    >>> (founding_path() / "southampton" / "case.yml").is_file()
    True
    """
    installed = Path(__file__).with_name("founding")
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "data" / "cases"


def founding_cases(validate=True):
    """Load the three founding cases (Waltham Forest, Southampton, Tower Hamlets).

    Parameters
    ----------
    validate : bool, default True

    Returns
    -------
    dict of str to govnet.Case
        In the order of :data:`FOUNDING_CASES`.

    Examples
    --------
    >>> from govnet.datasets import founding_cases
    >>> list(founding_cases(validate=False))
    ['waltham-forest', 'southampton', 'tower-hamlets']
    """
    from ..case import load_case

    return {cid: load_case(founding_path() / cid, validate=validate) for cid in FOUNDING_CASES}
