"""Bad input to the ledger-store is a 4xx naming the problem, never a 500 (issue 12)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ledgerbus_ledger_store.testing import ADMIN, OPERATOR, account, running_ledger, snapshot
from ledgerbus_servicekit import ServiceSettings

pytestmark = pytest.mark.integration
Settings = Callable[..., ServiceSettings]

ENTITIES = f"/v1/administrations/{ADMIN}/entities/gl_account"


async def test_bad_input_everywhere_is_a_4xx_naming_the_problem(service_settings: Settings) -> None:
    async with running_ledger(service_settings) as ledger:
        await ledger.publish(snapshot("s1", [[account(f"{n:02d}", 1) for n in range(3)]]))
        await ledger.sync("s1")
        get = ledger.api.get
        answers = {
            "page_token=AA==": await get(ENTITIES, params={"page_token": "AA=="}, headers=OPERATOR),
            "page_token=!!!": await get(ENTITIES, params={"page_token": "!!!"}, headers=OPERATOR),
            "since past 9999": await get(
                "/v1/syncs", params={"since": "9999-12-31T23:59:59-14:00"}, headers=OPERATOR
            ),
            "modified_since past 9999": await get(
                ENTITIES, params={"modified_since": "9999-12-31T23:59:59-14:00"}, headers=OPERATOR
            ),
            "modified_since before 1": await get(
                ENTITIES, params={"modified_since": "0001-01-01T00:00:00+14:00"}, headers=OPERATOR
            ),
            "date=0": await get(
                f"/v1/administrations/{ADMIN}/trial-balance",
                params={"date": "0"},
                headers=OPERATOR,
            ),
            "nul in sync id": await get("/v1/syncs/a%00b", headers=OPERATOR),
            "nul in query": await get(
                "/v1/syncs", params={"administration_id": "a\x00b"}, headers=OPERATOR
            ),
            "long id": await get(f"/v1/administrations/{'a' * 3000}/dossier", headers=OPERATOR),
            "notify_client: 0": await ledger.api.patch(
                f"/v1/administrations/{ADMIN}/dossier", json={"notify_client": 0}, headers=OPERATOR
            ),
        }
        statuses = {what: response.status_code for what, response in answers.items()}
        first = await get(ENTITIES, params={"limit": "2"}, headers=OPERATOR)
        second = await get(
            ENTITIES,
            params={"limit": "2", "page_token": first.json()["next_page_token"]},
            headers=OPERATOR,
        )
    assert statuses == {
        "page_token=AA==": 400,
        "page_token=!!!": 400,
        **dict.fromkeys(list(answers)[2:], 422),
    }
    assert answers["page_token=!!!"].json()["detail"][0]["loc"] == ["query", "page_token"]
    assert answers["since past 9999"].json()["detail"][0]["loc"] == ["query", "since"]
    assert [item["source_id"] for item in second.json()["items"]] == ["02"]
