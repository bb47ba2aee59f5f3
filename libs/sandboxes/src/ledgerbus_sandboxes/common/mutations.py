"""Deterministic changes to an administration's data, as its users would make them."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common.booking import BASE, CENT
from ledgerbus_sandboxes.common.data import AdministrationData
from ledgerbus_sandboxes.common.entries import add_entry, delete_entry, entry_lines, update_line
from ledgerbus_sandboxes.common.table import Record


class MutationRequest(Protocol):
    entity_type: Any
    create: int
    update: int
    delete: int
    seed: int


def apply_mutations(
    admin: AdministrationData,
    request: MutationRequest,
    now: dt.datetime,
    package_id: Callable[[Record], str],
) -> dict[str, list[str]]:
    """Create copies of existing records under new ids, rename some, hard-delete others.

    Transaction lines change an entry at a time (:func:`mutate_entries`). Returns the
    package ids (as ``package_id`` tells them) created, updated and deleted.
    """
    rnd = random.Random(f"{request.seed}:{admin.key}:{request.entity_type}:{admin.version}")
    if request.entity_type == EntityType.TRANSACTION_LINE:
        return mutate_entries(admin, request, now, package_id, rnd)
    table = admin.table(request.entity_type)
    if not table:
        raise ValueError(f"no {request.entity_type} records to take as a model")
    touched = table.sample_ids(rnd, request.delete + request.update)
    deleted, updated = touched[: request.delete], touched[request.delete :]
    models = table.sample_ids(rnd, 3)
    created: list[str] = []
    for n in range(request.create):
        model = dict(table[rnd.choice(models)])
        model["id"] = str(
            uuid.uuid5(uuid.NAMESPACE_URL, f"{admin.key}/created/{admin.version}/{n}")
        )
        if "code" in model and model["code"] is not None and model["code"].isdigit():
            model["code"] = str(900_000 + admin.version % 90_000 + n)
        admin.upsert(request.entity_type, model, now)
        created.append(model["id"])
    for record_id in updated:
        record = table[record_id]
        field = next((f for f in ("name", "description") if f in record), None)
        change: dict[str, Any] = {field: f"{record[field]} (gewijzigd)"} if field else {}
        admin.upsert(request.entity_type, {"id": record_id, **change}, now)
    table = admin.table(request.entity_type)
    gone = [package_id(table[i]) for i in deleted]
    for record_id in deleted:
        admin.delete(request.entity_type, record_id, now)
    return {
        "created": [package_id(table[i]) for i in created],
        "updated": [package_id(table[i]) for i in updated],
        "deleted": gone,
    }


def mutate_entries(
    admin: AdministrationData,
    request: MutationRequest,
    now: dt.datetime,
    package_id: Callable[[Record], str],
    rnd: random.Random,
) -> dict[str, list[str]]:
    """Book ``create`` new entries, change an amount in ``update`` entries and delete
    ``delete`` entries, each whole and balanced; the ids are those of their lines."""
    table = admin.table(EntityType.TRANSACTION_LINE)
    wanted = request.delete + request.update
    entries: dict[str, str] = {}
    for line_id in table.sample_ids(rnd, min(wanted * 3, len(table))):
        entries.setdefault(table[line_id]["entry_id"], line_id)
        if len(entries) == wanted:
            break
    picked = list(entries.values())
    deleted, updated = picked[: request.delete], picked[request.delete :]
    created = [
        package_id(line) for _ in range(request.create) for line in add_entry(admin, rnd, now)
    ]
    changed: list[str] = []
    for line_id in updated:
        lines = entry_lines(admin, line_id)
        bases = [line for line in lines if line.get("line_role") == BASE] or lines[1:]
        if not bases:
            continue
        target = rnd.choice(bases)
        factor = Decimal(rnd.randint(50, 150)) / 100
        change = {
            "amount": (target["amount"] * factor).quantize(CENT),
            "description": f"{target['description']} (gewijzigd)",
        }
        changed += [package_id(r) for r in update_line(admin, target["id"], change, now)]
    gone: list[str] = []
    for line_id in deleted:
        gone += [package_id(line) for line in entry_lines(admin, line_id)]
        delete_entry(admin, line_id, now)
    return {"created": created, "updated": changed, "deleted": gone}
