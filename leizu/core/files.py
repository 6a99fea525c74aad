"""Secure uploads: the type is sniffed from the content, the size capped, the name generated.

Files have no URL of their own: each is served by the view of the domain that owns it (a visit
attachment through the visit, a logo through its institution), after that domain's access check.
"""

import hashlib
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from leizu.core.audit import audit_record
from leizu.core.errors import ServiceError
from leizu.core.models import StoredFile

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif"})
DOCUMENT_TYPES = frozenset(
    {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)
ALLOWED_TYPES = IMAGE_TYPES | DOCUMENT_TYPES


def sniff_type(head: bytes) -> str | None:
    """The MIME type that the file's first bytes show, or None when unknown."""
    kind = filetype.guess(head)
    return kind.mime if kind else None


def validate_upload(upload: UploadedFile, allowed: frozenset[str] = ALLOWED_TYPES) -> str:
    """Check size and content type; return the sniffed type or raise ValidationError."""
    limit = settings.LEIZU_UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB."), params={"limit": limit // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    mime = sniff_type(head)
    # filetype reports OOXML documents as zip in some versions: look at the name then.
    if mime == "application/zip":
        name = (upload.name or "").lower()
        if name.endswith(".docx"):
            mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        elif name.endswith(".xlsx"):
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if mime not in allowed:
        raise ValidationError(
            _("This type of file is not accepted. Accepted: %(types)s."),
            params={"types": ", ".join(sorted(t.split("/")[-1].split(".")[-1] for t in allowed))},
        )
    return mime


@transaction.atomic
def stored_file_create(
    *,
    upload: UploadedFile,
    by: Any,
    institution_id: int | None,
    allowed: frozenset[str] = ALLOWED_TYPES,
) -> StoredFile:
    try:
        mime = validate_upload(upload, allowed)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), fields={"file": exc.messages}) from exc
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    stored = StoredFile(
        original_name=(upload.name or "file")[-255:],
        content_type=mime,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        institution_id=institution_id,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    stored.file.save(stored.id.hex, upload, save=False)
    stored.save()
    audit_record(
        actor=by,
        action="file.upload",
        obj=stored,
        institution_id=institution_id,
        after={"name": stored.original_name, "type": mime, "size": stored.size},
    )
    return stored


def stored_file_delete(*, stored: StoredFile, by: Any) -> None:
    """Delete the row now and the file on disk once the transaction has committed."""
    name, storage = stored.file.name, stored.file.storage
    pk = stored.pk
    stored.delete()
    audit_record(
        actor=by,
        action="core.file.delete",
        object_type="core.storedfile",
        object_id=str(pk),
        label=stored.original_name,
        institution_id=stored.institution_id,
        before={"name": stored.original_name, "type": stored.content_type, "size": stored.size},
    )
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def file_response(stored: StoredFile) -> FileResponse:
    """Serve a stored file. Only the owning domain's view calls this, after its access check:
    images and PDFs inline, everything else as a download, never sniffed or scripted."""
    inline = stored.is_image() or stored.content_type == "application/pdf"
    response = FileResponse(
        stored.file.open("rb"),
        content_type=stored.content_type,
        as_attachment=not inline,
        filename=stored.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
