"""Writing and reading timelines. Reading filters out events whose source record the user may not see."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from coophub.access.policies import VIEW, policy_for

from .models import TimelineEvent

_renderers: dict[str, callable] = {}


def renderer(kind: str):
    """Register how an event kind reads on screen: fn(event) -> str (translated at render time)."""

    def wrap(fn):
        _renderers[kind] = fn
        return fn

    return wrap


def add_event(subject, kind: str, *, actor=None, source=None, occurred_at=None, **data) -> TimelineEvent:
    return TimelineEvent.objects.create(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        kind=kind,
        occurred_at=occurred_at or timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=source.pk if source is not None else None,
        data=data,
    )


def events_for(user, subject, *, kinds: list[str] | None = None):
    events = TimelineEvent.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    ).select_related("actor", "source_type")
    if kinds:
        events = events.filter(kind__in=kinds)
    events = list(events[:500])
    by_type: dict[int, set[int]] = {}
    for ev in events:
        if ev.source_type_id:
            by_type.setdefault(ev.source_type_id, set()).add(ev.source_id)
    visible: set[tuple[int, int]] = set()
    for ct_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        try:
            scope = policy_for(model).scope(user, VIEW)
        except KeyError:
            continue
        visible.update((ct_id, pk) for pk in scope.filter(pk__in=ids).values_list("pk", flat=True))
    shown = [ev for ev in events if not ev.source_type_id or (ev.source_type_id, ev.source_id) in visible]
    for ev in shown:
        fn = _renderers.get(ev.kind)
        ev.text = fn(ev) if fn else ev.kind
    return shown
