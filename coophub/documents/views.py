from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coophub.access.policies import VIEW, policy_for

from . import services
from .models import Document


@login_required
def download(request, pk):
    document = get_object_or_404(policy_for(Document).scope(request.user, VIEW), pk=pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file.name.rsplit("/", 1)[-1],
        content_type=document.content_type,
    )


@login_required
@require_POST
def attach(request, type_id, object_id):
    model = get_object_or_404(ContentType, pk=type_id).model_class()
    try:
        subject = policy_for(model).scope(request.user, VIEW).get(pk=object_id)
    except (KeyError, model.DoesNotExist) as exc:
        raise Http404 from exc
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            services.attach_document(
                subject, actor=request.user, title=request.POST.get("title", ""), upload=upload
            )
            messages.success(request, _("Document attached."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    return redirect(subject.get_absolute_url() + "#documents")


@login_required
@require_POST
def delete(request, pk):
    document = get_object_or_404(policy_for(Document).scope(request.user, VIEW), pk=pk)
    subject = document.subject_type.get_object_for_this_type(pk=document.subject_id)
    services.delete_document(document, actor=request.user)
    messages.success(request, _("Document deleted."))
    return redirect(subject.get_absolute_url() + "#documents")
