"""The programme catalogue that ships with Leizu, and the names of national levels.

``reference/cn_vet_2021.tsv`` holds the codes of China's 2021 vocational programme catalogue
(职业教育专业目录) for the major categories 46 装备制造大类 and 48 轻工纺织大类 at its three levels,
each with its status and sources, names in the five languages and its ISCED-F 2013 field (see
``reference/SOURCES.md``). A data migration loads it; loading again changes nothing.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.utils.translation import pgettext_lazy

from leizu.core.text import search_document

REFERENCE = Path(__file__).resolve().parent / "reference" / "cn_vet_2021.tsv"
CN_CLASSIFIER = "cn-vet"
CN_EDITION = "2021"
CN_NAME = {
    "zh-hans": "职业教育专业目录（2021年）",
    "en": "Catalogue of Vocational Education Programmes (2021)",
    "ru": "Перечень специальностей профессионального образования (2021)",
    "kk": "Кәсіптік білім беру мамандықтарының тізбесі (2021)",
    "uz": "Kasbiy taʼlim yoʻnalishlari katalogi (2021)",
}
CN_SOURCE = {
    "zh-hans": "教育部《职业教育专业目录（2021年）》（教职成〔2021〕2号）及其后增补，依据公开副本整理",
    "en": "Ministry of Education of China, 教职成〔2021〕2号, with later additions; compiled from "
    "public copies",
    "ru": "Министерство образования КНР, 教职成〔2021〕2号, с последующими дополнениями; "
    "составлен по открытым копиям",
    "kk": "ҚХР Білім министрлігі, 教职成〔2021〕2号, кейінгі толықтыруларымен; ашық көшірмелер "
    "бойынша құрастырылған",
    "uz": "XXR Taʼlim vazirligi, 教职成〔2021〕2号, keyingi qoʻshimchalari bilan; ochiq nusxalar "
    "asosida tuzilgan",
}

# National levels of the shipped catalogue, in the users' words.
LEVEL_NAMES = {
    "zhongzhi": pgettext_lazy("Chinese level of education", "secondary vocational (中职)"),
    "gaozhi_zhuanke": pgettext_lazy(
        "Chinese level of education", "higher vocational, short cycle (高职专科)"
    ),
    "benke": pgettext_lazy("Chinese level of education", "vocational bachelor (职业本科)"),
}
LEVEL_ORDER = ["gaozhi_zhuanke", "zhongzhi", "benke"]
_LANGS = {"zh-hans": "zh", "en": "en", "ru": "ru", "kk": "kk", "uz": "uz"}


def level_name(code: str) -> str:
    """A national level's name; an imported catalogue's own level as its users wrote it."""
    return str(LEVEL_NAMES.get(code, code))


def _names(row: dict[str, str], prefix: str) -> dict[str, str]:
    return {
        lang: row[f"{prefix}_{suffix}"]
        for lang, suffix in _LANGS.items()
        if row.get(f"{prefix}_{suffix}")
    }


def shipped_rows(path: Path = REFERENCE) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def load_shipped(catalogue_model: Any, entry_model: Any) -> Any:
    """Create or update the shipped catalogue from its reference file (models passed in, so a
    migration can use its historical ones). Returns the catalogue."""
    catalogue, _created = catalogue_model.objects.update_or_create(
        country="CN",
        classifier=CN_CLASSIFIER,
        edition=CN_EDITION,
        defaults={"name": CN_NAME, "source": CN_SOURCE, "shipped": True},
    )
    existing = {e.code: e for e in entry_model.objects.filter(catalogue=catalogue)}
    order = 0

    def put(code: str, **values: Any) -> Any:
        nonlocal order
        order += 1
        values["order"] = order
        values["search_text"] = search_document(code, *values["name"].values())
        entry = existing.get(code)
        if entry is None:
            entry = existing[code] = entry_model.objects.create(
                catalogue=catalogue, code=code, **values
            )
            return entry
        changed = [k for k, v in values.items() if getattr(entry, k) != v]
        for k in changed:
            setattr(entry, k, values[k])
        if changed:
            entry.save(update_fields=changed)
        return entry

    rows = shipped_rows()
    # A category or class is verified when one of its programmes is, else it has one source.
    parent_status: dict[str, str] = {}
    for row in rows:
        for code in (row["category_code"], row["class_code"]):
            if row["status"] == "verified" or code not in parent_status:
                parent_status[code] = "verified" if row["status"] == "verified" else "single-source"
    placed: set[str] = set()
    for row in rows:
        level = row["level"]
        for code, kind, parent, prefix in (
            (row["category_code"], "category", None, "category_name"),
            (row["class_code"], "class", row["category_code"], "class_name"),
        ):
            if code in placed:
                continue
            placed.add(code)
            put(
                code,
                kind=kind,
                parent=existing[parent] if parent else None,
                level=level,
                name=_names(row, prefix),
                status=parent_status[code],
                edition=CN_EDITION,
            )
        put(
            row["code"],
            kind="programme",
            parent=existing[row["class_code"]],
            level=level,
            name=_names(row, "name"),
            status=row["status"],
            edition=row["edition"],
            sources=row["sources"],
            isced_f=row["isced_f"],
            isced_confidence=row["isced_confidence"],
            isced_basis=row["isced_basis"],
        )
    return catalogue
