"""Tables for reading: no index column, missing values as a dash, numbers aligned and rounded."""

from __future__ import annotations

import html
import math
import numbers

import numpy as np
import pandas as pd

from ..exceptions import ParameterError
from ._assets import MISSING

__all__ = ["MAX_ROWS", "render_table", "format_value"]

#: Rows a table shows before it is cut, with a note and a link to the full CSV.
MAX_ROWS = 200
#: Tables with more rows than this get the sort and search controls by default.
_INTERACTIVE_ROWS = 10


def _missing(x):
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    return isinstance(x, float) and math.isnan(x)


def format_value(x, precision=None):
    """A cell as text: missing as "—", numbers with thousands separators, dates as ISO dates.

    Parameters
    ----------
    x : object
        The value.
    precision : int, optional
        Decimals of a non-integer number; default none for a whole number, else 2.

    Returns
    -------
    str
        Plain text (not yet HTML-escaped).

    Examples
    --------
    >>> [format_value(v) for v in (None, float("nan"), 3.0, 0.12345, True, "a", -2)]
    ['—', '—', '3', '0.12', 'yes', 'a', '-2']
    >>> format_value(pd.Timestamp("2023-05-06")), format_value(1234567.891), format_value(3.0, 2)
    ('2023-05-06', '1,234,567.89', '3.00')
    """
    if _missing(x):
        return MISSING
    if isinstance(x, (bool, np.bool_)):
        return "yes" if x else "no"
    if isinstance(x, pd.Timestamp):
        return x.strftime("%Y-%m-%d") if x == x.normalize() else x.isoformat(sep=" ")
    if isinstance(x, numbers.Integral):
        return f"{int(x):,}"
    if isinstance(x, numbers.Real):
        if math.isinf(x):
            return "∞" if x > 0 else "−∞"
        if precision is None:
            precision = 0 if float(x).is_integer() else 2
        return f"{x:,.{precision}f}"
    if isinstance(x, (list, tuple, set, frozenset)):
        return "; ".join(format_value(v, precision) for v in x) or MISSING
    return str(x)


def _is_numeric(s):
    """Whether a column holds numbers (not booleans): right-aligned and sorted as numbers."""
    return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)


def _digits(s, precision):
    """Decimals for a number column: none when every value is whole, else ``precision``."""
    values = pd.to_numeric(s, errors="coerce").dropna().astype(float)
    return 0 if (values == values.round()).all() else precision


def _sort_key(x):
    """The ``data-value`` a number cell is sorted by (empty for a missing value)."""
    return "" if _missing(x) else repr(float(x))


def _visible(df):
    """The table as shown: a named or non-integer index becomes columns, a row number goes."""
    if not isinstance(df, pd.DataFrame):
        raise ParameterError(f"render_table expects a pandas DataFrame, got {type(df).__name__}")
    named = any(n is not None for n in df.index.names)
    return df.reset_index() if named or not pd.api.types.is_integer_dtype(df.index) else df


def _table_shell(head, rows, *, caption=None, interactive=False, table_id=None, note=None):
    """A ``<table>`` from header cells and body rows that are already HTML (internal).

    ``head`` is a list of ``(text, numeric)``; ``rows`` a list of ``(row_id or None, cells)``
    where each cell is ``(html, numeric, sort_value or None)``. The sort and search controls are
    added in the page by ``static/tables.js`` to tables with ``data-sortable``.
    """
    attrs = ' class="gv-table"'
    if table_id:
        attrs += f' id="{html.escape(table_id)}"'
    if interactive:
        attrs += " data-sortable"
    out = [f"<table{attrs}>"]
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    ths = "".join(f'<th scope="col" class="{"num" if num else "text"}">{html.escape(str(text))}</th>'
                  for text, num in head)
    out.append(f"<thead><tr>{ths}</tr></thead><tbody>")
    for row_id, cells in rows:
        rid = f' id="{html.escape(row_id)}"' if row_id else ""
        tds = "".join(
            f'<td class="{"num" if num else "text"}"'
            + (f' data-value="{key}"' if key is not None else "") + f">{cell}</td>"
            for cell, num, key in cells
        )
        out.append(f"<tr{rid}>{tds}</tr>")
    out.append("</tbody></table>")
    if note:
        out.append(f'<p class="gv-table-note">{note}</p>')
    return "\n".join(out)


