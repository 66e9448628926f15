from typing import Annotated

from ninja import Field, Path, Schema
from pydantic import field_validator


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class InputSchema(Schema):
    """Base of every input (body or query): text may not contain NUL characters, which PostgreSQL cannot store
    or compare (it would answer 500); the offending field is named in a 422 like any other invalid value."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value):
        if _has_nul(value):
            raise ValueError("Text may not contain NUL (\\x00) characters.")
        return value


# Every record id, in a path (RecordId) or a body or query (Id): a positive 64-bit integer, so an absurd id is
# a 422 naming the field rather than a database error (SQLite cannot even bind integers beyond 64 bits).
MAX_ID = 2**63 - 1
RecordId = Annotated[int, Path(..., ge=1, le=MAX_ID)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    field: str | None = None
    errors: list[FieldError] = []


class ConflictOut(ErrorOut):
    current_version: int | None = None


class ListParams(InputSchema):
    """Bounded pagination: no client can ask for an unbounded page or a pathological offset."""

    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**ERRORS, 409: ConflictOut}


def page(queryset, params: ListParams) -> dict:
    return {"count": queryset.count(), "items": list(queryset[params.offset : params.offset + params.limit])}
