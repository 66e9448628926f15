"""Errors raised by service functions; views and the API translate them into messages and status codes."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["Conflict", "NotFound", "PermissionDenied", "ValidationError"]


class Conflict(Exception):
    """A stale edit: the record changed since the caller read it."""

    def __init__(self, message: str, *, current_version: int | None = None):
        super().__init__(message)
        self.message = message
        self.current_version = current_version


class NotFound(Exception):
    """The record does not exist or is outside the caller's scope; both look the same to the caller."""
