"""The request id of the work in progress, so audit events written deep in services can carry it."""

import contextlib
import uuid
from contextvars import ContextVar

_request_id: ContextVar[uuid.UUID | None] = ContextVar("coophub_request_id", default=None)


def current_request_id() -> uuid.UUID:
    rid = _request_id.get()
    return rid if rid is not None else uuid.uuid4()


@contextlib.contextmanager
def request_context(request_id: uuid.UUID | None = None):
    """Used by the middleware, background tasks and commands so one unit of work shares one id."""
    token = _request_id.set(request_id or uuid.uuid4())
    try:
        yield _request_id.get()
    finally:
        _request_id.reset(token)
