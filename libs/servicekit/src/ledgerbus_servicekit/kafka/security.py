"""How a service authenticates to Kafka and protects the connection: PLAINTEXT, TLS, SASL/SCRAM.

One :class:`KafkaSecurity` value describes the connection; :meth:`KafkaSecurity.client_options`
gives the keyword arguments every aiokafka client (producer, consumer, admin) takes for it.
"""

from __future__ import annotations

import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from aiokafka.conn import create_conn
from aiokafka.errors import KafkaConnectionError
from aiokafka.helpers import create_ssl_context
from pydantic import SecretStr

SecurityProtocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
SaslMechanism = Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"]


@dataclass(frozen=True)
class KafkaSecurity:
    """The protocol, SASL credentials and TLS files of a Kafka connection."""

    protocol: SecurityProtocol = "PLAINTEXT"
    sasl_mechanism: SaslMechanism = "SCRAM-SHA-512"
    username: str | None = None
    password: SecretStr | None = None
    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None

    @property
    def uses_sasl(self) -> bool:
        """Whether the connection authenticates with SASL."""
        return self.protocol.startswith("SASL")

    @property
    def uses_tls(self) -> bool:
        """Whether the connection is encrypted with TLS."""
        return self.protocol.endswith("SSL")

    def problems(self) -> list[str]:
        """What is missing for this protocol, as messages naming the settings."""
        found = []
        if self.uses_sasl and not (self.username and self.password):
            found.append(
                f"KAFKA_SECURITY_PROTOCOL={self.protocol} needs KAFKA_SASL_USERNAME and "
                "KAFKA_SASL_PASSWORD"
            )
        if (self.cert_file is None) != (self.key_file is None):
            found.append("KAFKA_SSL_CERTFILE and KAFKA_SSL_KEYFILE go together")
        if not self.uses_tls and (self.ca_file or self.cert_file):
            found.append(f"TLS files are set but KAFKA_SECURITY_PROTOCOL is {self.protocol}")
        return found

    def ssl_context(self) -> ssl.SSLContext | None:
        """A verifying TLS context (the CA file, or the system's), with the client certificate."""
        if not self.uses_tls:
            return None
        context: ssl.SSLContext = create_ssl_context(
            cafile=self.ca_file, certfile=self.cert_file, keyfile=self.key_file
        )
        return context

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments for ``AIOKafkaProducer``, ``AIOKafkaConsumer`` and the admin client."""
        options: dict[str, Any] = {"security_protocol": self.protocol}
        if self.uses_tls:
            options["ssl_context"] = self.ssl_context()
        if self.uses_sasl:
            assert self.password is not None
            options |= {
                "sasl_mechanism": self.sasl_mechanism,
                "sasl_plain_username": self.username,
                "sasl_plain_password": self.password.get_secret_value(),
            }
        return options


PLAINTEXT = KafkaSecurity()
"""No TLS, no authentication: the local broker."""


async def explain_refusal(bootstrap_servers: str, security: KafkaSecurity) -> str | None:
    """Why the first bootstrap server refuses a connection with these settings, if it does.

    aiokafka reports any failure to bootstrap as "Unable to bootstrap"; connecting once by hand
    surfaces the cause (a refused SASL login, an untrusted certificate, a closed port).
    """
    host, _, port = bootstrap_servers.split(",")[0].strip().rpartition(":")
    options = security.client_options()
    try:
        conn = await create_conn(
            host or "localhost",
            int(port),
            request_timeout_ms=10_000,
            ssl_context=options.get("ssl_context"),
            security_protocol=security.protocol,
            sasl_mechanism=options.get("sasl_mechanism"),
            sasl_plain_username=options.get("sasl_plain_username"),
            sasl_plain_password=options.get("sasl_plain_password"),
        )
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    conn.close()
    return None


class KafkaUnreachable(KafkaConnectionError):  # type: ignore[misc]
    """A Kafka client could not connect; the message says why, naming no secret."""


async def connect_or_explain(
    start: Callable[[], Awaitable[None]], bootstrap_servers: str, security: KafkaSecurity
) -> None:
    """Run a client's ``start``; when it cannot bootstrap, raise :class:`KafkaUnreachable`
    with the cause (see :func:`explain_refusal`) instead of aiokafka's bare message."""
    try:
        await start()
    except KafkaConnectionError as exc:
        cause = await explain_refusal(bootstrap_servers, security)
        raise KafkaUnreachable(
            f"cannot connect to Kafka at {bootstrap_servers} with KAFKA_SECURITY_PROTOCOL="
            f"{security.protocol}"
            + (f" as {security.username!r}" if security.uses_sasl else "")
            + f": {cause or exc}"
        ) from exc
