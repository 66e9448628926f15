"""The engagement pages: list (with export), detail, the form with its row sets, delete, history, status
steps; and the officials' pages. The outcome sub-forms of the detail page are in views_outcomes.py."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from coophub.access.policies import ADD, CHANGE, VIEW, policy_for
from coophub.agreements.models import Agreement
from coophub.core.views import (
    EXPORT_FORMATS,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    post_subform,
    scoped_or_404,
)
from coophub.documents.services import documents_panel
from coophub.partners.models import Partner
from coophub.timeline.services import events_for

from . import services, services_officials
from .choices import EngagementAction
from .filters import EngagementFilter, OfficialFilter
from .forms import (
    ROW_SETS,
    EngagementForm,
    OfficialForm,
    TransitionForm,
    row_data,
    row_errors,
    row_formset,
    visible_contact,
)
from .models import Engagement, Official
from .tables import EngagementTable, OfficialTable, place
from .views_logistics import logistics_context
from .views_outcomes import outcome_panel


def _visible_partners(user):
    return policy_for(Partner).scope(user, VIEW)


# ---------- the list ----------


class EngagementList(ObjectListView):
    model = Engagement
    filterset_class = EngagementFilter
    table_class = EngagementTable
    template_name = "engagements/engagement_list.html"
    title = gettext_lazy("Engagements")
    create_url_name = "engagements:engagement_create"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("leader", "country")
            .prefetch_related(Prefetch("partners", queryset=_visible_partners(self.request.user)))
        )

    def get(self, request):
        filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset(), request=request)
        table = self.table_class(filterset.qs if filterset.is_bound else filterset.queryset)
        export = request.GET.get("_export")
        if export in EXPORT_FORMATS:
            return TableExport(export, table).response(f"engagements.{export}")
        RequestConfig(request, paginate={"per_page": self.per_page}).configure(table)
        context = {
            "title": self.title,
            "filter": filterset,
            "table": table,
            "can_add": self.policy.can(request.user, ADD),
            "create_url_name": self.create_url_name,
            "export_formats": EXPORT_FORMATS,
        }
        template = f"{self.template_name}#results" if request.htmx else self.template_name
        return render(request, template, context)


# ---------- the record ----------


class EngagementDetail(ObjectDetailView):
    model = Engagement
    template_name = "engagements/engagement_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "leader", "lead_unit", "country", "mechanism", "owner_unit", "reviewed_by", "approved_by"
            )
        )

    def get_context(self, engagement):
        user = self.request.user
        partners = _visible_partners(user)
        partner_side = list(engagement.partner_participants.select_related("partner", "country"))
        shown = set(
            partners.filter(pk__in={r.partner_id for r in partner_side if r.partner_id}).values_list(
                "pk", flat=True
            )
        )
        for row in partner_side:
            row.visible_partner = row.partner if row.partner_id in shown else None
        actions = services.allowed_actions(user, engagement)
        vn_side = list(engagement.vn_participants.select_related("official", "unit"))
        return {
            "place": place(engagement),
            "vn_side": vn_side,
            "partner_side": partner_side,
            "people_count": len(vn_side) + len(partner_side),
            "partners": partners.filter(engagements=engagement),
            "agreements": policy_for(Agreement).scope(user, VIEW).filter(engagements=engagement),
            "mechanism_visible": engagement.mechanism_id
            and policy_for(engagement.mechanism).can(user, VIEW, engagement.mechanism),
            "actions": [(a, EngagementAction(a).label) for a in actions],
            "timeline": events_for(user, engagement),
            **outcome_panel(user, engagement, can_change=self.policy.can(user, CHANGE, engagement)),
            **documents_panel(user, engagement),
            **logistics_context(self.request, engagement),
        }


class EngagementEdit(ObjectEditView):
    """The record and its three row sets, saved together by one service call."""

    model = Engagement
    form_class = EngagementForm
    template_name = "engagements/engagement_form.html"

    def new_object(self):
        return Engagement()

    def get_form(self, obj, data=None, files=None):
        initial = {}
        partner_id = self.request.GET.get("partner", "")
        if data is None and not obj.pk and partner_id.isdigit():
            partner = _visible_partners(self.request.user).filter(pk=partner_id).first()
            if partner is not None:
                initial = {
                    "partners": [partner.pk],
                    "countries": [partner.country_id] if partner.country_id else [],
                }
        return EngagementForm(data, files, instance=obj, user=self.request.user, initial=initial)

    def get_formsets(self, obj, data=None) -> dict:
        user, existing = self.request.user, bool(obj.pk)
        vn, partner, outcomes = [], [], []
        if existing:
            vn = [
                {
                    "official": p.official_id,
                    "name": p.name,
                    "title": p.title,
                    "unit": p.unit_id,
                    "role": p.role,
                    "organisation": p.organisation,
                }
                for p in obj.vn_participants.all()
            ]
            partner = [
                {
                    "name": p.name,
                    "title": p.title,
                    "organisation": p.organisation,
                    "partner": p.partner_id,
                    "country": p.country_id,
                    "is_former": p.is_former,
                    "is_acting": p.is_acting,
                    "contact": p.contact_id,
                }
                for p in obj.partner_participants.all()
            ]
            outcomes = [
                {"kind": o.kind, "side": o.side, "text": o.text, "due_on": o.due_on}
                for o in obj.outcomes.filter(commitment__isnull=True, task__isnull=True)
            ]
        extra = 2 if existing else 3
        current = [r["official"] for r in vn if r["official"]]
        return {
            "vn": row_formset(
                "vn", data=data, initial=vn, extra=extra, form_kwargs={"current_officials": current}
            ),
            "partner": row_formset(
                "partner", data=data, initial=partner, extra=extra, form_kwargs={"user": user}
            ),
            "outcomes": row_formset("outcomes", data=data, initial=outcomes, extra=extra),
        }

    def render_form(self, form, obj, formsets=None):
        formsets = formsets or self.get_formsets(obj)
        errors = []
        if formsets["vn"].is_bound:
            for prefix, formset in formsets.items():
                errors += row_errors(formset, ROW_SETS[prefix][1])
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "formsets": [(prefix, ROW_SETS[prefix][1], fs) for prefix, fs in formsets.items()],
                "row_errors": errors,
                "object": obj if obj is not None and obj.pk else None,
                "kept_outcomes": obj.outcomes.exclude(commitment__isnull=True, task__isnull=True)
                if obj is not None and obj.pk
                else [],
                "verbose_name": Engagement._meta.verbose_name,
            },
        )

    def post(self, request, **kwargs):
        obj = self._load()
        form = self.get_form(obj, request.POST, request.FILES)
        formsets = self.get_formsets(obj, request.POST)
        valid = form.is_valid()
        if all([fs.is_valid() for fs in formsets.values()]) and valid:
            saved = self.try_save(form, lambda: self.save(obj, form, formsets))
            if saved is not None:
                return redirect(saved.get_absolute_url())
        return self.render_form(form, obj, formsets)

    def save(self, obj, form, formsets):
        user = self.request.user
        partner_rows = row_data(formsets["partner"])
        for row in partner_rows:
            row["contact"] = visible_contact(user, row.get("contact"), obj)
        people = {
            "vn_participants": row_data(formsets["vn"]),
            "partner_participants": partner_rows,
            "outcomes": row_data(formsets["outcomes"]),
        }
        if obj.pk:
            return services.update_engagement(
                obj, actor=user, data=form.service_data(), version=form.cleaned_data["version"], **people
            )
        return services.create_engagement(actor=user, data=form.service_data(), **people)


class EngagementDelete(ObjectDeleteView):
    model = Engagement
    success_url_name = "engagements:engagement_list"

    def delete(self, obj):
        services.delete_engagement(obj, actor=self.request.user)


class EngagementHistory(ObjectHistoryView):
    model = Engagement


@login_required
@require_POST
def engagement_transition(request, pk):
    """Review, approve or return the record; who may is the service's question (403 with the reason)."""
    engagement = scoped_or_404(request.user, Engagement, pk)

    def save(data):
        return services.transition_engagement(
            engagement, actor=request.user, action=data["action"], version=data["version"]
        )

    def success(data):
        engagement.refresh_from_db()
        return _("Status: %(status)s.") % {"status": engagement.get_status_display()}

    return post_subform(
        request, TransitionForm(request.POST), save, success=success, back=engagement.get_absolute_url()
    )


