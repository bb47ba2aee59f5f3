"""SnelStart's write operations as the sandbox plays them: bookings and relations.

From SnelStart's OpenAPI export (``SpiderDead/snelstart-api``): ``POST
/v2/verkoopboekingen`` (VerkoopBoekingModel: ``factuurnummer``, ``factuurdatum``,
``klant`` ``{id}``, ``omschrijving``, ``factuurbedrag``, ``boekingsregels`` of
``{omschrijving, grootboek, kostenplaats, bedrag, btwSoort}`` with ``bedrag`` excluding
VAT, ``btw`` of ``{btwSoort, btwBedrag}``, ``boekstuk``), ``POST /v2/inkoopboekingen``
(the same with ``leverancier``), ``POST /v2/memoriaalboekingen`` (``datum``,
``boekstuk``, ``dagboek``, ``omschrijving``, ``memoriaalBoekingsRegels`` of ``{omschrijving,
grootboek, kostenplaats, debet, credit}``) and ``POST /v2/relaties`` (RelatieWriteModel:
``relatiesoort``, ``relatiecode`` int32, ``naam``, ``email``, ``btwNummer``, ...), each
answering 201 with the model (RelatieWriteModel for a relation), 400 when a validation
rule is broken. A booking becomes balanced journal lines that ``/v2/grootboekmutaties``
and ``/v2/relaties`` serve next.

UNCONFIRMED (no source settles these): the 400 body is the sandbox's error array with
codes ``BKG-0001`` (not balanced), ``BKG-0002`` (unknown grootboek), ``BKG-0003``
(unknown relation), ``BKG-0004`` (unknown btwSoort), ``BKG-0005`` (unknown dagboek or
kostenplaats), ``REL-0001`` (relatiecode not an int32), ``REL-0002`` (relatiecode in use),
``ALG-0400`` (a required field missing); an invoice books in the first daybook of its
kind (the models carry no daybook); the receivable/payable and VAT lines go to the
administration's receivables, payables and VAT accounts; ``boekstuk`` and
``factuurnummer`` are stored as sent (``grootboekmutaties`` serves them back). The
write fault control (``POST /_sandbox/write-faults``) books the write and then
answers late or with a 5xx, the uncertain outcome a client must look up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import AdministrationData, Record
from ledgerbus_sandboxes.common.control import Sandbox
from ledgerbus_sandboxes.common.written import WriteFaults, book_entry, written_id
from ledgerbus_sandboxes.snelstart.catalog import BTW_SOORTEN, btw_soort
from ledgerbus_sandboxes.snelstart.facts import schema

T = EntityType
Guard = Callable[[Request, str | None, str | None], Any]
CENT = Decimal("0.01")


class Problems(Exception):
    """SnelStart's 400: every broken rule, ``(errorCode, message)``."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(problems)
        self.problems = problems


_uid = written_id


def _money(value: Any, field: str, problems: list[tuple[str, str]]) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        problems.append(("ALG-0400", f"{field} is verplicht en een getal"))
        return Decimal(0)
    try:
        return Decimal(str(value)).quantize(CENT)
    except InvalidOperation:
        problems.append(("ALG-0400", f"{field} is geen getal"))
        return Decimal(0)


def _date(value: Any, field: str, problems: list[tuple[str, str]]) -> dt.date:
    try:
        return dt.datetime.fromisoformat(str(value)).date()
    except ValueError:
        problems.append(("ALG-0400", f"{field} is verplicht en een datum"))
        return dt.date(1900, 1, 1)


def _ref(body: dict[str, Any], name: str) -> str | None:
    ref = body.get(name)
    return str(ref["id"]) if isinstance(ref, dict) and ref.get("id") else None


