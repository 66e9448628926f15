"""Generic list / detail / edit / delete / history views, configured by data per model (NetBox style).

Every read starts from the model policy's scope: a record outside it answers 404, so its existence is not
revealed; a visible record the user may not change answers 403 with the reason.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from coophub.access.policies import ADD, CHANGE, DELETE, VIEW, policy_for
from coophub.audit.services import history_for

from .errors import Conflict

EXPORT_FORMATS = ("csv", "xlsx")


def add_service_errors(form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form field it names (or to the form as a whole)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


def form_errors(form) -> str:
    """An invalid form's errors as one message, each prefixed with its field's label."""
    return "; ".join(
        f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
        for name, errors in form.errors.items()
    )


def service_errors(exc: ValidationError, form=None) -> str:
    """A service's refusal as one message, each field's errors prefixed with its label if the form has it."""
    labels = {name: field.label for name, field in form.fields.items()} if form is not None else {}
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{labels[name]}: {' '.join(errors)}" if name in labels else " ".join(errors)
            for name, errors in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def post_subform(request, form, save, *, success, back: str):
    """A small form posted from a record's page (a contact's position, a task's progress report): save it with
    `save(cleaned_data)`, a service call; report the outcome as a message naming the fields at fault (a stale
    version as its own message); go back to the page. `form` may be None for a bare action; `success` is the
    message, or makes it from the cleaned data."""
    data = {}
    if form is not None:
        if not form.is_valid():
            messages.error(request, form_errors(form))
            return redirect(back)
        data = form.cleaned_data
    try:
        save(data)
    except ValidationError as exc:
        messages.error(request, service_errors(exc, form))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success(data) if callable(success) else success)
    return redirect(back)


def record_urls(obj) -> dict[str, str]:
    """The history, edit and delete pages of a record, named `<app>:<model>_<page>` by convention."""
    prefix = f"{obj._meta.app_label}:{obj._meta.model_name}"
    return {page: reverse(f"{prefix}_{page}", args=[obj.pk]) for page in ("history", "edit", "delete")}


class ScopedMixin(LoginRequiredMixin):
    model = None

    @property
    def policy(self):
        return policy_for(self.model)

    def get_queryset(self):
        return self.policy.scope(self.request.user, VIEW)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])


class ObjectListView(ScopedMixin, View):
    filterset_class = None
    table_class = None
    template_name = "web/object_list.html"
    per_page = 25
    title = ""
    create_url_name = ""

    def get(self, request):
        filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset(), request=request)
        qs = filterset.qs if filterset.is_bound else filterset.queryset
        table = self.table_class(qs)
        export = request.GET.get("_export")
        if export in EXPORT_FORMATS:
            # Exactly the filtered rows, all pages, nothing the user may not see.
            exporter = TableExport(export, table, exclude_columns=("actions",))
            return exporter.response(f"{self.model._meta.model_name}s.{export}")
        RequestConfig(request, paginate={"per_page": self.per_page}).configure(table)
        context = {
            "title": self.title or self.model._meta.verbose_name_plural,
            "filter": filterset,
            "table": table,
            "can_add": self.policy.can(request.user, ADD),
            "create_url_name": self.create_url_name,
            "export_formats": EXPORT_FORMATS,
        }
        template = f"{self.template_name}#results" if request.htmx else self.template_name
        return render(request, template, context)


class ObjectDetailView(ScopedMixin, View):
    template_name = ""

    def get_context(self, obj) -> dict:
        return {}

    def get(self, request, pk):
        obj = self.get_object()
        context = {
            "object": obj,
            "can_change": self.policy.can(request.user, CHANGE, obj),
            "can_delete": self.policy.can(request.user, DELETE, obj),
            "record_urls": record_urls(obj),
            **self.get_context(obj),
        }
        return render(request, self.template_name, context)


class ObjectEditView(ScopedMixin, View):
    """Create (no pk) or update (pk). Subclasses provide the form and call their service."""

    form_class = None
    template_name = "web/object_form.html"

    def get_form(self, obj, data=None, files=None):
        return self.form_class(data, files, instance=obj, user=self.request.user)

    def create(self, form):
        raise NotImplementedError

    def update(self, obj, form):
        raise NotImplementedError

    def new_object(self):
        return None

    def _load(self):
        if "pk" not in self.kwargs:
            if not self.policy.can(self.request.user, ADD):
                raise PermissionDenied(self.policy.denial_reason(self.request.user, ADD, None))
            return self.new_object()
        obj = self.get_object()
        self.policy.check(self.request.user, CHANGE, obj)
        return obj

    def render_form(self, form, obj):
        return render(
            self.request,
            self.template_name,
            {"form": form, "object": obj, "model": self.model, "verbose_name": self.model._meta.verbose_name},
        )

    def get(self, request, **kwargs):
        obj = self._load()
        return self.render_form(self.get_form(obj), obj)

    def try_save(self, form, save):
        """Call `save()`, a service: the record it saved, or None with its refusal shown on the form."""
        try:
            saved = save()
        except ValidationError as exc:
            add_service_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(self.request, _("Saved."))
            return saved
        return None

    def post(self, request, **kwargs):
        obj = self._load()
        form = self.get_form(obj, request.POST, request.FILES)
        if form.is_valid():
            saved = self.try_save(
                form, lambda: self.update(obj, form) if obj is not None and obj.pk else self.create(form)
            )
            if saved is not None:
                return redirect(saved.get_absolute_url())
        return self.render_form(form, obj)


class ObjectDeleteView(ScopedMixin, View):
    template_name = "web/object_confirm_delete.html"
    success_url_name = ""

    def delete(self, obj):
        raise NotImplementedError

    def get(self, request, pk):
        obj = self.get_object()
        self.policy.check(request.user, DELETE, obj)
        return render(request, self.template_name, {"object": obj})

    def post(self, request, pk):
        obj = self.get_object()
        try:
            self.delete(obj)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(obj.get_absolute_url())
        messages.success(request, _("Deleted."))
        return redirect(self.success_url_name)


class ObjectHistoryView(ScopedMixin, View):
    template_name = "web/object_history.html"

    def get(self, request, pk):
        obj = self.get_object()
        return render(request, self.template_name, {"object": obj, "events": history_for(obj)[:200]})


def scoped_or_404(user, model, pk, action=VIEW):
    obj = policy_for(model).scope(user, VIEW).filter(pk=pk).first()
    if obj is None:
        raise Http404
    if action != VIEW:
        policy_for(model).check(user, action, obj)
    return obj
