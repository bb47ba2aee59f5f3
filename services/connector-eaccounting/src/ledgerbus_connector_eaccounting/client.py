"""The codes a voucher row and an account name by id, loaded once per sync session.

A row names its cost centre item (``CostCenterItemId1``), project (``ProjectId``) and VAT
code (``VatCodeId``) by their ids, an account its VAT code; the contract carries their
codes. When a session opens, the client reads ``/v2/vatcodes``, ``/v2/costcenters`` and
``/v2/projects`` (all pages) into one map per administration, so the streams map rows
without a call of their own, whichever entity types the sync reads.
"""

from __future__ import annotations

from typing import Any

from ledgerbus_connectorkit import RestClient

PAGE_SIZE = "1000"


async def all_records(client: RestClient, path: str) -> list[dict[str, Any]]:
    """Every record of a ``/v2`` collection, page after page."""
    records: list[dict[str, Any]] = []
    page = 1
    while True:
        payload = await client.get_json(path, {"$page": str(page), "$pagesize": PAGE_SIZE})
        records.extend(payload["Data"])
        if page >= int(payload["Meta"]["TotalNumberOfPages"]):
            return records
        page += 1


async def reference_codes(client: RestClient) -> dict[str, str]:
    """Id to code of every VAT code, cost centre item and project."""
    codes = {
        str(v["Id"]): str(v.get("Code") or v["Id"])
        for v in await all_records(client, "/v2/vatcodes")
    }
    for center in await all_records(client, "/v2/costcenters"):
        for item in center.get("Items") or []:
            codes[str(item["Id"])] = str(item.get("ShortName") or item["Id"])
    for project in await all_records(client, "/v2/projects"):
        codes[str(project["Id"])] = str(project["Number"])
    return codes


class ReferenceCodes:
    """The open sessions' code maps, by administration."""

    def __init__(self) -> None:
        self._open: dict[str, dict[str, str]] = {}

    async def load(self, administration_id: str, client: RestClient) -> None:
        """Read the administration's codes for the session that opens."""
        self._open[administration_id] = await reference_codes(client)

    def close(self, administration_id: str) -> None:
        """Forget the codes when the session ends."""
        self._open.pop(administration_id, None)

    def of(self, administration_id: str) -> _Codes:
        """The administration's codes (empty outside a session)."""
        return _Codes(self._open.get(administration_id, {}))


class _Codes:
    def __init__(self, codes: dict[str, str]) -> None:
        self._codes = codes

    def get(self, reference: Any) -> str | None:
        """The code of a referenced id (None for no reference; the id if it is unknown)."""
        return None if not reference else self._codes.get(str(reference), str(reference))
