"""A warm kernel pool: IPython kernels started ahead of need with govnet's imports preloaded."""

import os
import subprocess
import threading

__all__ = []

#: What a warm kernel imports before it is handed a case (the notebook's own imports then hit
#: ``sys.modules``). Kept silent and out of the execution history.
PRELOAD = "import govnet, pandas, numpy, networkx, scipy, matplotlib, matplotlib.pyplot, yaml"

#: Environment every report kernel gets, whatever the caller's shell has: inline figures,
#: a fixed hash seed and a fixed source date, so two runs print and draw the same bytes.
KERNEL_ENV = {
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "PYTHONHASHSEED": "0",
    "SOURCE_DATE_EPOCH": "0",
}


def kernel_env():
    """Return the environment for a report kernel (the current one plus ``KERNEL_ENV``)."""
    env = dict(os.environ)
    env.update(KERNEL_ENV)
    return env


class _Warm:
    """One started kernel: its manager and the client that sent the preload request."""

    def __init__(self, kernel_name, preload, cwd):
        from jupyter_client import BlockingKernelClient, KernelManager

        # nbclient drives the kernel with an asynchronous client made by ``km.client()``.
        self.km = KernelManager(
            kernel_name=kernel_name, client_class="jupyter_client.asynchronous.AsyncKernelClient"
        )
        # The kernel's own stderr only carries ipykernel's start-up chatter; cell output comes
        # back over the messaging channels.
        self.km.start_kernel(env=kernel_env(), cwd=cwd, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        # Launching only forks a process; the preload request waits in the kernel's queue and
        # runs while we do something else. Nobody reads its reply.
        self.kc = BlockingKernelClient()
        self.kc.load_connection_info(self.km.get_connection_info())
        self.kc.start_channels(hb=False)
        if preload:
            self.kc.execute(preload, silent=True, store_history=False)

    def kill(self):
        """Kill the kernel process at once (used by the per-case watchdog)."""
        proc = getattr(self.km.provisioner, "process", None)
        if proc is not None:
            try:
                proc.kill()
            except OSError:
                pass

    def close(self):
        """Stop the client and shut the kernel down; never raises."""
        try:
            self.kc.stop_channels()
        except Exception:  # noqa: BLE001 - best effort clean-up
            pass
        try:
            if self.km.has_kernel:
                self.km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001
            self.kill()


class KernelPool:
    """Keep one kernel started ahead of need; hand each case a fresh kernel, never reused.

    ``take()`` returns the warm kernel (starting one if none is ready) and at once starts the
    next one, so the next case's kernel start-up and imports overlap the current case.
    """

    def __init__(self, kernel_name="python3", preload=PRELOAD, cwd=None):
        self.kernel_name = kernel_name
        self.preload = preload
        self.cwd = cwd
        self._spare = None
        self._lock = threading.Lock()

    def _launch(self):
        return _Warm(self.kernel_name, self.preload, self.cwd)

    def warm(self):
        """Start a spare kernel if none is waiting."""
        with self._lock:
            if self._spare is None:
                self._spare = self._launch()

    def take(self, warm_next=True):
        """Return a started kernel (a ``_Warm``) for one case; the caller closes it after."""
        with self._lock:
            kernel, self._spare = self._spare, None
        if kernel is None or not kernel.km.is_alive():
            if kernel is not None:
                kernel.close()
            kernel = self._launch()
        if warm_next:
            self.warm()
        return kernel

    def close(self):
        """Shut down the spare kernel, if any."""
        with self._lock:
            kernel, self._spare = self._spare, None
        if kernel is not None:
            kernel.close()


_POOLS = {}


def get_pool(kernel_name="python3", cwd=None):
    """The process-wide pool for ``kernel_name`` (one per worker process)."""
    key = (kernel_name, cwd)
    if key not in _POOLS:
        import atexit

        pool = _POOLS[key] = KernelPool(kernel_name, cwd=cwd)
        atexit.register(pool.close)
        try:  # worker processes of multiprocessing may skip atexit; Finalize runs there
            from multiprocessing import util

            util.Finalize(pool, pool.close, exitpriority=10)
        except Exception:  # noqa: BLE001
            pass
    return _POOLS[key]


def close_pools():
    """Shut down every spare kernel of this process."""
    for pool in list(_POOLS.values()):
        pool.close()
