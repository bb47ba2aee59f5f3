"""Worker processes that die with the process that started them.

A SIGKILLed parent runs no clean-up, and a worker blocked on its call queue never
notices: it also holds the queue's writing end, so it never reads an end of file.
It would be adopted by PID 1 and live on. On Linux the kernel sends a worker SIGKILL
when its parent dies (``prctl(PR_SET_PDEATHSIG)``); elsewhere a daemon thread in the
worker watches its parent id. Either way a worker whose parent is already gone when
it starts exits at once.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import threading
import time

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1
"""From <linux/prctl.h>."""


def die_with_parent(parent_pid: int, *, poll_seconds: float = 1.0) -> None:
    """Make this process end when ``parent_pid``, its parent, ends (call it first thing)."""
    if sys.platform.startswith("linux") and _set_parent_death_signal(signal.SIGKILL):
        # The parent may have died before the signal was armed: then it never comes.
        if os.getppid() != parent_pid:
            os._exit(1)
        return
    threading.Thread(
        target=_watch_parent, args=(parent_pid, poll_seconds), name="parent-watch", daemon=True
    ).start()


def _set_parent_death_signal(signum: int) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0:
            return True
        log.warning("prctl(PR_SET_PDEATHSIG) failed: errno %s", ctypes.get_errno())
    except (OSError, AttributeError):
        log.warning("prctl is not available; watching the parent instead")
    return False


def _watch_parent(parent_pid: int, poll_seconds: float) -> None:
    while os.getppid() == parent_pid:
        time.sleep(poll_seconds)
    os._exit(1)
