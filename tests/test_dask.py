"""Batch runs on Dask: the same results and the same pages as local runs (needs the extra)."""

import math

import pytest

pytest.importorskip("dask.distributed", reason="dask.distributed not installed: "
                                               "pip install govnet[distributed]")

from govnet._dask import map_tasks  # noqa: E402
from govnet.exceptions import ReportError  # noqa: E402


def test_map_tasks_keeps_order_and_returns_failures():
    out = map_tasks(math.sqrt, [4.0, -1.0, 9.0, {"case_id": "x"}])
    assert out[0] == 2.0 and out[2] == 3.0
    assert out[1]["status"] == "failed" and "math domain error" in out[1]["error"]
    assert "Traceback" in out[1]["traceback"] and out[1]["case"] is None
    # a failing report task keeps its case id, as run_case's results do
    assert out[3]["case"] == "x" and out[3]["error"].startswith("TypeError")
    assert map_tasks(math.sqrt, []) == []


def test_unreachable_scheduler_is_a_report_error():
    with pytest.raises(ReportError, match="scheduler"):
        map_tasks(math.sqrt, [1.0], scheduler="tcp://127.0.0.1:9", connect_timeout="2s")


@pytest.mark.slow
def test_dask_pages_are_byte_identical_to_local(tmp_path):
    reports = pytest.importorskip("govnet.report")
    if not hasattr(reports, "report_main"):
        pytest.skip("govnet.report.report_main is not implemented yet (reports helper)")
    from govnet.synth import synthetic_corpus

    data = tmp_path / "data"
    truths = synthetic_corpus(data, 3, years=3, progress=False)
    cases = sorted(truths)
    common = dict(cases=cases, all_cases=False, data=str(data), jobs=2, parameters={},
                  timeout=300, show_code=False, scheduler=None)
    assert reports.report_main(out=str(tmp_path / "local"), executor="local", **common) == 0
    assert reports.report_main(out=str(tmp_path / "dask"), executor="dask", **common) == 0
    for cid in cases:
        for name in ("report.html", "results.json"):
            local = (tmp_path / "local" / cid / name).read_bytes()
            remote = (tmp_path / "dask" / cid / name).read_bytes()
            assert local == remote, f"{cid}/{name} differs between local and dask runs"
