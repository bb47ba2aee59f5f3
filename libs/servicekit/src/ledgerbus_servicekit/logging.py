"""Log set-up that keeps credentials out of every log line a service writes.

Secrets reach logs in many shapes: httpx logs every request URL at INFO (a token in
the query string comes with it), an exception's message names the URL it failed on,
a form or JSON body may be printed, uvicorn and other libraries log on their own
loggers. :func:`redact` masks the value of every credential-like parameter in each of
those shapes; :class:`RedactingFormatter` applies it to the whole formatted record
(message, exception and stack included), and :func:`setup_logging` puts it on the
root handler, which every library logger reaches (``serve`` keeps uvicorn from
installing handlers of its own).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType

from opentelemetry import trace

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]

MASK = "***"

# A parameter name is a credential when its last word is one of these (``access_token``,
# ``client_secret``, ``Ocp-Apim-Subscription-Key``, ``clientkey``, ``code``, ...).
_SENSITIVE_WORDS = (
    "token|secret|password|passwd|pwd|passphrase|key|clientkey|apikey|code|signature|sig"
    "|assertion|credential|credentials|authorization|cookie|session|sessionid"
)
_NAME = rf"[A-Za-z0-9_.\-]{{0,64}}?(?:{_SENSITIVE_WORDS})"
# Names that end in a secret word but never carry one (kept readable in logs).
_NOT_SECRET = frozenset(
    {
        "status_code",
        "statuscode",
        "error_code",
        "errorcode",
        "http_code",
        "exit_code",
        "response_code",
        "reason_code",
        "currency_code",
        "country_code",
        "vat_code",
        "grant_type",
        "token_type",
        "page_token",
        "next_page_token",
        "partition_key",
    }
)

# name=value in a query string, a form, or key=value log text.
_ASSIGNED = re.compile(rf"(?i)(?<![A-Za-z0-9_.\-])({_NAME})(=)([^\s&\"'<>,;)}}\]]+)")
# "name": "value" or 'name': 'value' (JSON, a Python dict's repr).
_QUOTED = re.compile(rf"""(?i)(["'])({_NAME})\1(\s*:\s*)(["'])(.{{0,4096}}?)(?<!\\)\4""")
# name: value for HTTP headers that carry credentials.
_HEADER = re.compile(
    r"(?im)\b((?:proxy-)?authorization|x-api-key|api-key|ocp-apim-subscription-key"
    r"|cookie|set-cookie)(\s*:\s*)([^\r\n\"',}]+)"
)
# An authorization scheme and its credentials anywhere (Bearer abc, Basic dXNlcg==).
_SCHEME = re.compile(r"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=\-]+")
# A password in a URL's userinfo (postgresql://user:password@host).
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]{0,30}://[^\s/:@]{1,256}:)[^\s/@]{1,256}@")
# <AccessToken>value</AccessToken>, prefixed or not (Twinfield's SOAP header).
_ELEMENT = re.compile(
    rf"(?i)<((?:\w{{1,32}}:)?\w{{0,64}}?(?:{_SENSITIVE_WORDS}))(\s[^<>]{{0,256}})?>[^<]{{1,4096}}</\1>"
)


def _assigned(match: re.Match[str]) -> str:
    name = match.group(1)
    if name.lower() in _NOT_SECRET:
        return match.group(0)
    return f"{name}={MASK}"


def _quoted(match: re.Match[str]) -> str:
    quote, name, colon, value_quote = match.group(1, 2, 3, 4)
    if name.lower() in _NOT_SECRET:
        return match.group(0)
    return f"{quote}{name}{quote}{colon}{value_quote}{MASK}{value_quote}"


def _header(match: re.Match[str]) -> str:
    name, colon, value = match.group(1, 2, 3)
    scheme = re.match(r"(?i)(bearer|basic|digest|negotiate)\s+", value)
    return f"{name}{colon}{scheme.group(0) if scheme else ''}{MASK}"


def _element(match: re.Match[str]) -> str:
    name, attributes = match.group(1), match.group(2) or ""
    return f"<{name}{attributes}>{MASK}</{name}>"


def redact(text: str) -> str:
    """``text`` with every credential it carries replaced by ``***``.

    Covers query strings and forms (``access_token=...``, ``token=...``,
    ``client_secret=...``, ``code=...``, ``clientkey=...``), JSON and dict reprs
    (``"refresh_token": "..."``), credential headers (``Authorization``,
    ``Ocp-Apim-Subscription-Key``), ``Bearer``/``Basic`` credentials, a password in a
    URL and credential elements in XML. Names such as ``status_code`` stay readable.
    """
    text = _SCHEME.sub(rf"\1\2{MASK}", text)
    text = _HEADER.sub(_header, text)
    text = _QUOTED.sub(_quoted, text)
    text = _ASSIGNED.sub(_assigned, text)
    text = _USERINFO.sub(rf"\1{MASK}@", text)
    return _ELEMENT.sub(_element, text)


class RedactingFilter(logging.Filter):
    """Masks credentials in a log record's message (for handlers with their own format)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the message in place; never drop the record."""
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class RedactingFormatter(logging.Formatter):
    """A formatter whose output, traceback and stack included, has credentials masked."""

    def format(self, record: logging.LogRecord) -> str:
        """The formatted record, redacted as a whole."""
        return redact(super().format(record))

    def formatException(self, ei: ExcInfo) -> str:
        """The traceback, redacted (it is cached on the record as ``exc_text``)."""
        return redact(super().formatException(ei))


def protect_handlers() -> None:
    """Give every handler already installed on any logger the redacting filter and format.

    For libraries that configured logging of their own before :func:`setup_logging`.
    """
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())
            current = handler.formatter
            if not isinstance(current, RedactingFormatter):
                handler.setFormatter(RedactingFormatter(current._fmt if current else None))


