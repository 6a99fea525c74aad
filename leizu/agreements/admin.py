from typing import Any

from django.contrib import admin

from leizu.agreements.models import Agreement, AgreementParty, AgreementVersion, Condition


class PartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0


class ConditionInline(admin.TabularInline):
    model = Condition
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    """Read only: agreements change through their pages and API, where approvals are kept."""

    list_display = ["__str__", "kind", "stage", "valid_from", "valid_until"]
    list_filter = ["kind", "stage"]
    inlines = [PartyInline, ConditionInline]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(AgreementVersion)
class AgreementVersionAdmin(admin.ModelAdmin):
    """Versions are kept as they were: what a party approved never changes, even here."""

    list_display = ["__str__", "kind", "created_at"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
