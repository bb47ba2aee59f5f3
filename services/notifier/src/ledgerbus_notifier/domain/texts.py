"""The short texts of mails in Dutch and English: subjects, package names and actions."""

from __future__ import annotations

from ledgerbus_contracts import declared_packages

SUBJECTS: dict[str, dict[str, str]] = {
    "nl": {
        "sync_failed": "Synchronisatie mislukt: {name} ({package})",
        "reauthorize": "Actie nodig: koppel {package} opnieuw voor {name}",
        "needs_attention": "Aandacht nodig: synchronisatie van {name} ({package})",
        "dossier_updated": "Uw administratie {name} is bijgewerkt",
        "posting_failed": "Boeking niet verwerkt: {name} ({package})",
        "digest": "{count} meldingen over synchronisaties",
    },
    "en": {
        "sync_failed": "Sync failed: {name} ({package})",
        "reauthorize": "Action required: reconnect {package} for {name}",
        "needs_attention": "Attention needed: sync of {name} ({package})",
        "dossier_updated": "Your administration {name} has been updated",
        "posting_failed": "Posting not booked: {name} ({package})",
        "digest": "{count} notifications about syncs",
    },
}

ACTIONS: dict[str, dict[str, str]] = {
    "nl": {
        "reauthorize": "De koppeling met {package} moet opnieuw worden geautoriseerd. Log in"
        " bij ledgerbus en koppel de administratie opnieuw; tot dan wordt er niet"
        " gesynchroniseerd.",
        "wait_rate_limit": "{package} heeft het maximum aantal verzoeken bereikt. U hoeft"
        " niets te doen: de synchronisatie gaat vanzelf verder zodra de limiet het toelaat.",
        "retry_later": "Dit is een tijdelijke storing; de volgende synchronisatie probeert"
        " het opnieuw. Neem contact op met support als het blijft gebeuren.",
        "check_configuration": "Controleer de instellingen van de koppeling (administratie,"
        " rechten en modules in {package}).",
        "release_held_deletions": "Er zijn verwijderingen tegengehouden omdat het er"
        " ongewoon veel zijn. Controleer ze en geef ze vrij in ledgerbus als ze kloppen.",
        "contact_support": "Neem contact op met support en vermeld het synchronisatie-id.",
        "fix_posting": "{package} heeft de boeking geweigerd. Pas het boekingsvoorstel aan"
        " volgens de melding hieronder en stuur het met een nieuw posting-id opnieuw.",
        "resend_posting": "De boeking kon niet worden verstuurd en staat niet in {package}."
        " Stuur het boekingsvoorstel later opnieuw; neem contact op met support als het"
        " blijft gebeuren.",
    },
    "en": {
        "reauthorize": "The connection to {package} must be re-authorised. Sign in to"
        " ledgerbus and reconnect the administration; until then nothing is synchronised.",
        "wait_rate_limit": "{package} reached its rate limit. Nothing to do: the sync"
        " resumes by itself as soon as the limit allows.",
        "retry_later": "This is a temporary failure; the next sync tries again. Contact"
        " support if it keeps happening.",
        "check_configuration": "Check the connection's settings (administration, rights and"
        " modules in {package}).",
        "release_held_deletions": "Deletions were held back because there are unusually"
        " many. Review them and release them in ledgerbus if they are right.",
        "contact_support": "Contact support and mention the sync id.",
        "fix_posting": "{package} refused the posting. Correct the booking proposal as the"
        " message below says and send it again under a new posting id.",
        "resend_posting": "The posting could not be sent and is not in {package}. Send the"
        " booking proposal again later; contact support if it keeps happening.",
    },
}


def package_name(package: str | None) -> str:
    """The package's product name, as its declaration titles it (else the name as is)."""
    declared = declared_packages().get(package or "")
    return declared.title if declared is not None else package or ""
