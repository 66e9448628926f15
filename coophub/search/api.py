from ninja import Field, Query, Router, Schema

from coophub.api.schemas import ERRORS, InputSchema

from .queries import search

router = Router(tags=["search"])


class SearchParams(InputSchema):
    q: str = Field(
        ..., min_length=1, max_length=200, description="Words to find, with or without diacritics."
    )
    limit: int = Field(20, ge=1, le=100)
    type: list[str] | None = Field(None, description="Restrict to these record types, e.g. partners.partner.")


class HitOut(Schema):
    type: str
    id: int
    title: str
    subtitle: str
    url: str


class SearchOut(Schema):
    count: int
    items: list[HitOut]


@router.get("/search", response={200: SearchOut, **ERRORS}, operation_id="search")
def search_records(request, params: Query[SearchParams]):
    """Full-text search across every record the caller may see."""
    hits = search(request.user, params.q, limit=params.limit, types=params.type)
    return {"count": len(hits), "items": hits}
