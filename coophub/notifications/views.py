from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coophub.access.policies import CHANGE, VIEW, policy_for

from . import services
from .models import Notification

PAGE_SIZE = 50


@login_required
def inbox(request):
    """The signed-in user's own notifications, unread first, newest first within each group."""
    qs = policy_for(Notification).scope(request.user, VIEW)
    only_unread = request.GET.get("unread") == "1"
    if only_unread:
        qs = qs.filter(read_at__isnull=True)
    qs = qs.annotate(
        read_rank=Case(
            When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("read_rank", "-created_at", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "only_unread": only_unread, "unread": services.unread_count(request.user)},
    )


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(policy_for(Notification).scope(request.user, CHANGE), pk=pk)
    services.mark_read(notification, actor=request.user)
    if request.POST.get("open") and notification.url:
        return redirect(notification.url)
    return _back(request)


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(actor=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s notification marked as read.", "%(count)s notifications marked as read.", count
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Nothing to mark: every notification was already read."))
    return _back(request)
