"""Another catalogue from a workbook: Kazakhstan's TVET classifier as a college would type it.
All or nothing (a bad row writes nothing), the same file twice changes nothing, and a catalogue
is changed only by the institution that imported it (the shipped one only by operators)."""

import io

from openpyxl import Workbook

from leizu.programmes.io import catalogue_import_xlsx
from leizu.programmes.models import Catalogue, CatalogueEntry

HEADER = ["country", "classifier", "edition", "catalogue_name_en", "code", "parent_code", "kind",
          "level", "name_ru", "name_kk", "name_en", "isced_f", "isced_confidence"]  # fmt: skip
ROWS = [
    ["KZ", "kz-tvet", "2024", "TVET classifier", "07", "", "category", "TiPO", "Инженерия", "Инженерия", "Engineering", "", ""],
    ["KZ", "kz-tvet", "2024", "", "0723", "07", "class", "TiPO", "Текстиль", "Тоқыма", "Textiles", "0723", "high"],
    ["KZ", "kz-tvet", "2024", "", "07230100", "0723", "programme", "TiPO", "Швейное производство и моделирование одежды", "Тігін өндірісі және киімді үлгілеу", "Garment production and modelling", "0723", "high"],
    ["KZ", "kz-tvet", "2024", "", "07130200", "07", "programme", "TiPO", "Электроснабжение", "Электрмен жабдықтау", "Power supply", "0713", "high"],
]  # fmt: skip


def _xlsx(rows: list[list[str]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_a_catalogue_imports_once_and_again_changes_nothing(actors, world):
    first = catalogue_import_xlsx(by=actors["partner_a"], file=_xlsx(ROWS))
    assert first.ok, first.errors
    assert (first.created, first.updated) == (4, 0)
    catalogue = Catalogue.objects.get(classifier="kz-tvet", edition="2024")
    assert catalogue.institution == world["institutions"]["kz1"] and not catalogue.shipped
    garment = CatalogueEntry.objects.get(catalogue=catalogue, code="07230100")
    assert garment.parent.code == "0723" and garment.parent.parent.code == "07"
    assert garment.name["kk"] == "Тігін өндірісі және киімді үлгілеу"
    again = catalogue_import_xlsx(by=actors["partner_a"], file=_xlsx(ROWS))
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 4)
    renamed = [r[:] for r in ROWS]
    renamed[3][10] = "Power supply (by industry)"
    changed = catalogue_import_xlsx(by=actors["partner_a"], file=_xlsx(renamed))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 3)


def test_a_bad_row_writes_nothing_and_every_error_is_listed(actors):
    before = CatalogueEntry.objects.count()
    bad = [r[:] for r in ROWS]
    bad[2][11] = "0799"  # no such detailed field
    bad[3][5] = "99"  # no such parent
    result = catalogue_import_xlsx(by=actors["partner_a"], file=_xlsx(bad))
    assert not result.ok
    assert {(e.row, e.column) for e in result.errors} == {(4, "isced_f"), (5, "parent_code")}
    assert CatalogueEntry.objects.count() == before
    assert not Catalogue.objects.filter(classifier="kz-tvet").exists()


def test_only_the_keeping_institution_changes_a_catalogue_and_nobody_the_shipped_one(actors):
    assert catalogue_import_xlsx(by=actors["partner_a"], file=_xlsx(ROWS)).ok
    theirs = catalogue_import_xlsx(by=actors["partner_b"], file=_xlsx(ROWS[:1]))
    assert not theirs.ok and theirs.errors[0].column == "classifier"
    shipped = [
        ["CN", "cn-vet", "2021", "", "460306", "4603", "programme", "", "x", "", "", "0714", ""]
    ]
    refused = catalogue_import_xlsx(by=actors["coordinator"], file=_xlsx(shipped))
    assert not refused.ok
    assert CatalogueEntry.objects.get(code="460306").name["zh-hans"] == "电气自动化技术"
