"""Runs one sync: reads every stream page by page and publishes what it read.

Every page is published (and acknowledged) before the progress that covers it is
saved, and the cursors advance only when the sync has ended. A crash therefore
repeats at most the last page, with the same event id and ``page_seq``, which the
ledger-store recognises; nothing is skipped.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from ledgerbus_connectorkit.connector import Connector, DeletionStream
from ledgerbus_connectorkit.errors import SyncAborted, SyncPausedUntil
from ledgerbus_connectorkit.jobs import Job, JobStore
from ledgerbus_connectorkit.ownership import RequestGuard
from ledgerbus_connectorkit.pages import Page, read_pages, resumed
from ledgerbus_connectorkit.progress import JobProgress
from ledgerbus_connectorkit.status import StatusReporter
from ledgerbus_connectorkit.stream import Stream, StreamContext
from ledgerbus_contracts import (
    EntitiesDeleted,
    EntitiesUpserted,
    EntityType,
    EntityTypeTotals,
    ErrorKind,
    RequestSync,
    SyncChangesEnded,
    SyncChangesStarted,
    SyncMode,
    SyncScope,
    supported_entity_types,
)
from ledgerbus_servicekit import Clock, EventPublisher
from ledgerbus_servicekit.kafka.retry import is_infrastructure_failure
from ledgerbus_servicekit.logging import redact, sync_context
from ledgerbus_servicekit.metrics import (
    REAUTHORIZATIONS,
    RECORDS_READ,
    count_rate_limit_stop,
    package_calls_for,
)
from ledgerbus_servicekit.telemetry import consumer_span

log = logging.getLogger(__name__)


class SyncRunner:
    """Executes claimed jobs for one connector.

    With a ``guard`` (every connector service has one, see ``start_connector``) a job
    runs only when the guard finds nothing to refuse, and the connector's
    ``reachable`` does not deny the package administration; otherwise the sync fails
    with the reason on ``sync.status`` and nothing is read or published.
    """

    def __init__(
        self,
        connector: Connector,
        store: JobStore,
        publisher: EventPublisher,
        clock: Clock,
        *,
        records_per_message: int = 500,
        guard: RequestGuard | None = None,
    ) -> None:
        self.connector = connector
        self.store = store
        self.publisher = publisher
        self.clock = clock
        self.records_per_message = records_per_message
        self.guard = guard

    async def run(self, job: Job) -> None:
        """Run a job to its end: succeeded, failed, paused, or left to retry later."""
        request, progress = job.request, job.progress
        status = StatusReporter(self.publisher, request, self.clock)
        with (
            consumer_span(
                f"sync {request.package} {request.mode}", job.traceparent, sync_id=request.sync_id
            ),
            sync_context(request.sync_id, request.administration_id),
            package_calls_for(str(request.package)),
        ):
            log.info("sync %s reading: %s %s", request.sync_id, request.package, request.mode)
            try:
                await self._run(request, progress, status)
                log.info("sync %s read", request.sync_id)
            except SyncPausedUntil as pause:
                count_rate_limit_stop("pause")
                log.warning(
                    "sync %s paused until %s: %s", request.sync_id, pause.resume_at, pause.reason
                )
                await status.paused(pause.resume_at, pause.reason)
                await self.store.pause(request.sync_id, pause.resume_at, progress)
            except SyncAborted as abort:
                if abort.kind is ErrorKind.REAUTHORIZATION_REQUIRED:
                    REAUTHORIZATIONS.labels(str(request.package)).inc()
                log.warning("sync %s failed (%s): %s", request.sync_id, abort.kind, abort.message)
                await self._fail(request, status, abort.kind, abort.message)
            except Exception as exc:
                if is_infrastructure_failure(exc):
                    log.warning("sync %s interrupted (%r); it resumes later", request.sync_id, exc)
                    return
                log.exception("sync %s failed", request.sync_id)
                await self._fail(
                    request, status, ErrorKind.BUG, redact(f"{type(exc).__name__}: {exc}")
                )

    async def _fail(
        self, request: RequestSync, status: StatusReporter, kind: ErrorKind, message: str
    ) -> None:
        error = await status.failed(kind, message)
        await self.store.finish(request.sync_id, "failed", self.clock.now(), error=error)

    async def _run(
        self, request: RequestSync, progress: JobProgress, status: StatusReporter
    ) -> None:
        if self.guard is not None and (reason := await self.guard.refusal(request)):
            raise SyncAborted(ErrorKind.CONFIGURATION, reason)
        streams = self._streams_for(request)
        async with self.connector.session(request) as client:
            if await self.connector.reachable(client, request) is False:
                raise SyncAborted(
                    ErrorKind.CONFIGURATION,
                    f"connection {request.connection_id!r} cannot reach {request.package}"
                    f" administration {request.external_id!r}",
                )
            if not progress.started:
                await self._start(request, progress, status, streams)
            cursors = await self.store.cursors(request.administration_id)
            for stream in streams:
                await self._read_stream(client, stream, request, progress, cursors, status)
            deletions = self.connector.deletion_stream()
            if request.mode is SyncMode.INCREMENTAL and deletions is not None:
                types = {s.entity_type for s in streams}
                await self._read_deletions(client, deletions, request, progress, cursors, types)
        await self._end(request, progress, streams)

    async def _start(
        self,
        request: RequestSync,
        progress: JobProgress,
        status: StatusReporter,
        streams: list[Stream],
    ) -> None:
        await status.started(tuple(s.entity_type for s in streams))
        await self.publisher.publish(
            SyncChangesStarted(
                administration_id=request.administration_id,
                sync_id=request.sync_id,
                mode=request.mode,
                entity_types=tuple(s.entity_type for s in streams),
                started_at=self.clock.now(),
                tenant_id=request.tenant_id,
                package=request.package,
                trigger=request.trigger,
                dossier=request.dossier,
                scope=scope_of(request, streams),
            )
        )
        progress.started = True
        await self.store.save(request.sync_id, progress, self.clock.now())

    def _streams_for(self, request: RequestSync) -> list[Stream]:
        supported = supported_entity_types(request.package)
        wanted = set(request.entity_types) or set(supported)
        unsupported = sorted(str(t) for t in wanted - supported)
        if unsupported:
            raise SyncAborted(
                ErrorKind.CONFIGURATION,
                f"{request.package} does not support entity types: {', '.join(unsupported)}",
            )
        return [s for s in self.connector.streams() if s.entity_type in wanted]

    async def _read_stream(
        self,
        client: Any,
        stream: Stream,
        request: RequestSync,
        progress: JobProgress,
        cursors: dict[str, str],
        status: StatusReporter,
    ) -> None:
        state = progress.stream(stream.entity_type)
        if state.done:
            return
        context = context_of(stream, request, cursors)
        start = resumed(state.resume_url, state.resume_params) or stream.first_page(context)
        date_from = None if stream.filters_dates_at_source(context) else context.date_from
        async for page in read_pages(client, start, stream.records, stream.next_page):
            if state.expected is None:
                state.expected = stream.expected_total(page.payload)
            entities = [stream.to_entity(raw, request.administration_id) for raw in page.items]
            if date_from is not None:
                entities = [e for e in entities if not _dated_before(e, date_from)]
            for start_at in range(0, len(entities), self.records_per_message):
                await self.publisher.publish(
                    EntitiesUpserted(
                        administration_id=request.administration_id,
                        sync_id=request.sync_id,
                        entity_type=stream.entity_type,
                        page_seq=state.pages,
                        records=entities[start_at : start_at + self.records_per_message],
                    )
                )
                state.pages += 1
            state.records += len(entities)
            RECORDS_READ.labels(str(request.package), str(stream.entity_type)).inc(len(entities))
            for raw in page.items:
                state.cursor_max = _max_cursor(state.cursor_max, stream.cursor_of(raw))
            state.resume_url, state.resume_params, state.done = _resume_point(page)
            await self.store.save(request.sync_id, progress, self.clock.now())
            await status.progressed(stream.entity_type, state.records, state.expected)

    async def _read_deletions(
        self,
        client: Any,
        deletions: DeletionStream,
        request: RequestSync,
        progress: JobProgress,
        cursors: dict[str, str],
        types: set[EntityType],
    ) -> None:
        if progress.deletions_done:
            return
        context = StreamContext(
            request.administration_id,
            request.external_id,
            request.mode,
            cursors.get(deletions.cursor_name),
        )
        start = resumed(progress.deletions_resume_url, progress.deletions_resume_params)
        pages = read_pages(
            client,
            start or deletions.first_page(context),
            deletions.deletions,
            lambda payload, _current: deletions.next_page(payload),
        )
        async for page in pages:
            by_type: dict[EntityType, list[Any]] = {}
            for entity_type, record, cursor in page.items:
                progress.deletions_cursor_max = _max_cursor(progress.deletions_cursor_max, cursor)
                if entity_type is not None and entity_type in types:
                    by_type.setdefault(entity_type, []).append(record)
            for entity_type, records in by_type.items():
                state = progress.stream(entity_type)
                await self.publisher.publish(
                    EntitiesDeleted(
                        administration_id=request.administration_id,
                        sync_id=request.sync_id,
                        entity_type=entity_type,
                        page_seq=state.delete_pages,
                        deletions=records,
                    )
                )
                state.delete_pages += 1
                state.deletions += len(records)
            (
                progress.deletions_resume_url,
                progress.deletions_resume_params,
                progress.deletions_done,
            ) = _resume_point(page)
            await self.store.save(request.sync_id, progress, self.clock.now())

    async def _end(
        self, request: RequestSync, progress: JobProgress, streams: list[Stream]
    ) -> None:
        now = self.clock.now()
        totals = {
            s.entity_type: EntityTypeTotals(
                records=progress.stream(s.entity_type).records,
                pages=progress.stream(s.entity_type).pages,
                deletions=progress.stream(s.entity_type).deletions,
            )
            for s in streams
        }
        await self.publisher.publish(
            SyncChangesEnded(
                administration_id=request.administration_id,
                sync_id=request.sync_id,
                mode=request.mode,
                totals=totals,
                started_at=request.requested_at,
                ended_at=now,
            )
        )
        reread = request.mode is SyncMode.INCREMENTAL and request.since is not None
        cursors = {
            str(s.entity_type): c
            for s in streams
            if s.incremental
            and not (reread and s.dated)  # a re-read from a date leaves the cursor where it is
            and (c := progress.stream(s.entity_type).cursor_max) is not None
        }
        if progress.deletions_cursor_max is not None:
            cursors["deleted"] = progress.deletions_cursor_max
        if self.guard is not None:
            await self.guard.bind(request)
        await self.store.finish(
            request.sync_id,
            "succeeded",
            now,
            cursors=cursors,
            administration_id=request.administration_id,
        )


def scope_of(request: RequestSync, streams: list[Stream]) -> SyncScope:
    """The date range a sync reads, as its start marker tells the ledger-store."""
    return SyncScope(
        sync_from=request.sync_from,
        since=request.since if request.mode is SyncMode.INCREMENTAL else None,
        dated=tuple(s.entity_type for s in streams if s.dated),
        replace=request.replace and request.mode is SyncMode.FULL,
        requested_by=request.requested_by,
    )


def context_of(stream: Stream, request: RequestSync, cursors: dict[str, str]) -> StreamContext:
    """What a stream's first request is built from: the cursor and, if dated, the date range."""
    reread = stream.dated and request.mode is SyncMode.INCREMENTAL and request.since is not None
    cursor = (
        cursors.get(stream.entity_type)
        if request.mode is SyncMode.INCREMENTAL and not reread
        else None
    )
    return StreamContext(
        request.administration_id,
        request.external_id,
        request.mode,
        cursor,
        date_from=request.read_from() if stream.dated else None,
        reread=reread,
    )


def _resume_point(page: Page[Any]) -> tuple[str | None, dict[str, str] | None, bool]:
    """(url, params, done) saved once a page is published: where a resumed sync goes on."""
    following = page.next
    if following is None:
        return None, None, True
    return following.url, following.params, False


def _dated_before(entity: Any, date_from: dt.date) -> bool:
    value = getattr(entity, "date", None)
    return isinstance(value, dt.date) and value < date_from


def _max_cursor(current: str | None, candidate: str | None) -> str | None:
    """The larger of two cursors; numeric cursors compare as numbers."""
    if candidate is None:
        return current
    if current is None:
        return candidate
    if current.isdigit() and candidate.isdigit():
        return candidate if int(candidate) > int(current) else current
    return max(current, candidate)
