"""The platform syncs through a SASL_SSL listener with SCRAM-SHA-512; a wrong password fails fast.

A private broker gets an extra SASL_SSL listener whose certificate a test CA (trustme) signed,
and a SCRAM user made at format time; the services are given only that listener.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import trustme
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from pydantic import SecretStr

from ledgerbus_contracts import EntityType, Topics
from ledgerbus_devtools.kafka_broker import PrivateKafka, SaslSslListener
from ledgerbus_servicekit import EventPublisher, ServiceSettings
from ledgerbus_servicekit.kafka.security import KafkaSecurity, KafkaUnreachable
from ledgerbus_servicekit.testing import free_port, running_app, served_app
from tests.e2e.mirror import differences
from tests.e2e.platform import connect_demo_exact, exact_sandbox, platform_apps
from tests.e2e.test_exact_mirror import sync

pytestmark = [pytest.mark.integration, pytest.mark.slow]
USER, PASSWORD = "ledgerbus", "scram-test-password"


@pytest.fixture(scope="module")
def secured_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PrivateKafka, Path]]:
    folder = tmp_path_factory.mktemp("kafka-sasl-ssl")
    ca = trustme.CA()
    leaf = ca.issue_cert("127.0.0.1", "localhost")
    key = serialization.load_pem_private_key(leaf.private_key_pem.bytes(), password=None)
    chain = [x509.load_pem_x509_certificate(blob.bytes()) for blob in leaf.cert_chain_pems]
    keystore = folder / "broker.p12"
    keystore.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"broker",
            key,  # type: ignore[arg-type]
            chain[0],
            chain[1:],
            serialization.BestAvailableEncryption(b"keystore-password"),
        )
    )
    ca_file = folder / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    listener = SaslSslListener(free_port(), keystore, "keystore-password", {USER: PASSWORD})
    broker = PrivateKafka(folder / "broker", secured=listener)
    broker.start()
    try:
        yield broker, ca_file
    finally:
        broker.stop()


def secured_settings(
    service_settings: Callable[..., ServiceSettings], broker: PrivateKafka, ca_file: Path
) -> Callable[..., ServiceSettings]:
    assert broker.secured is not None

    def build(cls: type[ServiceSettings] = ServiceSettings, **overrides: object) -> ServiceSettings:
        return service_settings(
            cls,
            kafka_bootstrap_servers=f"127.0.0.1:{broker.secured.port}",
            kafka_security_protocol="SASL_SSL",
            kafka_sasl_mechanism="SCRAM-SHA-512",
            kafka_sasl_username=USER,
            kafka_sasl_password=PASSWORD,
            kafka_ssl_cafile=str(ca_file),
            **overrides,
        )

    return build


async def test_a_full_sync_runs_through_the_sasl_ssl_listener(
    secured_broker: tuple[PrivateKafka, Path],
    service_settings: Callable[..., ServiceSettings],
) -> None:
    broker, ca_file = secured_broker
    settings = secured_settings(service_settings, broker, ca_file)
    async with served_app(exact_sandbox()) as exact_url:
        apps = platform_apps(settings, exact_url)
        async with (
            running_app(apps.ledger_store) as ledger,
            running_app(apps.scheduler) as scheduler,
            running_app(apps.connector_exact) as connector,
        ):
            await connect_demo_exact(connector, scheduler, exact_url)
            full = await sync(scheduler, ledger, "full")
            after = await differences(ledger, "demo-exact", exact_url, "100001", list(EntityType))
    assert full["state"] == "succeeded", full
    assert after == {}


@pytest.mark.parametrize("password", ["wrong-password", None])
async def test_wrong_credentials_fail_fast_with_a_clear_error(
    secured_broker: tuple[PrivateKafka, Path], password: str | None
) -> None:
    broker, ca_file = secured_broker
    assert broker.secured is not None
    security = KafkaSecurity(
        protocol="SASL_SSL",
        username=USER,
        password=None if password is None else SecretStr(password),
        ca_file=str(ca_file),
    )
    if password is None:
        assert security.problems() == [
            "KAFKA_SECURITY_PROTOCOL=SASL_SSL needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD"
        ]
        return
    publisher = EventPublisher(
        f"127.0.0.1:{broker.secured.port}", Topics("x."), source="/test", security=security
    )
    began = time.monotonic()
    with pytest.raises(KafkaUnreachable) as refused:
        await publisher.start()
    assert time.monotonic() - began < 60, "a refused login must not hang"
    message = str(refused.value)
    assert "KAFKA_SECURITY_PROTOCOL=SASL_SSL as 'ledgerbus'" in message
    assert "authentication failed" in message.lower(), message
    assert password not in message


async def test_a_broker_certificate_the_ca_did_not_sign_is_named(
    secured_broker: tuple[PrivateKafka, Path],
) -> None:
    broker, _ = secured_broker
    assert broker.secured is not None
    security = KafkaSecurity(
        protocol="SASL_SSL", username=USER, password=SecretStr(PASSWORD), ca_file=None
    )
    publisher = EventPublisher(
        f"127.0.0.1:{broker.secured.port}", Topics("x."), source="/test", security=security
    )
    with pytest.raises(KafkaUnreachable) as refused:
        await publisher.start()
    assert "certificate verify failed" in str(refused.value)
    assert PASSWORD not in str(refused.value)
