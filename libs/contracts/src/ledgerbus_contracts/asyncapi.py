"""Generate the AsyncAPI 3.0 document of every topic and message from the models.

Run ``python -m ledgerbus_contracts.asyncapi`` to rewrite ``libs/contracts/asyncapi.json``;
a test fails when the committed document is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ledgerbus_contracts.kafka import CONTENT_TYPE
from ledgerbus_contracts.registry import MESSAGE_CLASSES
from ledgerbus_contracts.topics import ALL_TOPICS

DOCUMENT_PATH = Path(__file__).resolve().parents[2] / "asyncapi.json"

_TOPIC_DESCRIPTIONS = {
    "sync.requests": "Commands to sync an administration. Key: administration id.",
    "ledger.changes": "Entity upserts and deletes, framed per sync. Key: administration id.",
    "sync.status": "Where each sync stands. Key: administration id.",
    "dossier.updates": "Dossier field changes shown to clients. Key: administration id.",
    "connector.versions": "Connector version announcements. Key: package.",
    "postings": "Commands to book a posting in the package. Key: administration id.",
    "posting.status": "Postings succeeded or failed. Key: administration id.",
}

_CE_HEADERS: dict[str, Any] = {
    "type": "object",
    "required": ["ce_specversion", "ce_id", "ce_type", "ce_source", "content-type"],
    "properties": {
        "ce_specversion": {"type": "string", "const": "1.0"},
        "ce_id": {"type": "string"},
        "ce_type": {"type": "string"},
        "ce_source": {"type": "string"},
        "ce_time": {"type": "string", "format": "date-time"},
        "ce_subject": {"type": "string"},
        "content-type": {"type": "string", "const": CONTENT_TYPE},
        "traceparent": {"type": "string", "description": "W3C trace context"},
    },
}


def build_document() -> dict[str, Any]:
    """The AsyncAPI document as a dict."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for topic in ALL_TOPICS:
        classes = [cls for cls in MESSAGE_CLASSES if cls.topic == topic]
        channel_id = topic.replace(".", "_")
        channels[channel_id] = {
            "address": topic,
            "description": _TOPIC_DESCRIPTIONS[topic],
            "messages": {
                cls.__name__: {"$ref": f"#/components/messages/{cls.__name__}"} for cls in classes
            },
        }
        operations[f"publish_{channel_id}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{channel_id}"},
        }
        for cls in classes:
            schema = cls.model_json_schema(
                ref_template="#/components/messages/" + cls.__name__ + "/payload/$defs/{model}"
            )
            messages[cls.__name__] = {
                "name": cls.event_type,
                "title": cls.__name__,
                "summary": (cls.__doc__ or "").strip().splitlines()[0],
                "contentType": CONTENT_TYPE,
                "headers": _CE_HEADERS,
                "payload": schema,
            }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "ledgerbus events",
            "version": "1.0.0",
            "description": "CloudEvents 1.0 over Kafka, binary content mode.",
        },
        "defaultContentType": CONTENT_TYPE,
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }


def render() -> str:
    """The document as stable, pretty JSON text."""
    return json.dumps(build_document(), indent=2, sort_keys=True) + "\n"


def main() -> None:
    """Write the document, or with ``--check`` fail when it is stale."""
    text = render()
    if "--check" in sys.argv:
        if not DOCUMENT_PATH.exists() or DOCUMENT_PATH.read_text() != text:
            sys.exit(f"{DOCUMENT_PATH} is stale: run python -m ledgerbus_contracts.asyncapi")
        return
    DOCUMENT_PATH.write_text(text)


if __name__ == "__main__":
    main()
