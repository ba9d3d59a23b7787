"""A warm kernel pool: IPython kernels started ahead of need with govnet's imports preloaded."""

import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

__all__ = []

#: What a warm kernel imports before it is handed a case (the notebook's own imports then hit
#: ``sys.modules``). Kept silent and out of the execution history.
#: ``govnet`` imports its names lazily, so they are touched one by one here.
PRELOAD = (
    "import govnet, govnet.report.files, govnet.report.narrative, govnet.plot, govnet.datasets, "
    "pandas, numpy, networkx, scipy, matplotlib, matplotlib.pyplot, yaml\n"
    "for _name in govnet.__all__:\n    getattr(govnet, _name)\ndel _name"
)

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


@functools.lru_cache(maxsize=1)
def _client_class():
    """nbclient's asynchronous kernel client, made ready without a fixed 0.2 s wait.

    ``wait_for_ready`` in jupyter_client ends by reading IOPub until it has been silent for
    0.2 s, so every case would wait 0.2 s doing nothing. Here the messages already there are
    dropped and the rest left: nbclient ignores IOPub messages that answer no cell of its own.
    """
    import time
    from queue import Empty

    from jupyter_client.asynchronous import AsyncKernelClient

    class ReadyClient(AsyncKernelClient):
        async def wait_for_ready(self, timeout=None):
            deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
            while True:  # as jupyter_client: kernel_info until it replies with IOPub connected
                self.kernel_info()
                try:
                    msg = await self.shell_channel.get_msg(timeout=1)
                except Empty:
                    msg = None
                if msg is not None and msg["msg_type"] == "kernel_info_reply":
                    try:
                        await self.iopub_channel.get_msg(timeout=0.2)
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(msg)
                        break
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")
            while True:
                try:
                    await self.iopub_channel.get_msg(timeout=0)
                except Empty:
                    break

    return ReadyClient


class _Warm:
    """One started kernel: its manager and the client that sent the preload request (``kc``)."""

    def __init__(self, kernel_name, preload, cwd):
        from jupyter_client import BlockingKernelClient, KernelManager

        # nbclient drives the kernel with an asynchronous client made by ``km.client()``.
        self.km = KernelManager(kernel_name=kernel_name)
        self.km.client_factory = _client_class()
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
            if self.kc is not None:
                self.kc.stop_channels()
        except Exception:  # noqa: BLE001 - best effort clean-up
            pass
        try:
            if self.km.has_kernel:
                self.km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001
            self.kill()


# --------------------------------------------------------------------------- fork server
#
# Starting a kernel costs an interpreter start, IPython and the scientific imports: about two
# CPU-seconds, paid again for every case because a kernel is never reused. The fork server pays
# it once: a template process imports ipykernel and the preload, then forks one child per kernel;
# each child (a fresh process, copy-on-write) becomes an IPython kernel on its own connection
# file. Children stay in the server's process group (the server runs in a session of its own),
# reaped by the server (SIGCHLD ignored), killed by us one by one, or all with the server's
# group. On Linux each dies with its parent (PR_SET_PDEATHSIG): the server with the process that
# started it, a kernel with the server, so a killed ``govnet report`` leaves no kernel behind.
# The server imports with the garbage collector off and freezes what it imported before it
# forks, as the gc.freeze documentation advises for fork servers; each child turns collection
# back on. Collections during the imports were a quarter of the server's start-up (1.2 -> 0.85 s),
# and a kernel's full collections no longer walk the ~160,000 preloaded objects: about 0.2 s
# less CPU per case-study case (2026-12-02).

_SERVER_CODE = r"""
import gc, json, os, signal, socket, sys
from govnet._kernels import _die_with_parent as die_with  # govnet's own imports are lazy
die_with(int(sys.argv[3]))
gc.disable()
from ipykernel.kernelapp import IPKernelApp
import ipykernel.ipkernel, ipykernel.zmqshell, ipykernel.debugger, sqlite3  # else each kernel does
exec(sys.argv[2])
gc.freeze()
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(sys.argv[1] + ".tmp")
srv.listen(64)
os.rename(sys.argv[1] + ".tmp", sys.argv[1])  # the address appears only once we listen
while True:
    conn, _ = srv.accept()
    req = json.loads(conn.makefile("r").readline())
    server = os.getpid()
    pid = os.fork()
    if pid == 0:
        try:
            die_with(server)
            gc.enable()
            srv.close()
            conn.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            os.chdir(req["cwd"] or ".")
            IPKernelApp.launch_instance(argv=["-f", req["connection_file"]])
        finally:
            os._exit(0)
    conn.sendall(f"{pid}\n".encode())
    conn.close()
"""


