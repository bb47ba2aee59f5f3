"""Bad input to the notifier is a 4xx naming the problem, never a 500 (issue 12)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.main import create_app
from ledgerbus_notifier.testing import OPERATOR, TENANT
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import running_app

pytestmark = pytest.mark.integration


async def test_bad_input_everywhere_is_a_4xx_naming_the_problem(
    notifier_settings: Callable[..., Settings], clock: FakeClock
) -> None:
    async with running_app(create_app(notifier_settings(), clock)) as api:
        answers = {
            "since past 9999": await api.get(
                "/v1/notifications",
                params={"since": "9999-12-31T23:59:59-14:00"},
                headers=OPERATOR,
            ),
            "nul in query": await api.get(
                "/v1/notifications", params={"administration_id": "a\x00b"}, headers=OPERATOR
            ),
            "nul in path": await api.get("/v1/tenants/a%00b/recipients", headers=OPERATOR),
            "long id": await api.get(
                f"/v1/administrations/{'a' * 3000}/recipients", headers=OPERATOR
            ),
            "nul in body": await api.put(
                "/v1/administrations/adm-1/recipients",
                json={"tenant_id": TENANT, "administrators": ["a\x00@example.com"]},
                headers=OPERATOR,
            ),
            "no tenant": await api.put(
                "/v1/administrations/adm-1/recipients", json={}, headers=OPERATOR
            ),
        }
    assert {what: r.status_code for what, r in answers.items()} == dict.fromkeys(answers, 422)
    assert answers["nul in body"].json()["detail"][0]["loc"] == ["body", "administrators", 0]
    assert answers["no tenant"].json()["detail"] == [
        {
            "loc": ["body", "tenant_id"],
            "msg": "tenant_id is required with the operator token",
            "type": "value_error",
        }
    ]
