"""Rendering mails from templates: an engine that escapes its input in HTML."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ledgerbus_notifier.domain.texts import ACTIONS, SUBJECTS, package_name

_ENV = Environment(
    loader=PackageLoader("ledgerbus_notifier", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Rendered:
    """A mail's subject and its plain-text and HTML alternatives."""

    subject: str
    text: str
    html: str


def _template_name(kind: str) -> str:
    return "sync_problem" if kind in ("sync_failed", "needs_attention") else kind


def subject(kind: str, language: str, payload: dict[str, Any]) -> str:
    """The subject line (not yet made header-safe)."""
    key = "reauthorize" if payload.get("action") == "reauthorize" else kind
    return SUBJECTS[language][key].format(
        name=payload.get("administration_name", ""),
        package=package_name(payload.get("package")),
        count=len(payload.get("items", ())),
    )


def _action_text(language: str, item: dict[str, Any]) -> str:
    action = item.get("action")
    if not action:
        return ""
    return ACTIONS[language][action].format(package=package_name(item.get("package")))


def render(kind: str, language: str, payload: dict[str, Any]) -> Rendered:
    """Subject, text and HTML of a notification in ``language`` (nl or en)."""
    items = [
        {
            **item,
            "package_name": package_name(item.get("package")),
            "advice": _action_text(language, item),
        }
        for item in payload.get("items", ())
    ]
    context = {
        **payload,
        "kind": kind,
        "items": items,
        "package_name": package_name(payload.get("package")),
        "advice": _action_text(language, payload),
    }
    name = f"{_template_name(kind)}.{language}"
    return Rendered(
        subject=subject(kind, language, payload),
        text=_ENV.get_template(f"{name}.txt").render(context),
        html=_ENV.get_template(f"{name}.html").render(context),
    )
