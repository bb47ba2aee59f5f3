"""The base of every command and event."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class Message(BaseModel):
    """A command or event: a frozen pydantic model with a CloudEvents type.

    ``event_type`` is the CloudEvents ``type`` attribute (``ce_type`` on Kafka) and
    ``topic`` the logical topic it travels on.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str]
    topic: ClassVar[str]

    @property
    def key(self) -> str:
        """The Kafka key, which decides the partition and so the order."""
        raise NotImplementedError

    def default_id(self) -> str | None:
        """A deterministic CloudEvents id for this message, where it has a natural one."""
        return None


class AdministrationMessage(Message):
    """A message about one administration, keyed by its id so it stays in order."""

    administration_id: str

    @property
    def key(self) -> str:
        """The administration id."""
        return self.administration_id
