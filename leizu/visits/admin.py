from django.contrib import admin

from leizu.visits.models import (
    AgendaItem,
    FollowUpAction,
    Participant,
    PolicyTag,
    Visit,
    VisitParty,
    VisitReport,
)


class PartyInline(admin.TabularInline):
    model = VisitParty
    extra = 0


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["__str__", "direction", "host", "start_date", "status"]
    list_filter = ["direction", "status"]
    readonly_fields = ["version"]
    inlines = [PartyInline]


@admin.register(PolicyTag)
class PolicyTagAdmin(admin.ModelAdmin):
    list_display = ["slug", "__str__"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["__str__", "visit", "side", "role", "protocol_order"]
    raw_id_fields = ["visit", "person"]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "visit", "kind", "starts_at"]
    raw_id_fields = ["visit"]


@admin.register(FollowUpAction)
class FollowUpActionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "visit", "owner", "due_date", "status"]
    list_filter = ["status"]
    raw_id_fields = ["visit", "need", "interest", "proposal"]


@admin.register(VisitReport)
class VisitReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "visit", "language", "status"]
    readonly_fields = ["version"]
