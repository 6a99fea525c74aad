import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from leizu.core.jobs import LeasedJob


class AuditEntry(models.Model):
    """One change made through a service: who, when, what, and the values before and after."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    # Institution whose records the change concerns: lets an institution's admins read its log.
    institution_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # A change to that institution's internal records (trip approvals, internal actions, report
    # drafts): read by its own admins only, never by other institutions' network managers.
    internal = models.BooleanField(default=False)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_label}"

    def changed_fields(self) -> list[str]:
        """Names of the fields whose value differs between before and after."""
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))

    def action_label(self) -> str:
        """What was done, as a phrase in the reader's language ("created", "published")."""
        from leizu.core.audit import action_label

        return action_label(self.action)

    def kind_label(self) -> str:
        """The kind of the changed record, as its model names it ("Visit", "Institution")."""
        from leizu.core.audit import kind_label

        return kind_label(self.object_type)

    def changes(self) -> list[Any]:
        """The changed fields by their labels, with readable values (``core.audit.Change``)."""
        from leizu.core.audit import entry_changes

        return entry_changes(self)

    def display_label(self) -> str:
        """The changed record's name, in the reader's language where the entry holds it."""
        from leizu.core.audit import entry_object_label

        return entry_object_label(self)


def _stored_file_path(instance: "StoredFile", filename: str) -> str:
    # Generated names only: the uploader's file name is kept in a column, never on disk.
    return f"uploads/{instance.id.hex[:2]}/{instance.id.hex}"


class StoredFile(models.Model):
    """An uploaded file. Served only by the view of the domain that owns it (``core.files``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.FileField(upload_to=_stored_file_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    # The institution whose members (and the network's coordinators) may download the file.
    institution_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return self.original_name

    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class WorkbookImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Checking rows")
    DONE = "done", _("Done")
    FAILED = "failed", _("Nothing saved")


class WorkbookImport(LeasedJob):
    """A workbook of records (institutions, graduate supply, …) imported in the background,
    all or nothing, by the importer its ``kind`` names (``core.imports.background``); its row
    shows the progress and the outcome, and holds the lease of the task working on it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The upload, under MEDIA_ROOT with a generated name; removed when the import ends.
    file_path = models.CharField(max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=WorkbookImportStatus.choices,
        default=WorkbookImportStatus.QUEUED,
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    # [{"row": 12, "column": "country", "message": "…"}]; the first few hundred are kept.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("core:import_job", args=[self.pk])

    def is_running(self) -> bool:
        return self.status in (WorkbookImportStatus.QUEUED, WorkbookImportStatus.RUNNING)

    def percent(self) -> int:
        if self.status == WorkbookImportStatus.DONE:
            return 100
        total = max(self.total_rows, self.processed_rows, 1)
        return min(100, int(100 * self.processed_rows / total))