class Booker:
    """Turns posted models into an administration's records."""

    def __init__(self, admin: AdministrationData, now: dt.datetime) -> None:
        self.admin, self.now = admin, now

    def account(self, regel: dict[str, Any], n: int, problems: list[tuple[str, str]]) -> str:
        found = self.admin.table(T.GL_ACCOUNT).get(_ref(regel, "grootboek") or "")
        if found is None:
            problems.append(
                ("BKG-0002", f"Regel {n}: grootboek {_ref(regel, 'grootboek')} bestaat niet")
            )
            return ""
        return str(found["code"])

    def cost_center(
        self, regel: dict[str, Any], n: int, problems: list[tuple[str, str]]
    ) -> str | None:
        key = _ref(regel, "kostenplaats")
        if key is None:
            return None
        found = self.admin.table(T.COST_CENTER).get(key)
        if found is None:
            problems.append(("BKG-0005", f"Regel {n}: kostenplaats {key} bestaat niet"))
            return None
        return str(found["code"])

    def vat_code(self, soort: Any, side: str, problems: list[tuple[str, str]]) -> str | None:
        if soort in (None, "Geen"):
            return None if soort is None else self._neutral("Geen", side)
        if soort not in BTW_SOORTEN:
            problems.append(("BKG-0004", f"btwSoort {soort} bestaat niet"))
            return None
        return self._neutral(str(soort), side)

    def _neutral(self, soort: str, side: str) -> str | None:
        rows = [r for r in self.admin.table(T.VAT_CODE).rows() if btw_soort(r) == soort]
        chosen = next((r for r in rows if r.get("vat_type") == side), rows[0] if rows else None)
        return None if chosen is None else str(chosen["code"])

    def daybook(self, kind: str) -> str:
        for row in self.admin.table(T.DAYBOOK).rows():
            if row.get("daybook_type") == kind:
                return str(row["code"])
        return "MEM"

    def book(self, lines: list[dict[str, Any]], shared: dict[str, Any]) -> list[Record]:
        """Store one entry's lines (they balance: the caller checked)."""
        return book_entry(self.admin, self.now, lines, shared)


def invoice(booker: Booker, body: dict[str, Any], sales: bool) -> list[Record]:
    """A verkoopboeking (``sales``) or inkoopboeking as journal lines; Problems if refused."""
    problems: list[tuple[str, str]] = []
    side, party = ("sales", "klant") if sales else ("purchase", "leverancier")
    relation = booker.admin.table(T.CONTACT).get(_ref(body, party) or "")
    if relation is None:
        problems.append(("BKG-0003", f"{party} {_ref(body, party)} bestaat niet"))
    date = _date(body.get("factuurdatum"), "factuurdatum", problems)
    total = _money(body.get("factuurbedrag"), "factuurbedrag", problems)
    sign = Decimal(-1) if sales else Decimal(1)
    lines: list[dict[str, Any]] = []
    regels = body.get("boekingsregels") or []
    if not regels:
        problems.append(("ALG-0400", "boekingsregels is verplicht"))
    for n, regel in enumerate(regels, start=1):
        amount = _money(regel.get("bedrag"), f"Regel {n}: bedrag", problems)
        lines.append(
            {
                "line_role": "base",
                "gl_account_code": booker.account(regel, n, problems),
                "cost_center_code": booker.cost_center(regel, n, problems),
                "vat_code": booker.vat_code(regel.get("btwSoort"), side, problems),
                "description": regel.get("omschrijving"),
                "amount": sign * amount,
            }
        )
    chart = booker.admin.chart
    vat_account = "" if chart is None else (chart.vat_payable if sales else chart.vat_receivable)
    vat_total = Decimal(0)
    for row in body.get("btw") or []:
        vat = _money(row.get("btwBedrag"), "btwBedrag", problems)
        vat_total += vat
        if vat:
            lines.append({"line_role": "vat", "gl_account_code": vat_account, "amount": sign * vat})
    net = sum((sign * line["amount"] for line in lines if line["line_role"] == "base"), Decimal(0))
    if net + vat_total != total:
        problems.append(
            (
                "BKG-0001",
                f"De boeking is niet in balans: factuurbedrag {total} is niet {net + vat_total}",
            )
        )
    if problems:
        raise Problems(problems)
    balancing = "" if chart is None else (chart.receivables if sales else chart.payables)
    assert relation is not None
    head = {
        "line_role": "balancing",
        "gl_account_code": balancing,
        "amount": -sign * total,
    }
    shared = {
        "date": date,
        "daybook_code": booker.daybook(side),
        "contact_code": relation["code"],
        "description": body.get("omschrijving"),
        "boekstuk": body.get("boekstuk"),
        "factuurnummer": body.get("factuurnummer"),
    }
    return booker.book(
        [head | {"description": body.get("omschrijving")}] + [{**line} for line in lines], shared
    )


def memoriaal(booker: Booker, body: dict[str, Any]) -> list[Record]:
    """A memoriaalboeking as journal lines; Problems if refused."""
    problems: list[tuple[str, str]] = []
    date = _date(body.get("datum"), "datum", problems)
    daybook = booker.admin.table(T.DAYBOOK).get(_ref(body, "dagboek") or "")
    if daybook is None:
        problems.append(("BKG-0005", f"dagboek {_ref(body, 'dagboek')} bestaat niet"))
    lines = []
    regels = body.get("memoriaalBoekingsRegels") or []
    if not regels:
        problems.append(("ALG-0400", "memoriaalBoekingsRegels is verplicht"))
    for n, regel in enumerate(regels, start=1):
        debet = _money(regel.get("debet") or 0, f"Regel {n}: debet", problems)
        credit = _money(regel.get("credit") or 0, f"Regel {n}: credit", problems)
        lines.append(
            {
                "line_role": "balancing" if n == 1 else "base",
                "gl_account_code": booker.account(regel, n, problems),
                "cost_center_code": booker.cost_center(regel, n, problems),
                "description": regel.get("omschrijving"),
                "amount": debet - credit,
            }
        )
    total = sum((line["amount"] for line in lines), Decimal(0))
    if total != 0:
        problems.append(("BKG-0001", f"De boeking is niet in balans: verschil {total}"))
    if problems:
        raise Problems(problems)
    assert daybook is not None
    shared = {
        "date": date,
        "daybook_code": daybook["code"],
        "boekstuk": body.get("boekstuk"),
    }
    return booker.book(lines, shared)