def render_table(df, *, caption=None, max_rows=MAX_ROWS, csv_href=None, interactive=None,
                 precision=2, table_id=None):
    """A DataFrame as an HTML table for reading.

    An unnamed integer index (0, 1, 2... or what is left of it after filtering) is dropped; a
    named or non-integer index is shown as the first columns. Missing values show as "—". A
    column of whole numbers shows no decimals, any other number column ``precision`` decimals
    in every row; number columns are right-aligned (class ``num``) and carry their value in
    ``data-value`` so that they sort as numbers, text is left-aligned (class ``text``). Every value is HTML-escaped: text from the data never becomes
    markup. A table longer than ``max_rows`` shows its first ``max_rows`` rows and a note saying
    so, with a link to the full CSV when ``csv_href`` is given.

    Parameters
    ----------
    df : pandas.DataFrame
    caption : str, optional
        Text of the table's ``<caption>``.
    max_rows : int or None
        Rows shown at most (None: all).
    csv_href : str, optional
        Relative link to the full table as CSV (e.g. ``"tables/actors.csv"``).
    interactive : bool, optional
        Add sort and search controls (``data-sortable``; the page's script does the rest).
        Default: when the table has more than 10 rows.
    precision : int
        Decimals of numbers that are not whole.
    table_id : str, optional
        The table's ``id``.

    Returns
    -------
    str
        HTML: a ``<table class="gv-table">`` and, when cut, a ``<p class="gv-table-note">``.

    Examples
    --------
    >>> df = pd.DataFrame({"actor": ["<b>Ann</b>", "Bob"], "degree": [2.0, None]})
    >>> print(render_table(df, interactive=False))  # doctest: +NORMALIZE_WHITESPACE
    <table class="gv-table">
    <thead><tr><th scope="col" class="text">actor</th><th scope="col" class="num">degree</th></tr></thead><tbody>
    <tr><td class="text">&lt;b&gt;Ann&lt;/b&gt;</td><td class="num" data-value="2.0">2</td></tr>
    <tr><td class="text">Bob</td><td class="num" data-value="">—</td></tr>
    </tbody></table>
    """
    if max_rows is not None and (not isinstance(max_rows, numbers.Integral) or max_rows < 1):
        raise ParameterError(f"max_rows={max_rows!r} must be a positive integer or None")
    df = _visible(df)
    total = len(df)
    shown = df if max_rows is None else df.iloc[:max_rows]
    columns = [df.iloc[:, i] for i in range(df.shape[1])]  # by position: names may repeat
    numeric = [_is_numeric(c) for c in columns]
    digits = [_digits(c, precision) if num else None
              for c, num in zip(columns, numeric, strict=True)]
    head = [(format_value(c) if not isinstance(c, tuple) else " / ".join(map(str, c)), num)
            for c, num in zip(df.columns, numeric, strict=True)]
    rows = []
    for values in shown.itertuples(index=False, name=None):
        cells = [(html.escape(format_value(x, dp), quote=False), num, _sort_key(x) if num else None)
                 for x, num, dp in zip(values, numeric, digits, strict=True)]
        rows.append((None, cells))
    note = None
    if len(shown) < total:
        note = f"Showing the first {len(shown):,} of {total:,} rows."
        if csv_href:
            note += f' The full table: <a href="{html.escape(csv_href)}">{html.escape(csv_href)}</a>.'
    if interactive is None:
        interactive = len(shown) > _INTERACTIVE_ROWS
    return _table_shell(head, rows, caption=caption, interactive=interactive, table_id=table_id,
                       note=note)
