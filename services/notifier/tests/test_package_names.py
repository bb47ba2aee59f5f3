"""Mails name a package by the title its declaration gives, any declared package."""

from __future__ import annotations

from pathlib import Path

from ledgerbus_contracts import Package
from ledgerbus_contracts.testing import declaration_source, distribution_declaring
from ledgerbus_notifier.domain.notifications import drafts
from ledgerbus_notifier.domain.recipients import Audience
from ledgerbus_notifier.domain.render import render
from ledgerbus_notifier.testing import failed

AUDIENCE = Audience("Demo BV", ("a@example.org",), (), "nl")

DECLARATION = declaration_source(entity_types=("gl_account",))


def test_a_failure_mail_names_a_declared_package_by_its_title(tmp_path: Path) -> None:
    with distribution_declaring(tmp_path, "abacus", DECLARATION):
        event = failed("adm-1", "sync-1").model_copy(update={"package": Package("abacus")})
        [draft] = drafts(event, AUDIENCE, None)
        for language in ("nl", "en"):
            mail = render(draft.kind, language, draft.payload)
            assert "Abacus Books" in mail.subject and "Abacus Books" in mail.text


def test_the_three_packages_keep_their_product_names() -> None:
    [draft] = drafts(failed("adm-1", "sync-1"), AUDIENCE, None)
    assert "Exact Online" in render(draft.kind, "en", draft.payload).subject