def relatie(booker: Booker, body: dict[str, Any]) -> Record:
    """A new relation from a RelatieWriteModel; Problems if refused."""
    problems: list[tuple[str, str]] = []
    code = body.get("relatiecode")
    if isinstance(code, bool) or not isinstance(code, int) or not 0 < code < 2**31:
        problems.append(("REL-0001", f"relatiecode {code!r} is geen geheel getal"))
    elif any(str(r["code"]).lstrip("0") == str(code) for r in booker.admin.table(T.CONTACT).rows()):
        problems.append(("REL-0002", f"relatiecode {code} is al in gebruik"))
    if not body.get("naam"):
        problems.append(("ALG-0400", "naam is verplicht"))
    if problems:
        raise Problems(problems)
    soorten = set(body.get("relatiesoort") or [])
    record = {
        "id": _uid(booker.admin, f"relatie/{code}"),
        "code": str(code),
        "name": str(body["naam"]),
        "is_customer": "Klant" in soorten,
        "is_supplier": "Leverancier" in soorten,
        "vat_number": body.get("btwNummer"),
        "coc_number": body.get("kvkNummer"),
        "iban": body.get("iban"),
        "email": body.get("email"),
    }
    return booker.admin.upsert(T.CONTACT, record, booker.now)


def add_write_routes(
    api: APIRouter,
    control: APIRouter,
    sandbox: Sandbox,
    guard: Guard,
    render: Callable[[AdministrationData, EntityType, Record], dict[str, Any]],
) -> None:
    """``POST`` for the four write resources on ``api``, the write faults on ``control``."""
    faults = WriteFaults(
        lambda status: JSONResponse(
            [{"errorCode": "ALG-0500", "message": "Gateway timeout"}], status
        )
    )
    kinds = {
        "verkoopboekingen": lambda b, body: invoice(b, body, sales=True),
        "inkoopboekingen": lambda b, body: invoice(b, body, sales=False),
        "memoriaalboekingen": memoriaal,
    }

    async def answer(path: str, body: dict[str, Any]) -> Response:
        return await faults.answer(path, JSONResponse(body, 201))

    def posted(request: Request, auth: str | None, sub: str | None) -> Any:
        admin = guard(request, auth, sub)
        return admin

    def refused(exc: Problems) -> JSONResponse:
        return JSONResponse([{"errorCode": c, "message": m} for c, m in exc.problems], 400)

    def register(resource: str) -> None:
        @api.post(f"/{resource}", status_code=201, name=f"post_{resource}")
        async def book(request: Request) -> Any:
            admin = posted(
                request,
                request.headers.get("Authorization"),
                request.headers.get("Ocp-Apim-Subscription-Key"),
            )
            if isinstance(admin, Response):
                return admin
            body = await request.json()
            if not isinstance(body, dict):
                return refused(Problems([("ALG-0400", "Het verzoek is geen object")]))
            booker = Booker(admin, sandbox.clock.now())
            try:
                lines = kinds[resource](booker, body)
            except Problems as exc:
                return refused(exc)
            entry = lines[0]["entry_id"]
            return await answer(
                request.url.path,
                {**body, "id": entry, "uri": f"/v2/{resource}/{entry}", "modifiedOn": None},
            )

    for resource in kinds:
        register(resource)

    @api.post("/relaties", status_code=201)
    async def new_relatie(request: Request) -> Any:
        admin = posted(
            request,
            request.headers.get("Authorization"),
            request.headers.get("Ocp-Apim-Subscription-Key"),
        )
        if isinstance(admin, Response):
            return admin
        body = await request.json()
        if not isinstance(body, dict):
            return refused(Problems([("ALG-0400", "Het verzoek is geen object")]))
        try:
            record = relatie(Booker(admin, sandbox.clock.now()), body)
        except Problems as exc:
            return refused(exc)
        rendered = render(admin, T.CONTACT, record)
        fields = schema("Relaties.RelatieWriteModel")["properties"]
        return await answer(request.url.path, {k: v for k, v in rendered.items() if k in fields})

    faults.routes(control)
