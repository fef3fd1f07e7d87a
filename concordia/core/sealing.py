"""Seal a secret for a short stay in storage we do not fully trust (the task queue's table or
Redis): encrypted and authenticated with a key derived from SECRET_KEY, so whoever reads the
queue cannot use what is in it."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

__all__ = ["InvalidToken", "seal", "unseal"]


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"concordia.sealing:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str:
    """The secret; raises InvalidToken when it was tampered with or sealed under another key."""
    return _fernet().decrypt(sealed.encode()).decode()
