from ledgerbus_contracts import MESSAGE_CLASSES
from ledgerbus_contracts.asyncapi import DOCUMENT_PATH, build_document, render


def test_committed_asyncapi_document_is_current() -> None:
    assert DOCUMENT_PATH.read_text() == render(), (
        "libs/contracts/asyncapi.json is stale: run `uv run python -m ledgerbus_contracts.asyncapi`"
    )


def test_every_message_is_documented_on_its_topic() -> None:
    doc = build_document()
    assert doc["asyncapi"] == "3.0.0"
    for cls in MESSAGE_CLASSES:
        channel = doc["channels"][cls.topic.replace(".", "_")]
        assert channel["address"] == cls.topic
        assert cls.__name__ in channel["messages"]
        assert doc["components"]["messages"][cls.__name__]["name"] == cls.event_type
