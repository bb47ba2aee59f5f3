"""The principal's tenant rules: who sees what, and whose a new resource is."""

from __future__ import annotations

import pytest
from fastapi import HTTPException

from ledgerbus_servicekit import Principal

OPERATOR = Principal(tenant_id=None)
ALICE = Principal(tenant_id="alice")


def test_a_tenant_sees_only_its_own_and_nothing_without_an_owner() -> None:
    assert ALICE.may_see("alice")
    assert not ALICE.may_see("bob")
    assert not ALICE.may_see(None)
    assert OPERATOR.may_see("bob") and OPERATOR.may_see(None)


def test_a_new_resource_is_the_tenants_own_or_the_one_the_operator_names() -> None:
    assert ALICE.owner_of_new(None, "connection") == "alice"
    assert ALICE.owner_of_new("alice", "connection") == "alice"
    assert OPERATOR.owner_of_new("bob", "connection") == "bob"


@pytest.mark.parametrize(
    ("principal", "requested", "status", "named"),
    [(ALICE, "bob", 403, "tenant 'bob'"), (OPERATOR, None, 422, "tenant_id")],
)
def test_a_new_resource_without_a_clear_owner_is_refused(
    principal: Principal, requested: str | None, status: int, named: str
) -> None:
    with pytest.raises(HTTPException) as refused:
        principal.owner_of_new(requested, "connection")
    assert refused.value.status_code == status
    assert named in str(refused.value.detail)
