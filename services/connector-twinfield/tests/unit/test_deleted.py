"""Deleted transactions: the query the connector sends, and each deleted transaction as
the deletes of its lines (those the connector read), with the deletion as the cursor."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from ledgerbus_connector_twinfield.twinfield import deleted
from ledgerbus_connectorkit import StreamContext
from ledgerbus_contracts import EntityType, SyncMode
from ledgerbus_sandboxes.common import DataSizes, generate_administration
from ledgerbus_sandboxes.twinfield import deleted as sandbox_deleted
from ledgerbus_sandboxes.twinfield import soap

T0 = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)


def test_the_query_asks_from_the_day_of_the_newest_deletion_seen() -> None:
    stream = deleted.DeletedTransactions()
    context = StreamContext("adm", "NLA000001", SyncMode.INCREMENTAL, "2026-11-20T08:00:00")
    page = stream.first_page(context)
    assert page.url == "deleted" and page.params == {"from": "2026-11-20"}
    first = stream.first_page(StreamContext("adm", "NLA000001", SyncMode.INCREMENTAL, None))
    assert first.params == {"from": ""}
    body = etree.fromstring(deleted.envelope("tok&en", "NLA000001", "2026-11-20"))
    query = body.find(f".//{{{deleted.TWF}}}Query")
    assert query is not None
    assert query.get(f"{{{deleted.XSI}}}type") == "b:GetDeletedTransactions"
    assert query.findtext(f"{{{deleted.DELETED}}}DateFrom") == "2026-11-20T00:00:00"
    assert body.findtext(f".//{{{deleted.SHARED}}}AccessToken") == "tok&en"


def test_a_deleted_transaction_becomes_the_deletes_of_its_lines() -> None:
    admin = generate_administration("NLA000001", "Demo", 42, DataSizes(transaction_lines=20))
    line = admin.of(EntityType.TRANSACTION_LINE)[0]
    for other in admin.of(EntityType.TRANSACTION_LINE):
        if other["entry_number"] == line["entry_number"]:
            admin.delete(EntityType.TRANSACTION_LINE, other["id"], T0)
    args = {"CompanyCode": "NLA000001", "Daybook": None, "DateFrom": None, "DateTo": None}
    found = sandbox_deleted.deleted_transactions(admin, args)
    root = etree.fromstring(soap.envelope(sandbox_deleted.result(found)))
    transactions = deleted.decode(root)
    assert transactions == [
        {
            "daybook": line["daybook_code"],
            "number": str(line["entry_number"]),
            "deleted": "2026-11-23T09:30:00",
        }
    ]
    stream = deleted.DeletedTransactions()
    known = stream.deletions({"transactions": [{**transactions[0], "lines": 3}]})
    prefix = f"{line['daybook_code']}/{line['entry_number']}"
    assert [(t, r.source_id, c) for t, r, c in known] == [
        (EntityType.TRANSACTION_LINE, f"{prefix}/{n}", "2026-11-23T09:30:00") for n in (1, 2, 3)
    ]
    assert {r.source_version for _, r, _ in known} == {int(T0.timestamp() * 1_000_000)}
    unknown = stream.deletions({"transactions": [{**transactions[0], "lines": 0}]})
    assert [(t, c) for t, _, c in unknown] == [(None, "2026-11-23T09:30:00")]
    assert stream.next_page({"transactions": []}) is None
