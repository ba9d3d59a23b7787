"""Old home of the ``govnet report`` batch, now :mod:`govnet.report`; kept for scripts already written."""

from .report import (  # noqa: F401
    build_reports,
    check_parameters,
    find_notebook,
    report_main,
    run_case,
    write_index,
)

__all__ = ["build_reports", "check_parameters", "find_notebook", "run_case", "report_main",
           "write_index"]
