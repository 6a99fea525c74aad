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
    list_display = ["__str__", "kind", "stage", "valid_from", "valid_until"]
    list_filter = ["kind", "stage"]
    readonly_fields = ["version"]
    inlines = [PartyInline, ConditionInline]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "created_at"]
    readonly_fields = ["agreement", "number", "file", "created_by"]
