"""Old home of the case-study functions, now in :mod:`govnet.report`; kept for notebooks already written.

Notebooks that researchers wrote against govnet 0.1 say ``from govnet import casestudy`` and
``casestudy.headline_results(...)``; those names still work here, unchanged. New code uses
:mod:`govnet.report` (results, narrative and files of a case study).
"""

from .report import (  # noqa: F401
    EVIDENCE_INLINE,
    SNAPSHOT_KINDS,
    case_narrative,
    cross_case_lines,
    cross_case_summary,
    cross_case_table,
    default_output_dir,
    default_reports_dir,
    escape,
    evidence_appendix,
    evidence_page,
    fmt_sign,
    headline_results,
    informal_signed_graph,
    interface_summary,
    key_findings,
    ladder_stage_at,
    load_results,
    methods_notes,
    open_case,
    panel_dates,
    plural,
    snapshot_dates,
    snapshots,
    write_evidence_page,
    write_outputs,
)

__all__ = [
    "open_case", "default_reports_dir", "default_output_dir", "SNAPSHOT_KINDS", "snapshots",
    "snapshot_dates", "panel_dates", "interface_summary", "informal_signed_graph",
    "ladder_stage_at", "headline_results", "evidence_appendix", "write_outputs",
    "EVIDENCE_INLINE", "evidence_page", "write_evidence_page", "load_results", "cross_case_table",
    "cross_case_summary", "cross_case_lines", "fmt_sign", "plural", "escape", "case_narrative",
    "key_findings", "methods_notes",
]