class _ForkServer:
    """A template process with the imports done, forking kernels on request.

    It listens on a Unix socket, so worker processes forked from the process that started it
    share it (``_ForkServer(address=...)`` attaches to a running server without owning it).
    """

    def __init__(self, preload=PRELOAD, cwd=None, address=None):
        self.proc = None
        if address is None:
            import tempfile

            _clean_stale_servers(tempfile.gettempdir())
            self._dir = tempfile.mkdtemp(prefix=_SERVER_PREFIX)
            address = os.path.join(self._dir, "fork.sock")
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _SERVER_CODE, address, preload or "pass", str(os.getpid())],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                env=kernel_env(), cwd=cwd, start_new_session=True,
            )
            with open(os.path.join(self._dir, "server.pid"), "w") as fh:
                fh.write(f"{self.proc.pid}\n")
        self.address = address

    def wait_ready(self, wait=120):
        """Block until the server listens (its socket appears once the imports are done)."""
        import time

        deadline = time.monotonic() + wait
        while not os.path.exists(self.address):
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError("the kernel fork server exited")
            if time.monotonic() > deadline:
                raise RuntimeError("the kernel fork server did not start")
            time.sleep(0.02)

    def fork(self, connection_file, cwd):
        """Ask for a kernel on ``connection_file``; return its pid (call after ``wait_ready``)."""
        import socket

        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.connect(self.address)
                conn.sendall((json.dumps({"connection_file": connection_file,
                                          "cwd": cwd}) + "\n").encode())
                line = conn.makefile("r").readline()
        except OSError as exc:
            raise RuntimeError(f"the kernel fork server stopped: {exc}") from None
        if not line.strip().isdigit():
            raise RuntimeError("the kernel fork server stopped")
        return int(line)

    def close(self):
        """Stop the server if this process started it, with every kernel it forked."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the server leads its group
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except Exception:  # noqa: BLE001
            pass
        shutil.rmtree(self._dir, ignore_errors=True)
        self.proc = None


_SERVER_PREFIX = "govnet-kernels-"


def _clean_stale_servers(tmp, min_age=600):
    """Remove fork-server folders left by killed runs: their server is gone.

    A folder's ``server.pid`` names its server; a folder without one (a server starting right
    now, or a run older than the file) is removed only when older than ``min_age`` seconds.
    """
    import time

    for folder in Path(tmp).glob(f"{_SERVER_PREFIX}*"):
        try:
            pid = int((folder / "server.pid").read_text())
        except (OSError, ValueError):
            pid = None
        try:
            if pid is not None:
                os.kill(pid, 0)
                continue  # alive
            if time.time() - folder.stat().st_mtime < min_age:
                continue
        except ProcessLookupError:
            pass
        except OSError:  # not ours to signal, or gone meanwhile
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _die_with_parent(parent):
    """Ask Linux to kill this process when ``parent`` exits (PR_SET_PDEATHSIG); elsewhere no-op.

    Used by the fork server, its kernels and the batch's worker processes.
    """
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _forked_manager_class():
    from jupyter_client import KernelManager

    class ForkedKernelManager(KernelManager):
        """A KernelManager for a kernel another process forked: alive while its pid is."""

        pid = None

        @property
        def has_kernel(self):
            return self.pid is not None

        async def _async_is_alive(self):
            if self.pid is None:
                return False
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                return False
            try:  # a zombie is dead too
                with open(f"/proc/{self.pid}/stat") as fh:
                    return fh.read().split(") ", 1)[1][:1] != "Z"
            except OSError:
                return True

        def is_alive(self):
            from jupyter_core.utils import run_sync

            return run_sync(self._async_is_alive)()

        def signal_kernel(self, signum):
            if self.pid is not None:
                try:
                    os.kill(self.pid, signum)
                except ProcessLookupError:
                    pass

        def interrupt_kernel(self):
            self.signal_kernel(signal.SIGINT)

        def shutdown_kernel(self, now=False, restart=False):
            self.signal_kernel(signal.SIGKILL)
            self.pid = None
            self.cleanup_connection_file()

    return ForkedKernelManager


class _Forked(_Warm):
    """A kernel forked by the fork server (same interface as ``_Warm``)."""

    def __init__(self, server, kernel_name, cwd):
        self.km = _forked_manager_class()(kernel_name=kernel_name)
        self.km.client_factory = _client_class()
        # The connection file picks free ports by binding and releasing them: pick them only
        # once the server can fork at once, so that nothing else takes them meanwhile.
        server.wait_ready()
        self.km.write_connection_file()
        self.km.pid = server.fork(self.km.connection_file, cwd)
        self.kc = None  # the preload ran in the server before the fork: nothing to send

    def kill(self):
        self.km.signal_kernel(signal.SIGKILL)


class KernelPool:
    """Keep one kernel started ahead of need; hand each case a fresh kernel, never reused.

    ``take()`` returns the warm kernel (starting one if none is ready) and at once starts the
    next one, so the next case's kernel start-up and imports overlap the current case.
    """

    def __init__(self, kernel_name="python3", preload=PRELOAD, cwd=None, fork=None,
                 server=None):
        self.kernel_name = kernel_name
        self.preload = preload
        self.cwd = cwd
        self._spare = None
        self._lock = threading.Lock()
        if fork is None:
            fork = (kernel_name == "python3" and hasattr(os, "fork")
                    and os.environ.get("GOVNET_KERNEL_FORK", "1") != "0")
        self._server = None
        if fork:
            self._server = _ForkServer(preload, cwd, address=server)

    @property
    def server_address(self):
        """Address of the fork server workers may share (None without one)."""
        return None if self._server is None else self._server.address

    def _launch(self):
        if self._server is not None:
            try:
                return _Forked(self._server, self.kernel_name, self.cwd)
            except Exception:  # noqa: BLE001 - fall back to ordinary kernel start-up
                self._server.close()
                self._server = None
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
        if self._server is not None:
            self._server.close()
            self._server = None


_POOLS = {}


def get_pool(kernel_name="python3", cwd=None, server=None):
    """The process-wide pool for ``kernel_name`` (one per worker process).

    ``server`` is the address of a fork server started by a parent process, to share it.
    """
    key = (kernel_name, cwd)
    if key not in _POOLS:
        import atexit

        pool = _POOLS[key] = KernelPool(kernel_name, cwd=cwd, server=server)
        atexit.register(pool.close)
        try:  # worker processes of multiprocessing may skip atexit; Finalize runs there
            from multiprocessing import util

            util.Finalize(pool, pool.close, exitpriority=10)
        except Exception:  # noqa: BLE001
            pass
    return _POOLS[key]


def close_pools():
    """Shut down every spare kernel and fork server of this process."""
    while _POOLS:
        _POOLS.popitem()[1].close()
