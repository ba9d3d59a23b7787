"""The invented example case shipped for doctests and tutorials (Example Borough Council)."""

from pathlib import Path

__all__ = ["example_case", "example_path"]


def example_path():
    """Folder of the invented example case shipped inside the package.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> from govnet.datasets import example_path
    >>> (example_path() / "case.yml").is_file()
    True
    """
    return Path(__file__).with_name("example")


def example_case(validate=True):
    """Load the invented example case (a fictional council; for doctests and tutorials).

    Parameters
    ----------
    validate : bool, default True

    Returns
    -------
    govnet.Case

    Examples
    --------
    >>> from govnet.datasets import example_case
    >>> case = example_case()
    >>> case.meta["synthetic"], len(case.relations) > 20
    (True, True)
    """
    from ..case import load_case

    return load_case(example_path(), validate=validate)
