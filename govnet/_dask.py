"""Run report tasks on a Dask distributed cluster (the optional ``distributed`` extra)."""

from __future__ import annotations

import traceback
import uuid

from .exceptions import ReportError

__all__ = ["map_tasks"]

_INSTALL = "dask.distributed is not installed: pip install govnet[distributed]"


def _client(scheduler, connect_timeout):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ReportError(_INSTALL) from exc
    if scheduler:
        try:
            return Client(scheduler, timeout=connect_timeout), None
        except OSError as exc:
            raise ReportError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}") from exc
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), cluster


def _failure(task, exc, tb=""):
    case = None
    if isinstance(task, dict):
        case = next((task[k] for k in ("case", "case_id", "id") if k in task), None)
    return {"case": case, "status": "failed", "seconds": 0.0,
            "error": f"{type(exc).__name__}: {exc}", "traceback": tb}


def map_tasks(func, tasks, scheduler=None, *, connect_timeout="30s"):
    """Run ``func(task)`` for every task on a Dask cluster and return the results in order.

    With ``scheduler`` (an address such as ``"tcp://10.0.0.5:8786"``) the tasks go to that
    existing cluster, whose workers must have govnet installed and see the same data and output
    paths (a shared file system). Without one, a ``LocalCluster`` with two single-threaded
    worker processes is started for the call and closed afterwards. A task that raises on a
    worker (or whose worker dies) comes back as a failure dict ``{"case": ..., "status":
    "failed", "seconds": 0.0, "error": ..., "traceback": ...}`` (``case`` taken from the task's
    ``case``, ``case_id`` or ``id`` key, else None), like a failing case in a local run; the
    other tasks are unaffected.

    Parameters
    ----------
    func : callable
        A picklable top-level function taking one task and returning a dict.
    tasks : list
        Picklable task descriptions (dicts).
    scheduler : str, optional
        Address of a running Dask scheduler; None starts a local cluster.
    connect_timeout : str or float, keyword-only
        How long to wait for the scheduler before giving up (Dask time string or seconds).

    Returns
    -------
    list of dict
        ``func(task)`` for each task, in the order of ``tasks``.

    Raises
    ------
    ReportError
        When dask.distributed is not installed or the scheduler cannot be reached.

    Examples
    --------
    >>> from govnet._dask import map_tasks
    >>> map_tasks(abs, [])
    []
    """
    tasks = list(tasks)
    if not tasks:
        return []
    client, cluster = _client(scheduler, connect_timeout)
    try:
        # pure=False: two identical tasks still run twice (a rerun must re-render).
        run = uuid.uuid4().hex[:8]
        futures = client.map(func, tasks, pure=False,
                             key=[f"govnet-{run}-{i}" for i in range(len(tasks))])
        results = []
        for task, fut in zip(tasks, futures, strict=True):
            try:
                results.append(fut.result())
            except Exception as exc:  # a worker exception or a lost worker
                tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
                results.append(_failure(task, exc, tb))
        return results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
