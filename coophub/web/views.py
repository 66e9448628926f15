from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from coophub.access.policies import VIEW, policy_for
from coophub.partners.models import Contact, Mechanism, Partner
from coophub.search.queries import grouped, search


@login_required
def home(request):
    user = request.user
    partners = policy_for(Partner).scope(user, VIEW)
    context = {
        "counts": {
            "partners": partners.count(),
            "contacts": policy_for(Contact).scope(user, VIEW).count(),
            "mechanisms": policy_for(Mechanism).scope(user, VIEW).count(),
        },
        "recent_partners": partners.order_by("-updated_at")[:8],
    }
    return render(request, "web/home.html", context)


@login_required
def search_page(request):
    query = request.GET.get("q", "").strip()[:200]
    hits = search(request.user, query, limit=60) if query else []
    template = "web/search.html#results" if request.htmx else "web/search.html"
    return render(request, template, {"query": query, "groups": grouped(hits), "count": len(hits)})
