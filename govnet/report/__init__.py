"""Case-study reports: the results, prose and files of a case study, and the ``govnet report`` batch.

Names are imported on first use, as in :mod:`govnet`: ``govnet report`` reads its notebooks and
runs its batch without importing pandas, networkx or matplotlib, which the results need.
"""

from .._lazy import lazy_exports

#: Public name -> the module of this package that defines it (each module's ``__all__``).
_EXPORTS = {
    name: module
    for module, names in {
        "params": ["CASE_NOTEBOOK", "CROSS_NOTEBOOK", "find_notebook", "check_parameters"],
        "run": ["run_case"],
        "render": ["MARKER"],
        "site": ["write_index"],
        "batch": ["build_reports", "report_main"],
        "markup": ["escape", "escape_html"],
        "results": ["SNAPSHOT_KINDS", "snapshots", "snapshot_dates", "panel_dates",
                    "interface_summary", "informal_signed_graph", "ladder_stage_at",
                    "headline_results", "evidence_appendix", "cross_case_table",
                    "cross_case_summary"],
        "narrative": ["fmt_sign", "plural", "key_findings", "case_narrative", "methods_notes",
                      "cross_case_lines"],
        "files": ["open_case", "default_reports_dir", "default_output_dir", "write_outputs",
                  "EVIDENCE_INLINE", "evidence_page", "write_evidence_page", "load_results"],
    }.items()
    for name in names
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
