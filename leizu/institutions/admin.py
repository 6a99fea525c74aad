from django.contrib import admin

from leizu.institutions.models import Institution, OrgUnit, Person


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "country", "is_host", "is_active"]
    list_filter = ["kind", "country", "is_host", "is_active"]
    search_fields = ["search_text"]
    readonly_fields = ["version", "search_text"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["__str__", "institution", "kind"]
    list_filter = ["kind"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "institution"]
    search_fields = ["search_text"]
    readonly_fields = ["version", "search_text"]
