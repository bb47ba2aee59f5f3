"""Every kind of mail renders in Dutch and English with what to do, and ids are stable."""

from __future__ import annotations

import pytest

from ledgerbus_contracts.events.status import ErrorKind
from ledgerbus_notifier.domain.notifications import drafts, notification_id
from ledgerbus_notifier.domain.recipients import Audience
from ledgerbus_notifier.domain.render import render
from ledgerbus_notifier.testing import dossier, failed

AUDIENCE = Audience("Demo BV", ("a@example.org", "b@example.org"), ("c@example.org",), "nl")

ADVICE = {
    ErrorKind.REAUTHORIZATION_REQUIRED: ("opnieuw worden geautoriseerd", "re-authorised"),
    ErrorKind.RATE_LIMITED: ("maximum aantal verzoeken", "rate limit"),
    ErrorKind.TRANSIENT: ("tijdelijke storing", "temporary failure"),
    ErrorKind.CONFIGURATION: ("Controleer de instellingen", "Check the connection"),
    ErrorKind.BUG: ("Neem contact op met support", "Contact support"),
}


@pytest.mark.parametrize("kind", list(ADVICE))
def test_a_failure_says_what_to_do_in_both_languages(kind: ErrorKind) -> None:
    [draft, _] = drafts(failed("adm-1", "sync-1", kind=kind), AUDIENCE, None)
    for language, advice in zip(("nl", "en"), ADVICE[kind], strict=True):
        mail = render(draft.kind, language, draft.payload)
        assert advice in mail.text and advice in mail.html
        assert "Demo BV" in mail.subject and "sync-1" in mail.text


def test_one_notification_per_recipient_with_ids_that_do_not_change() -> None:
    first = drafts(failed("adm-1", "sync-1"), AUDIENCE, None)
    again = drafts(failed("adm-1", "sync-1", message="other words"), AUDIENCE, None)
    assert [d.recipient for d in first] == ["a@example.org", "b@example.org"]
    assert [d.notification_id for d in first] == [d.notification_id for d in again]
    assert len({d.notification_id for d in first}) == 2
    assert notification_id("k", "A@Example.org") == notification_id("k", "a@example.org")


def test_a_dossier_update_goes_to_the_clients_only_when_asked() -> None:
    assert drafts(dossier("adm-1", "u1", notify_client=False), AUDIENCE, None) == []
    [draft] = drafts(dossier("adm-1", "u1", notify_client=True), AUDIENCE, None)
    assert draft.recipient == "c@example.org"
    english = render(draft.kind, "en", draft.payload)
    assert "up to date until 2026-02-28" in english.text and "2026-02" in english.html
