"""Errors as values: what went wrong decides whether to retry, pause or fail.

An HTTP error handler turns a response (or a transport failure) into an
:class:`ErrorResolution`; the client acts on its ``action``, and the ``kind`` and
``message`` reach the sync status and the notifier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from ledgerbus_contracts import ErrorKind


class Action(StrEnum):
    """What the client does about a response."""

    SUCCEED = "succeed"
    RETRY = "retry"
    REFRESH_AUTH = "refresh_auth"
    WAIT = "wait"
    PAUSE = "pause"
    FAIL = "fail"


@dataclass(frozen=True)
class ErrorResolution:
    """The decision about one response: act, with a kind and a message a person can act on.

    ``wait_until`` is set for WAIT (a short rate-limit wait) and PAUSE (the sync
    stops and resumes by itself at that time).
    """

    action: Action
    kind: ErrorKind | None = None
    message: str = ""
    wait_until: dt.datetime | None = None


SUCCESS = ErrorResolution(Action.SUCCEED)


class SyncAborted(Exception):
    """Raised inside a sync when a resolution says FAIL; carries the kind and message."""

    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class SyncPausedUntil(Exception):
    """Raised inside a sync when it must pause until ``resume_at`` (e.g. the daily budget)."""

    def __init__(self, resume_at: dt.datetime, reason: str) -> None:
        super().__init__(reason)
        self.resume_at = resume_at
        self.reason = reason
