"""Schema pieces shared by the apps' API routers."""

from typing import Literal

from ninja import Schema

LanguageCode = Literal["zh-hans", "en", "ru", "kk", "uz"]
# One text per interface language, e.g. {"en": "Textile College", "zh-hans": "纺织学院"}.
MultilingualText = dict[LanguageCode, str]


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]
