"""Encryption of secrets at rest (tokens, keys), with Fernet from ``cryptography``."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken
from pydantic import SecretStr


class SecretBox:
    """Encrypts and decrypts secrets with one key; a wrong key raises, it never guesses."""

    def __init__(self, key: SecretStr) -> None:
        self._fernet = Fernet(key.get_secret_value().encode())

    def encrypt(self, plaintext: str) -> bytes:
        """The ciphertext of ``plaintext``."""
        return self._fernet.encrypt(plaintext.encode())

    def decrypt(self, ciphertext: bytes) -> SecretStr:
        """The secret behind ``ciphertext``, wrapped so that it never prints."""
        try:
            return SecretStr(self._fernet.decrypt(ciphertext).decode())
        except InvalidToken as exc:
            raise ValueError("secret cannot be decrypted with the configured key") from exc

    @staticmethod
    def generate_key() -> str:
        """A new random key, for ``ENCRYPTION_KEY``."""
        return Fernet.generate_key().decode()
