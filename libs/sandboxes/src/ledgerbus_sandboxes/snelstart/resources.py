"""The ``/v2`` resources the sandbox serves: which model, OData or not, and where the rows are.

A resource is either an entity type of the neutral data (its records rendered with
references resolved) or a catalog every administration shares (countries, VAT).
Lists are in change order (the records' versions); OData resources page with
``$top``/``$skip`` after ``$filter``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import AdministrationData, Record, RecordTable
from ledgerbus_sandboxes.snelstart import catalog
from ledgerbus_sandboxes.snelstart.odata import Filter
from ledgerbus_sandboxes.snelstart.render import SnelStartRenderer

Rows = Callable[[AdministrationData], list[dict[str, Any]]]
T = EntityType


@dataclass(frozen=True)
class Resource:
    """One ``/v2/<name>`` collection of the published API."""

    model: str
    odata: bool
    entity_type: EntityType | None = None
    rows: Rows | None = None
    key: str = "id"
    single: bool = True


RESOURCES: dict[str, Resource] = {
    "grootboeken": Resource("Grootboeken.GrootboekModel", True, T.GL_ACCOUNT),
    "grootboekmutaties": Resource(
        "GrootboekMutaties.GrootboekMutatieModel", True, T.TRANSACTION_LINE
    ),
    "relaties": Resource("Relaties.RelatieModel", True, T.CONTACT),
    "dagboeken": Resource("Dagboeken.DagboekModel", False, T.DAYBOOK),
    "kostenplaatsen": Resource("Kostenplaatsen.KostenplaatsModel", False, T.COST_CENTER),
    "landen": Resource("Landen.LandModel", False, rows=lambda _a: catalog.landen()),
    "btwtarieven": Resource(
        "BtwTarieven.BtwTariefModel",
        False,
        rows=lambda a: catalog.btwtarieven(a.of(T.VAT_CODE)),
        single=False,
    ),
    "vatrates": Resource(
        "VatRates.VatRatesModel", True, rows=lambda _a: catalog.vatrates(), key="countryCode"
    ),
    "vatratedefinitions": Resource(
        "VatRates.VatRateDefinitionModel",
        True,
        rows=lambda _a: catalog.vatratedefinitions(),
        single=False,
    ),
}


def _base_slice(table: RecordTable, skip: int, top: int) -> Iterator[Record]:
    """Live records ``skip`` to ``skip + top`` in version order, by position where it can."""
    if table.shadowed:
        return islice(table.rows(), skip, skip + top)
    size = len(table.base)
    base = (table.base[i] for i in range(min(skip, size), min(skip + top, size)))
    extra = islice(table.overlay.values(), max(skip - size, 0), max(skip + top - size, 0))
    return iter([*base, *extra])


def listing(
    renderer: SnelStartRenderer,
    admin: AdministrationData,
    resource: Resource,
    predicate: Filter | None,
    skip: int,
    top: int,
) -> list[dict[str, Any]]:
    """One page of a resource as SnelStart serves it."""
    if resource.rows is not None:
        rows = resource.rows(admin)
        matching = rows if predicate is None else [r for r in rows if predicate(r)]
        return matching[skip : skip + top]
    entity_type = resource.entity_type
    assert entity_type is not None
    table = admin.table(entity_type)
    if predicate is None:
        return [renderer.render(admin, entity_type, r) for r in _base_slice(table, skip, top)]
    rendered = (renderer.render(admin, entity_type, r) for r in _candidates(table, predicate))
    return list(islice((r for r in rendered if predicate(r)), skip, skip + top))


def _candidates(table: RecordTable, predicate: Filter) -> Iterator[Record]:
    """The live records a filter may match, in version order.

    A filter that holds only after a ``ModifiedOn`` skips the base up to it: the base
    is generated in order of modification, so its times rise with its positions.
    """
    since = predicate.modified_after
    if since is None:
        return table.rows()
    moment = since.replace(tzinfo=dt.UTC)
    first = bisect.bisect_right(
        range(len(table.base)), moment, key=lambda i: table.base[i]["modified"]
    )
    base = (table.base[i] for i in range(first, len(table.base)))
    live = (r for r in base if str(r["id"]) not in table.shadowed)
    return chain(live, table.overlay.values())


def single(
    renderer: SnelStartRenderer, admin: AdministrationData, resource: Resource, key: str
) -> dict[str, Any] | None:
    """One record by its id (``countryCode`` for VAT rates), or None."""
    if resource.rows is not None:
        wanted = key.lower()
        return next(
            (r for r in resource.rows(admin) if str(r[resource.key]).lower() == wanted), None
        )
    assert resource.entity_type is not None
    record = admin.table(resource.entity_type).get(key.lower())
    return None if record is None else renderer.render(admin, resource.entity_type, record)
