"""The govnet exception tree: every error the library raises on purpose derives from GovnetError."""

__all__ = [
    "GovnetError",
    "DataValidationError",
    "GraphConventionError",
    "ParameterError",
    "ReportError",
]


def _blank(x):
    """True for an empty cell of a problem table: None, NaN, ``pd.NA`` or ``""``."""
    import pandas as pd

    return x is None or bool(pd.isna(x)) or x == ""


class GovnetError(Exception):
    """Base class of every error govnet raises on purpose."""


class DataValidationError(GovnetError, ValueError):
    """A case folder breaks the data format.

    Carries ``problems``, a DataFrame with columns file, row, column, value,
    reason (row is the 1-based line number in the file, header = line 1), and
    ``warnings``, a DataFrame of the same shape for problems that do not fail.
    """

    def __init__(self, problems, warnings=None, path=None):
        self.problems = problems
        self.warnings = warnings
        self.path = path
        super().__init__(self._message())

    def _message(self):
        n = len(self.problems)
        where = f" in {self.path}" if self.path else ""
        lines = [f"{n} problem{'s' if n != 1 else ''} found{where}:"]
        for rec in self.problems.head(50).itertuples(index=False):
            row = "" if _blank(rec.row) else f":{rec.row}"
            col = "" if _blank(rec.column) else f" [{rec.column}]"
            val = "" if _blank(rec.value) else f" {rec.value!r}"
            lines.append(f"  {rec.file}{row}{col}{val}: {rec.reason}")
        if n > 50:
            lines.append(f"  ... and {n - 50} more (see .problems)")
        return "\n".join(lines)

    def _repr_html_(self):  # readable in a notebook
        from html import escape

        head = escape(self._message().split("\n", 1)[0])
        html = f"<p><b>{head}</b></p>" + self.problems.to_html(index=False, na_rep="")
        if self.warnings is not None and len(self.warnings):
            html += (f"<p>{len(self.warnings)} warning(s):</p>"
                     + self.warnings.to_html(index=False, na_rep=""))
        return html


class GraphConventionError(GovnetError, ValueError):
    """A graph does not follow govnet's graph convention (see ``govnet.signed``)."""


class ParameterError(GovnetError, ValueError):
    """An argument has a value the function cannot use."""


class ReportError(GovnetError, RuntimeError):
    """A report run could not be set up or completed."""
