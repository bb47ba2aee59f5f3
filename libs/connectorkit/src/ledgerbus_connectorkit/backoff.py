"""Pluggable backoff strategies for retried requests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class BackoffStrategy(Protocol):
    """How long to wait before retry number ``attempt`` (1-based)."""

    def delay(self, attempt: int) -> float:
        """Seconds to wait."""
        ...


@dataclass(frozen=True)
class ExponentialBackoff:
    """``base * factor ** (attempt - 1)`` seconds, capped at ``maximum``."""

    base: float = 1.0
    factor: float = 2.0
    maximum: float = 60.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait before this attempt."""
        return float(min(self.maximum, self.base * self.factor ** max(attempt - 1, 0)))


@dataclass(frozen=True)
class ConstantBackoff:
    """The same wait every time."""

    seconds: float = 1.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait before this attempt."""
        return self.seconds
