"""What `make run` shows of its processes, and how it shows a running sync.

Every line a process writes goes to its log file under ``.local/logs/``; the console
shows only what a person watching needs (:func:`worth_showing`): start-up, the sync
lines (a sync requested, read, applied, ended, failed, paused), and every warning and
error with its traceback. Per-request lines (uvicorn's access log, httpx's request
lines) show only with ``LOG_LEVEL=debug``. A running sync is one progress line
(:func:`progress_line`: records, expected total, percent, ETA from the previous
duration) and ends with a summary line (:func:`summary_line`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

# The services' plain format: "<date> <time> LEVEL service logger: message".
_SERVICE_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d [\d:,.]+ (?P<level>[A-Z]+) \S+ (?P<logger>\S+): (?P<message>.*)$"
)
# uvicorn's own format (the sandboxes): "INFO:     message".
_UVICORN_LINE = re.compile(r"^(?P<level>[A-Z]+):\s+(?P<message>.*)$")
_QUIET = {"DEBUG", "INFO"}
_START_UP = ("Application startup complete", "Uvicorn running on", "now schedules")
_SYNC_MESSAGE = re.compile(r"^(?:sync \S+ |queued sync |notification \S+ .*sent)")


def worth_showing(line: str, debug: bool = False) -> bool:
    """Whether a process's output line belongs on the console (its log file has all)."""
    if debug:
        return True
    text = line.rstrip("\n")
    if not text.strip():
        return False
    level, logger, message = _parsed(text)
    if level is None:
        return True  # a traceback, a crash, output of no known shape: never hidden
    if level not in _QUIET:
        return True
    if logger in ("httpx", "httpcore", "uvicorn.access"):
        return False
    return any(s in message for s in _START_UP) or bool(_SYNC_MESSAGE.match(message))


def _parsed(text: str) -> tuple[str | None, str, str]:
    """The level, logger and message of a log line (level None: not a log line)."""
    if text.startswith("{"):
        try:
            record = json.loads(text)
        except ValueError:
            return None, "", text
        if isinstance(record, dict) and "level" in record:
            return str(record["level"]), str(record.get("logger", "")), str(record["message"])
    if match := _SERVICE_LINE.match(text):
        return match["level"], match["logger"], match["message"]
    if match := _UVICORN_LINE.match(text):
        message = match["message"]
        access = '" ' in message and "HTTP/" in message
        return match["level"], "uvicorn.access" if access else "uvicorn.error", message
    return None, "", text


def counts(body: dict[str, Any]) -> tuple[int, int | None]:
    """Records read so far and the expected total (None until every type announced one)."""
    progress: dict[str, dict[str, Any]] = body.get("progress") or {}
    applied = sum(int(n) for n in (body.get("applied") or {}).values())
    read = sum(int(p.get("records") or 0) for p in progress.values())
    expected = [p.get("expected") for p in progress.values()]
    known = bool(expected) and all(e is not None for e in expected)
    return max(read, applied), (sum(int(e) for e in expected if e is not None) if known else None)


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def progress_line(body: dict[str, Any], previous_seconds: float | None, now: dt.datetime) -> str:
    """One line for a running sync: state, records of the expected total, percent, ETA.

    The ETA is what is left of the administration's previous successful sync's
    duration (unknown for a first sync)."""
    records, expected = counts(body)
    parts = [f"sync {body['sync_id']}: {body['state']}, {records:,} records"]
    if expected:
        parts[0] += f" of {expected:,} ({min(100, 100 * records // expected)}%)"
    started = body.get("started_at")
    if started:
        elapsed = (now - dt.datetime.fromisoformat(str(started))).total_seconds()
        parts.append(f"{_duration(max(elapsed, 0))} elapsed")
        if previous_seconds is not None:
            left = previous_seconds - elapsed
            parts.append(f"ETA {_duration(left)}" if left > 0 else "ETA any moment")
    return ", ".join(parts)


def summary_line(body: dict[str, Any]) -> str:
    """The line a sync ends with: outcome, duration, what was applied and deleted, why not."""
    applied: dict[str, int] = body.get("applied") or {}
    deleted: dict[str, int] = body.get("deleted") or {}
    total = sum(int(n) for n in applied.values())
    line = f"sync {body['sync_id']} {body['state']}"
    if body.get("duration_seconds") is not None:
        line += f" in {_duration(float(body['duration_seconds']))}"
    kinds = ", ".join(f"{t} {int(n):,}" for t, n in sorted(applied.items()))
    line += f": {total:,} records applied" + (f" ({kinds})" if kinds else "")
    line += f", {sum(int(n) for n in deleted.values()):,} deleted"
    errors = body.get("errors") or []
    if body["state"] != "succeeded" and errors:
        line += f"; {errors[-1].get('kind')}: {errors[-1].get('message')}"
    return line
