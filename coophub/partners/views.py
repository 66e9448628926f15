from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coophub.access.policies import CHANGE, VIEW, policy_for
from coophub.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    post_subform,
    scoped_or_404,
)
from coophub.documents.services import documents_panel
from coophub.timeline.services import events_for

from . import services
from .filters import ContactFilter, MechanismFilter, PartnerFilter
from .forms import ContactForm, MechanismForm, MemberForm, PartnerForm, PositionForm, SessionForm
from .models import Contact, Mechanism, MechanismMember, Partner, Position
from .tables import ContactTable, MechanismTable, PartnerTable


def _access_data(form):
    data = dict(form.cleaned_data)
    data.pop("version", None)
    return data


class PartnerList(ObjectListView):
    model = Partner
    filterset_class = PartnerFilter
    table_class = PartnerTable
    title = gettext_lazy("Partners")
    create_url_name = "partners:partner_create"

    def get_queryset(self):
        return super().get_queryset().select_related("country", "owner_unit")


class PartnerDetail(ObjectDetailView):
    model = Partner
    template_name = "partners/partner_detail.html"

    def get_context(self, partner):
        user = self.request.user
        return {
            "contacts": policy_for(Contact)
            .scope(user, VIEW)
            .filter(partner=partner)
            .prefetch_related("positions"),
            "memberships": MechanismMember.objects.filter(
                partner=partner, mechanism__in=policy_for(Mechanism).scope(user, VIEW)
            ).select_related("mechanism"),
            "children": policy_for(Partner).scope(user, VIEW).filter(parent=partner),
            "timeline": events_for(user, partner),
            **documents_panel(user, partner),
        }


class PartnerEdit(ObjectEditView):
    model = Partner
    form_class = PartnerForm
    # A "new partner?" suggestion from text → record links here with the name it found.
    PREFILL = ("name_vi", "name_en", "country", "kind")

    def get_form(self, obj, data=None, files=None):
        initial = {}
        if obj is None and data is None:
            initial = {k: v for k in self.PREFILL if (v := self.request.GET.get(k))}
        return self.form_class(data, files, instance=obj, user=self.request.user, initial=initial)

    def create(self, form):
        return services.create_partner(
            actor=self.request.user, data=_access_data(form), aliases=form.cleaned_data["aliases"]
        )

    def update(self, obj, form):
        return services.update_partner(
            obj,
            actor=self.request.user,
            data=_access_data(form),
            aliases=form.cleaned_data["aliases"],
            version=form.cleaned_data["version"],
        )


class PartnerDelete(ObjectDeleteView):
    model = Partner
    success_url_name = "partners:partner_list"

    def delete(self, obj):
        services.delete_partner(obj, actor=self.request.user)


class PartnerHistory(ObjectHistoryView):
    model = Partner


class ContactList(ObjectListView):
    model = Contact
    filterset_class = ContactFilter
    table_class = ContactTable
    title = gettext_lazy("Contacts")
    create_url_name = "partners:contact_create"

    def get_queryset(self):
        return super().get_queryset().select_related("partner").prefetch_related("positions")


class ContactDetail(ObjectDetailView):
    model = Contact
    template_name = "partners/contact_detail.html"

    def get_context(self, contact):
        return {"position_form": PositionForm(), "positions": contact.positions.all()}


class ContactEdit(ObjectEditView):
    model = Contact
    form_class = ContactForm

    def new_object(self):
        partner_id = self.request.GET.get("partner") or self.request.POST.get("partner")
        return Contact(partner_id=partner_id) if partner_id and partner_id.isdigit() else Contact()

    def _load(self):
        if "pk" not in self.kwargs:
            return self.new_object()
        return super()._load()

    def create(self, form):
        data = _access_data(form)
        partner = scoped_or_404(self.request.user, Partner, data.pop("partner").pk)
        return services.create_contact(actor=self.request.user, partner=partner, data=data)

    def update(self, obj, form):
        data = _access_data(form)
        data.pop("partner", None)
        return services.update_contact(
            obj, actor=self.request.user, data=data, version=form.cleaned_data["version"]
        )


class ContactDelete(ObjectDeleteView):
    model = Contact
    success_url_name = "partners:contact_list"

    def get(self, request, pk):
        obj = self.get_object()
        policy_for(Contact).check(request.user, CHANGE, obj)
        return render(request, self.template_name, {"object": obj})

    def delete(self, obj):
        services.delete_contact(obj, actor=self.request.user)


class ContactHistory(ObjectHistoryView):
    model = Contact


@login_required
@require_POST
def position_add(request, pk):
    contact = scoped_or_404(request.user, Contact, pk, CHANGE)
    return post_subform(
        request,
        PositionForm(request.POST),
        lambda data: services.add_position(contact, actor=request.user, data=data),
        success=_("Position added."),
        back=contact.get_absolute_url(),
    )


@login_required
@require_POST
def position_delete(request, pk, position_id):
    contact = scoped_or_404(request.user, Contact, pk, CHANGE)
    position = Position.objects.filter(contact=contact, pk=position_id).first()
    if position is not None:
        services.delete_position(position, actor=request.user)
        messages.success(request, _("Position removed."))
    return redirect(contact.get_absolute_url())


class MechanismList(ObjectListView):
    model = Mechanism
    filterset_class = MechanismFilter
    table_class = MechanismTable
    title = gettext_lazy("Cooperation mechanisms")
    create_url_name = "partners:mechanism_create"


class MechanismDetail(ObjectDetailView):
    model = Mechanism
    template_name = "partners/mechanism_detail.html"

    def get_context(self, mechanism):
        visible = policy_for(Partner).scope(self.request.user, VIEW)
        return {
            "members": mechanism.memberships.filter(partner__in=visible).select_related("partner"),
            "sessions": mechanism.sessions.all(),
            "member_form": MemberForm(user=self.request.user),
            "session_form": SessionForm(),
            **documents_panel(self.request.user, mechanism),
        }


class MechanismEdit(ObjectEditView):
    model = Mechanism
    form_class = MechanismForm

    def create(self, form):
        return services.create_mechanism(actor=self.request.user, data=_access_data(form))

    def update(self, obj, form):
        return services.update_mechanism(
            obj, actor=self.request.user, data=_access_data(form), version=form.cleaned_data["version"]
        )


class MechanismDelete(ObjectDeleteView):
    model = Mechanism
    success_url_name = "partners:mechanism_list"

    def delete(self, obj):
        services.delete_mechanism(obj, actor=self.request.user)


class MechanismHistory(ObjectHistoryView):
    model = Mechanism


@login_required
@require_POST
def member_set(request, pk):
    mechanism = scoped_or_404(request.user, Mechanism, pk, CHANGE)
    form = MemberForm(request.POST, user=request.user)
    if form.is_valid():
        services.set_member(
            mechanism, form.cleaned_data["partner"], actor=request.user, role=form.cleaned_data["role"]
        )
        messages.success(request, _("Member saved."))
    else:
        messages.error(request, _("Choose a partner and a role."))
    return redirect(mechanism.get_absolute_url())


@login_required
@require_POST
def session_add(request, pk):
    mechanism = scoped_or_404(request.user, Mechanism, pk, CHANGE)
    return post_subform(
        request,
        SessionForm(request.POST),
        lambda data: services.add_session(mechanism, actor=request.user, data=data),
        success=_("Session recorded."),
        back=mechanism.get_absolute_url(),
    )
