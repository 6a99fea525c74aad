from django.contrib import admin

from leizu.talent.models import (
    GraduateSupply,
    ImportJob,
    OccupationAlias,
    Posting,
    SkillTerm,
    StatedNeed,
)


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = ("title", "country", "region", "posted_on", "isco08", "isced_f", "score")
    list_filter = ("country", "needs_review")
    search_fields = ("title", "employer")
    raw_id_fields = ("institution", "import_job", "reviewed_by")


@admin.register(StatedNeed)
class StatedNeedAdmin(admin.ModelAdmin):
    list_display = ("occupation", "kind", "country", "region", "headcount", "stated_on")
    list_filter = ("kind", "country")
    raw_id_fields = ("institution", "import_job", "created_by")


@admin.register(GraduateSupply)
class GraduateSupplyAdmin(admin.ModelAdmin):
    list_display = ("isced_f", "country", "region", "year", "graduates")
    list_filter = ("country", "year")


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("original_name", "kind", "status", "created_count", "created_at")
    list_filter = ("kind", "status")
    raw_id_fields = ("institution", "created_by")


admin.site.register(OccupationAlias)
admin.site.register(SkillTerm)
