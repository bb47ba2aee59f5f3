"""Postings into Twinfield: ProcessXml transactions with their relation, found again by
their invoice number.

From php-twinfield/twinfield's recorded requests: a sales or purchase invoice is a
``<transaction destiny="final">`` in the sales or purchase daybook (``header``:
``office``, ``code``, ``date`` ``YYYYMMDD``, ``currency``, ``invoicenumber``) with one
``total`` line on the relation (``dim2``) worth the net amounts plus their VAT, and a
``detail`` line per posting line (``dim1`` the GL account, ``dim2`` a cost centre,
``debitcredit``, ``value``, ``vatcode``, ``description``); a journal entry has ``detail``
lines only, each with the ``invoicenumber``; a relation is a ``<dimension>`` of type DEB
(sales) or CRD (purchase) with ``code``, ``name`` and ``addresses/address`` (``email``,
``field4`` the VAT number), created only when ``<read>`` of the dimension says Twinfield
has none. Twinfield answers ``result="1"``, or ``result="0"`` with ``msg`` on the
element at fault: the posting is refused with those messages.

The deterministic reference (:func:`~ledgerbus_connectorkit.postings.posting_reference`)
is the invoice number; browse ``000`` filters on ``fin.trs.line.invnumber``, which is how
a posting is found after an uncertain outcome. The caller's reference and description
are the total line's description (a journal entry's on each line).

VAT: a detail line's value times its code's percentage from the finder (``VAT``), half up
to the cent, as the ledger-store checked it. UNCONFIRMED: the total line leaves ``dim1``
out, for Twinfield to take the daybook's control account (the connector has no source
for that account).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

import httpx
from lxml import etree

from ledgerbus_connector_twinfield.twinfield.client import NS
from ledgerbus_connector_twinfield.twinfield.errors import fault_detail
from ledgerbus_connectorkit import RestClient, SyncAborted
from ledgerbus_connectorkit.postings import (
    PackageRefused,
    PostingWriter,
    UncertainOutcome,
    posted,
    send_once,
)
from ledgerbus_contracts import ErrorKind
from ledgerbus_contracts.postings import PostedRecord, PostEntries, PostingKind, PostingLine

CENT = Decimal("0.01")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_READ_TRIES = 3


def _e(value: object) -> str:
    return escape(str(value))


def _column(field: str, value: str | None = None) -> str:
    if value is None:
        return f"<column><field>{field}</field><visible>true</visible></column>"
    return (
        f"<column><field>{field}</field><visible>true</visible><operator>equal</operator>"
        f"<from>{_e(value)}</from></column>"
    )


def _side(amount: Decimal) -> tuple[str, str]:
    """(debitcredit, value) of a signed amount."""
    return ("debit" if amount >= 0 else "credit"), f"{abs(amount):.2f}"


class TwinfieldPostings(PostingWriter):
    """Books postings through a Twinfield session (the command's ``external_id`` office)."""

    async def _process(self, client: RestClient, xml: str) -> etree._Element:
        """One ProcessXml call; its answer's root element."""

        async def call(headers: dict[str, str]) -> httpx.Response:
            return await client.send("processxml", {"xml": xml}, headers)

        response = await send_once(client, "Twinfield ProcessXml", call)
        if response.status_code == 429:
            raise UncertainOutcome("Twinfield's rate limit (429)")
        if response.status_code != 200:
            code, message = fault_detail(response)
            raise PackageRefused(f"Twinfield refused it ({response.status_code} {code}): {message}")
        try:
            root = etree.fromstring(response.content, parser=_PARSER)
            text = root.findtext(".//twf:ProcessXmlStringResult", "", NS)
            return etree.fromstring(text.encode(), parser=_PARSER)
        except etree.XMLSyntaxError as exc:
            raise UncertainOutcome(f"a malformed ProcessXml answer: {exc}") from exc

    async def _read(self, client: RestClient, xml: str) -> etree._Element:
        """A ProcessXml read, tried again after an uncertain answer; then it fails for good."""
        for attempt in range(1, _READ_TRIES + 1):
            try:
                return await self._process(client, xml)
            except UncertainOutcome as exc:
                if attempt == _READ_TRIES:
                    raise SyncAborted(
                        ErrorKind.TRANSIENT, f"Twinfield did not answer: {exc}"
                    ) from exc
                await client.clock.sleep(client.backoff.delay(attempt))
            except PackageRefused as exc:
                raise SyncAborted(ErrorKind.BUG, str(exc)) from exc
        raise AssertionError("unreachable")

    async def _relation(self, client: RestClient, command: PostEntries) -> str | None:
        """The relation's code when Twinfield has the dimension, else None."""
        relation = command.relation
        if relation is None:
            return None
        dimtype = "DEB" if command.kind is PostingKind.SALES_INVOICE else "CRD"
        answer = await self._read(
            client,
            f"<read><type>dimensions</type><office>{_e(command.external_id)}</office>"
            f"<dimtype>{dimtype}</dimtype><code>{_e(relation.code)}</code></read>",
        )
        return relation.code if answer.get("result") == "1" else None

    async def find(
        self, client: RestClient, command: PostEntries, reference: str
    ) -> tuple[PostedRecord, ...] | None:
        xml = (
            '<columns code="000">'
            + _column("fin.trs.head.office", str(command.external_id))
            + _column("fin.trs.line.invnumber", reference)
            + _column("fin.trs.head.status", "normal")
            + _column("fin.trs.line.dim1")
            + "</columns>"
        )
        payload = await client.get_json("browse", {"xml": xml})
        keys = [row["key"] for row in payload["rows"]]
        if not keys:
            return None
        relation = await self._relation(client, command)
        return posted((f"{k['code']}/{k['number']}/{k['line']}" for k in keys), relation)

    async def write(
        self, client: RestClient, command: PostEntries, reference: str
    ) -> tuple[PostedRecord, ...]:
        if command.kind is PostingKind.JOURNAL_ENTRY:
            lines = [self._detail(line, reference, command) for line in command.lines]
            header = ""
        else:
            await self._ensure_relation(client, command)
            lines = await self._invoice_lines(client, command)
            header = f"<invoicenumber>{_e(reference)}</invoicenumber>"
        xml = (
            '<transactions><transaction destiny="final" raisewarning="false"><header>'
            f"<office>{_e(command.external_id)}</office><code>{_e(command.daybook_code)}</code>"
            f"<currency>EUR</currency><date>{command.date.strftime('%Y%m%d')}</date>{header}"
            f"</header><lines>{''.join(lines)}</lines></transaction></transactions>"
        )
        answer = await self._process(client, xml)
        self._judge(answer)
        found = await self.find(client, command, reference)
        if found is None:
            raise UncertainOutcome(f"Twinfield booked it but no line carries {reference}")
        return found

    @staticmethod
    def _judge(answer: etree._Element) -> None:
        if answer.get("result") == "1":
            return
        messages = "; ".join(str(m) for m in answer.xpath("//@msg")) or "no message"
        raise PackageRefused(f"Twinfield refused it: {messages}"[:1000])

    async def _ensure_relation(self, client: RestClient, command: PostEntries) -> None:
        relation = command.relation
        if relation is None:
            raise PackageRefused("an invoice needs a relation")
        if await self._relation(client, command) is not None:
            return
        dimtype = "DEB" if command.kind is PostingKind.SALES_INVOICE else "CRD"
        address = "".join(
            f"<{tag}>{_e(value)}</{tag}>"
            for tag, value in (("email", relation.email), ("field4", relation.vat_number))
            if value
        )
        xml = (
            f"<dimensions><dimension><office>{_e(command.external_id)}</office>"
            f"<type>{dimtype}</type><code>{_e(relation.code)}</code>"
            f"<name>{_e(relation.name)}</name><addresses>"
            f'<address type="invoice" default="true">{address}</address></addresses>'
            "</dimension></dimensions>"
        )
        self._judge(await self._process(client, xml))

    async def _rates(self, client: RestClient) -> dict[str, Decimal]:
        payload = await client.get_json(
            "finder", {"type": "VAT", "firstRow": "1", "maxRows": "100"}
        )
        return {
            row["Code"]: Decimal(row["Percentage"]) / 100
            for row in payload["rows"]
            if row.get("Percentage")
        }

    async def _invoice_lines(self, client: RestClient, command: PostEntries) -> list[str]:
        assert command.relation is not None
        rates = await self._rates(client)
        sign = Decimal(-1) if command.kind is PostingKind.SALES_INVOICE else Decimal(1)
        total = Decimal(0)
        details = []
        for n, line in enumerate(command.lines, start=2):
            rate = rates.get(line.vat_code or "", Decimal(0))
            vat = (line.amount * rate).quantize(CENT, ROUND_HALF_UP)
            total += line.amount + vat
            details.append(self._detail(line, None, command, sign, n))
        side, value = _side(-sign * total)
        text = " ".join(p for p in (command.reference, command.description) if p)
        head = (
            f'<line type="total" id="1"><dim2>{_e(command.relation.code)}</dim2>'
            f"<debitcredit>{side}</debitcredit><value>{value}</value>"
            f"<description>{_e(text[:40])}</description></line>"
        )
        return [head, *details]

    @staticmethod
    def _detail(
        line: PostingLine,
        reference: str | None,
        command: PostEntries,
        sign: Decimal = Decimal(1),
        n: int | None = None,
    ) -> str:
        side, value = _side(sign * line.amount)
        parts = [f"<dim1>{_e(line.gl_account_code)}</dim1>"]
        if line.cost_center_code:
            parts.append(f"<dim2>{_e(line.cost_center_code)}</dim2>")
        parts.append(f"<debitcredit>{side}</debitcredit><value>{value}</value>")
        if line.vat_code:
            parts.append(f"<vatcode>{_e(line.vat_code)}</vatcode>")
        text = line.description or (
            " ".join(p for p in (command.reference, command.description) if p)
        )
        if text:
            parts.append(f"<description>{_e(text[:40])}</description>")
        if reference is not None:
            parts.append(f"<invoicenumber>{_e(reference)}</invoicenumber>")
        number = n if n is not None else command.lines.index(line) + 1
        return f'<line type="detail" id="{number}">{"".join(parts)}</line>'
