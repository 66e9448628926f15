import mimetypes

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from coophub.access.policies import CHANGE, policy_for
from coophub.core.services import delete_audited, save_new

from .models import Document

ALLOWED_TYPES = {
    "application/pdf": (".pdf",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/msword": (".doc",),
    "text/plain": (".txt",),
    "text/csv": (".csv",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
_MAGIC = {
    ".pdf": b"%PDF",
    ".docx": b"PK",
    ".xlsx": b"PK",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8",
    ".jpeg": b"\xff\xd8",
}


def check_upload(upload, *, field: str = "file", allowed: dict | None = None) -> str:
    """Refuse oversized files and files whose name, declared type and first bytes disagree."""
    allowed = allowed or ALLOWED_TYPES
    limit = settings.COOPHUB_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            {
                field: _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            }
        )
    name = upload.name.lower()
    ext = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    guessed = mimetypes.guess_type(name)[0] or ""
    kinds = [ct for ct, exts in allowed.items() if ext in exts]
    if not kinds:
        names = ", ".join(sorted({e for exts in allowed.values() for e in exts}))
        raise ValidationError(
            {field: _("Files of this type are not accepted. Accepted: %(names)s.") % {"names": names}}
        )
    magic = _MAGIC.get(ext)
    if magic:
        head = upload.read(len(magic))
        upload.seek(0)
        if head != magic:
            raise ValidationError(
                {field: _("The file's content does not match its %(ext)s extension.") % {"ext": ext}}
            )
    return guessed if guessed in kinds else kinds[0]


@transaction.atomic
def attach_document(subject, *, actor, title: str, upload) -> Document:
    policy_for(subject).check(actor, CHANGE, subject)
    content_type = check_upload(upload)
    document = Document(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        title=title.strip() or upload.name,
        file=upload,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    return save_new(document, actor=actor)


@transaction.atomic
def delete_document(document: Document, *, actor) -> None:
    policy_for(Document).check(actor, CHANGE, document)
    document.file.delete(save=False)
    delete_audited(document, actor=actor)


def documents_for(user, subject):
    return (
        policy_for(Document)
        .scope(user)
        .filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)
        .select_related("uploaded_by")
    )


def documents_panel(user, subject) -> dict:
    """What the record page's documents panel (web/_documents.html) needs."""
    return {
        "documents": documents_for(user, subject),
        "content_type": ContentType.objects.get_for_model(subject),
    }
