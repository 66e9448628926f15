from ninja import NinjaAPI

from . import errors
from .auth import AUTH

api = NinjaAPI(
    title="coophub API",
    version="1",
    description=(
        "The international-cooperation workbench of Viet Nam's Ministry of Agriculture and Environment."
    ),
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
)
errors.install(api)


def mount_routers():
    from coophub.accounts.api import router as accounts_router
    from coophub.partners.api import router as partners_router
    from coophub.search.api import router as search_router

    api.add_router("/", accounts_router)
    api.add_router("/", partners_router)
    api.add_router("/", search_router)
    api.add_router("/", "coophub.imports.api.router")
    api.add_router("/", "coophub.agreements.api.router")
    api.add_router("/", "coophub.agreements.api_commitments.router")
    api.add_router("/", "coophub.agreements.api_reviews.router")
    # api_work first: /tasks/overlaps and /tasks/urging-letter would otherwise match /tasks/{task_id}.
    api.add_router("/", "coophub.assignments.api_work.router")
    api.add_router("/", "coophub.assignments.api.router")
    # Fixed engagement paths (extract, calendar, stats, briefings) before /engagements/{engagement_id}.
    api.add_router("/", "coophub.engagements.api_extract.router")
    api.add_router("/", "coophub.engagements.api_calendar.router")
    api.add_router("/", "coophub.engagements.api_briefing.router")
    api.add_router("/", "coophub.engagements.api_logistics.router")
    api.add_router("/", "coophub.engagements.api.router")
    api.add_router("/", "coophub.overlaps.api.router")
    api.add_router("/", "coophub.notifications.api.router")


mount_routers()
