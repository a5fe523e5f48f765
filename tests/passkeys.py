"""A passkey authenticator in Python for the server-side tests: what Chromium's virtual authenticator
does in the browser tests (tests/e2e/test_passkeys.py), so the real verification of
django-otp-webauthn and py_webauthn runs on what a browser would send: a P-256 key made here,
"none" attestation, signatures over the server's challenge and the page's origin."""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

# Flags of the authenticator data (WebAuthn §6.1): user present, user verified, credential data.
USER_PRESENT, USER_VERIFIED, ATTESTED_CREDENTIAL = 0x01, 0x04, 0x40
# The default relying party and origin of the test settings (no SITE_URL on localhost).
RP_ID = "localhost"
ORIGIN = "https://localhost"


class SoftAuthenticator:
    """One passkey: `registration(options)` answers the registration options of the server,
    `assertion(options)` signs in with it. Each answer is the JSON the library's script posts."""

    def __init__(self, *, rp_id: str = RP_ID, origin: str = ORIGIN) -> None:
        self.rp_id = rp_id
        self.origin = origin
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.user_handle: bytes | None = None
        self.sign_count = 0

    def registration(self, options: dict[str, Any]) -> dict[str, Any]:
        self.user_handle = base64url_to_bytes(options["user"]["id"])
        client_data = self._client_data("webauthn.create", options["challenge"])
        numbers = self.key.public_key().public_numbers()
        cose_key = cbor2.dumps(
            {1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")}
        )
        credential_data = (
            bytes(16) + len(self.credential_id).to_bytes(2, "big") + self.credential_id + cose_key
        )
        auth_data = self._auth_data(USER_PRESENT | USER_VERIFIED | ATTESTED_CREDENTIAL) + credential_data
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            **self._ids(),
            "response": {
                "clientDataJSON": bytes_to_base64url(client_data),
                "attestationObject": bytes_to_base64url(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
            "authenticatorAttachment": "platform",
        }

    def assertion(self, options: dict[str, Any]) -> dict[str, Any]:
        client_data = self._client_data("webauthn.get", options["challenge"])
        self.sign_count += 1
        auth_data = self._auth_data(USER_PRESENT | USER_VERIFIED)
        signature = self.key.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        return {
            **self._ids(),
            "response": {
                "clientDataJSON": bytes_to_base64url(client_data),
                "authenticatorData": bytes_to_base64url(auth_data),
                "signature": bytes_to_base64url(signature),
                "userHandle": bytes_to_base64url(self.user_handle or b""),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }

    @property
    def id(self) -> str:
        return bytes_to_base64url(self.credential_id)

    def _ids(self) -> dict[str, str]:
        return {"id": self.id, "rawId": self.id, "type": "public-key"}

    def _client_data(self, ceremony: str, challenge: str) -> bytes:
        return json.dumps(
            {"type": ceremony, "challenge": challenge, "origin": self.origin, "crossOrigin": False}
        ).encode()

    def _auth_data(self, flags: int) -> bytes:
        rp_id_hash = hashlib.sha256(self.rp_id.encode()).digest()
        return rp_id_hash + bytes([flags]) + self.sign_count.to_bytes(4, "big")
