"""The trial balance: per GL account, debit, credit and balance up to a date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fastapi import APIRouter
from pydantic import BaseModel

from ledgerbus_ledger_store.adapters import balances
from ledgerbus_ledger_store.api.deps import AdministrationDep, ConnectionDep
from ledgerbus_servicekit.errors import error_responses
from ledgerbus_servicekit.inputs import SafeDate

router = APIRouter(prefix="/administrations", tags=["ledger"])


class AccountBalance(BaseModel):
    gl_account_code: str
    debit: Decimal
    credit: Decimal
    balance: Decimal


class TrialBalance(BaseModel):
    administration_id: str
    date: dt.date
    accounts: list[AccountBalance]
    total_debit: Decimal
    total_credit: Decimal


@router.get("/{administration_id}/trial-balance", responses=error_responses(404))
async def trial_balance(
    administration_id: AdministrationDep, date: SafeDate, conn: ConnectionDep
) -> TrialBalance:
    """Sums of the mirrored, not deleted transaction lines dated up to ``date``."""
    rows = await balances.trial_balance(conn, administration_id, date)
    accounts = [
        AccountBalance(gl_account_code=code, debit=debit, credit=credit, balance=debit - credit)
        for code, debit, credit in rows
    ]
    return TrialBalance(
        administration_id=administration_id,
        date=date,
        accounts=accounts,
        total_debit=sum((a.debit for a in accounts), Decimal(0)),
        total_credit=sum((a.credit for a in accounts), Decimal(0)),
    )