_sync_fields: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("ledgerbus_log_sync", default=())
SYNC_FIELDS = ("sync_id", "administration_id")
"""The sync fields every log line within :func:`sync_context` carries."""


@contextmanager
def sync_context(sync_id: str | None, administration_id: str | None) -> Iterator[None]:
    """Within the block (and the tasks it starts) log lines name this sync."""
    fields = {"sync_id": sync_id, "administration_id": administration_id}
    token = _sync_fields.set(tuple((k, v) for k, v in fields.items() if v))
    try:
        yield
    finally:
        _sync_fields.reset(token)


def context_fields() -> dict[str, str]:
    """``trace_id`` and ``span_id`` of the current span and the sync of :func:`sync_context`."""
    fields = dict(_sync_fields.get())
    span = trace.get_current_span().get_span_context()
    if span.is_valid:
        fields["trace_id"] = format(span.trace_id, "032x")
        fields["span_id"] = format(span.span_id, "016x")
    return fields


class ContextFilter(logging.Filter):
    """Puts :func:`context_fields` on each record (``record.context``) and its text form
    (``record.context_text``) for the plain format."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Annotate; never drop the record."""
        fields = context_fields()
        record.context = fields
        shown = {k: v for k, v in fields.items() if k in SYNC_FIELDS}
        record.context_text = "".join(f" [{k}={v}]" for k, v in shown.items())
        return True


class JsonFormatter(RedactingFormatter):
    """One JSON object a line: time, level, service, logger, message, the trace and sync
    fields, the exception; every value redacted, then the whole line again."""

    def __init__(self, service_name: str) -> None:
        super().__init__()
        self.service_name = service_name

    def format(self, record: logging.LogRecord) -> str:
        """The record as a redacted JSON line."""
        line: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "service": self.service_name,
            "logger": record.name,
            "message": redact(record.getMessage()),
            **getattr(record, "context", context_fields()),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = redact(self.formatStack(record.stack_info))
        return redact(json.dumps(line, default=str))


def setup_logging(service_name: str, level: str | None = None, fmt: str | None = None) -> None:
    """One-line logs with the service name, credentials masked in every line.

    ``level`` (default ``LOG_LEVEL``, else INFO) and ``fmt`` (default ``LOG_FORMAT``:
    ``json`` for :class:`JsonFormatter`, else plain text). Lines within a sync carry its
    ``sync_id`` and ``administration_id`` (:func:`sync_context`), JSON lines also the
    ``trace_id`` and ``span_id``. aiokafka's lines show only at DEBUG (the console of
    ``make run`` filters the rest, the full log keeps them).

    One handler on the root logger: library loggers (httpx, uvicorn, asyncpg, ...)
    propagate to it, so its redaction covers them all.
    """
    level = (level or os.environ.get("LOG_LEVEL") or "INFO").upper()
    fmt = (fmt or os.environ.get("LOG_FORMAT") or "text").lower()
    handler = logging.StreamHandler()
    handler.addFilter(RedactingFilter())
    handler.addFilter(ContextFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter(service_name))
    else:
        handler.setFormatter(
            RedactingFormatter(
                f"%(asctime)s %(levelname)s {service_name} %(name)s: %(message)s%(context_text)s"
            )
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("aiokafka").setLevel("DEBUG" if level == "DEBUG" else "WARNING")
    protect_handlers()
