"""REST endpoints of the caller's own notifications: thin adapters over services.py."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from coophub.access.policies import CHANGE, VIEW, policy_for
from coophub.api.schemas import ERRORS, ListParams, RecordId, page

from . import services
from .models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    subject_type: str | None = Field(None, description="app_label.model of the record it is about")
    subject_id: int | None
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    is_read: bool

    @staticmethod
    def resolve_subject_type(obj):
        ct = obj.subject_type
        return f"{ct.app_label}.{ct.model}" if ct else None


class NotificationList(Schema):
    count: int
    items: list[NotificationOut]


class NotificationFilters(ListParams):
    unread: bool | None = Field(None, description="true: unread only; false: read only")


class MarkedOut(Schema):
    count: int


@router.get("/notifications", response={200: NotificationList, **ERRORS}, operation_id="notifications_list")
def list_notifications(request, filters: Query[NotificationFilters]):
    """The caller's own notifications, newest first."""
    qs = policy_for(Notification).scope(request.user, VIEW).select_related("subject_type")
    if filters.unread is not None:
        qs = qs.filter(read_at__isnull=filters.unread)
    return page(qs.order_by("-created_at", "-id"), filters)


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, **ERRORS},
    operation_id="notifications_read",
)
def read_notification(request, notification_id: RecordId):
    """Mark one of the caller's notifications read (repeating it changes nothing)."""
    notification = get_object_or_404(
        policy_for(Notification).scope(request.user, CHANGE).select_related("subject_type"),
        pk=notification_id,
    )
    return services.mark_read(notification, actor=request.user)


@router.post(
    "/notifications/read-all", response={200: MarkedOut, **ERRORS}, operation_id="notifications_read_all"
)
def read_all_notifications(request):
    """Mark every unread notification of the caller read; answers how many changed."""
    return {"count": services.mark_all_read(actor=request.user)}