# ---------- officials ----------


class OfficialList(ObjectListView):
    model = Official
    filterset_class = OfficialFilter
    table_class = OfficialTable
    title = gettext_lazy("Officials")
    create_url_name = "engagements:official_create"

    def get_queryset(self):
        return super().get_queryset().select_related("unit")


@login_required
def official_detail(request, pk):
    official = scoped_or_404(request.user, Official, pk)
    visible = policy_for(Engagement).scope(request.user, VIEW).select_related("country")
    led = list(visible.filter(leader=official))
    joined = list(visible.filter(vn_participants__official=official).exclude(leader=official).distinct())
    context = {
        "object": official,
        "led": led,
        "joined": joined,
        "engagement_count": len(led) + len(joined),
        "timeline": events_for(request.user, official),
        "can_change": policy_for(Official).can(request.user, CHANGE, official),
        "list_url": reverse("engagements:engagement_list") + f"?leader={official.pk}",
    }
    return render(request, "engagements/official_detail.html", context)


class OfficialEdit(ObjectEditView):
    model = Official
    form_class = OfficialForm

    def create(self, form):
        return services_officials.create_official(actor=self.request.user, data=form.service_data())

    def update(self, obj, form):
        return services_officials.update_official(
            obj, actor=self.request.user, data=form.service_data(), version=form.cleaned_data["version"]
        )


class OfficialHistory(ObjectHistoryView):
    model = Official
