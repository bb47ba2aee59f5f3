"""A private single-node KRaft broker for tests that must restart it or secure it.

The shared broker on :9092 is for every test at once; a test that restarts Kafka, or needs
a SASL_SSL listener, starts one of these on free ports from the broker ``deploy/local/kafka.sh``
already fetched (``.local/kafka/lib-<version>``). Its data lives in the directory it is given.
"""

from __future__ import annotations

import base64
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ledgerbus_servicekit.testing import free_port

REPO = Path(__file__).resolve().parents[4]


def kafka_classpath() -> str:
    """The fetched broker's classpath (``kafka.sh fetch`` makes it on first use)."""
    versions = dict(
        line.split("=", 1)
        for line in (REPO / "deploy" / "versions.env").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )
    lib = REPO / ".local" / "kafka" / f"lib-{versions['KAFKA_VERSION']}"
    if not (lib / ".complete").exists():
        subprocess.run([str(REPO / "deploy" / "local" / "kafka.sh"), "fetch"], check=True)  # noqa: S603
    return f"{lib}/*"


@dataclass(frozen=True)
class SaslSslListener:
    """An extra SASL_SSL listener with SCRAM-SHA-512 users and a PKCS#12 keystore."""

    port: int
    keystore: Path
    """The broker's private key and certificate chain, as PKCS#12."""
    keystore_password: str
    users: dict[str, str] = field(default_factory=dict)


@dataclass
class PrivateKafka:
    """One broker process on its own ports and data directory; start, kill and restart it."""

    data_dir: Path
    port: int = field(default_factory=free_port)
    controller_port: int = field(default_factory=free_port)
    secured: SaslSslListener | None = None
    heap: str = "384m"
    process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        """The PLAINTEXT listener."""
        return f"127.0.0.1:{self.port}"

    def _config(self) -> Path:
        """The deploy template's configuration on this broker's ports, plus the secured
        listener (a later key overrides an earlier one in a properties file)."""
        template = (REPO / "deploy" / "kafka" / "server.properties.template").read_text()
        lines = [
            template.replace("@KAFKA_PORT@", str(self.port))
            .replace("@CONTROLLER_PORT@", str(self.controller_port))
            .replace("@DATA_DIR@", str(self.data_dir / "data"))
        ]
        if self.secured:
            plain, secured = f"127.0.0.1:{self.port}", f"127.0.0.1:{self.secured.port}"
            module = "org.apache.kafka.common.security.scram.ScramLoginModule required;"
            prefix = "listener.name.sasl_ssl"
            lines += [
                f"listeners=PLAINTEXT://{plain},SASL_SSL://{secured},"
                f"CONTROLLER://127.0.0.1:{self.controller_port}",
                f"advertised.listeners=PLAINTEXT://{plain},SASL_SSL://{secured}",
                "listener.security.protocol.map="
                "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL",
                "sasl.enabled.mechanisms=SCRAM-SHA-512",
                f"{prefix}.scram-sha-512.sasl.jaas.config={module}",
                f"{prefix}.ssl.keystore.type=PKCS12",
                f"{prefix}.ssl.keystore.location={self.secured.keystore}",
                f"{prefix}.ssl.keystore.password={self.secured.keystore_password}",
                f"{prefix}.ssl.key.password={self.secured.keystore_password}",
            ]
        config = self.data_dir / "server.properties"
        config.write_text("\n".join(lines) + "\n")
        return config

    def _format(self, config: Path) -> None:
        if (self.data_dir / "data" / "meta.properties").exists():
            return
        cluster = "-"
        while cluster.startswith("-"):  # as Kafka's own ids: never read as an option
            cluster = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        args = [*_java(), "-cp", kafka_classpath(), "kafka.tools.StorageTool", "format"]
        args += ["--standalone", "-t", cluster, "-c", str(config)]
        for name, password in (self.secured.users if self.secured else {}).items():
            args += ["--add-scram", f"SCRAM-SHA-512=[name={name},password={password}]"]
        subprocess.run(args, check=True, capture_output=True, timeout=120)  # noqa: S603

    def start(self, timeout: float = 90) -> None:
        """Start the broker (formatting its storage on first start) and wait for its ports."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        config = self._config()
        self._format(config)
        log = (self.data_dir / "kafka.log").open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - the broker we fetched
            [
                *_java(),
                f"-Xmx{self.heap}",
                f"-Xms{self.heap}",
                "-XX:+UseG1GC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                kafka_classpath(),
                "kafka.Kafka",
                str(config),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ},
        )
        ports = [self.port] + ([self.secured.port] if self.secured else [])
        deadline = time.monotonic() + timeout
        while not all(_open(p) for p in ports):
            if self.process.poll() is not None:
                raise RuntimeError(f"Kafka exited; see {self.data_dir / 'kafka.log'}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"Kafka did not open {ports} in {timeout}s")
            time.sleep(0.2)

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        """Stop the broker (SIGKILL: as a crash) and wait until it is gone."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(sig)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)

    def kill(self) -> None:
        """SIGKILL the broker, as a crash, and wait until it is gone."""
        self.stop(signal.SIGKILL)

    def restart(self) -> None:
        """Stop the broker and start it again on the same ports and data."""
        self.stop()
        self.start()


def _java() -> list[str]:
    """Java, quick to start rather than fast at peak (the C1 compiler only)."""
    found = shutil.which("java")
    if found is None:
        raise RuntimeError("Java 17+ is needed to run Kafka")
    return [found, "-XX:TieredStopAtLevel=1"]


def _open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0
