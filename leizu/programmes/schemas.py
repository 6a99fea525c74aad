"""Input and output schemas of the programmes API (``programmes/api.py``).

Every name starts with ``Programme``: the OpenAPI document files schemas by class name.
"""

from typing import Annotated

from ninja import Field, Schema

from leizu.core.schemas import MultilingualText
from leizu.programmes.models import Confidence, EntryKind, EntryStatus

IscedField = Annotated[str, Field(pattern=r"^[0-9]{4}$", description="An ISCED-F 2013 field")]


class ProgrammeCatalogueOut(Schema):
    id: int
    country: str = Field(description="ISO 3166-1 alpha-2")
    classifier: str
    edition: str
    name: MultilingualText
    source: MultilingualText
    shipped: bool = Field(description="Reference data shipped with Leizu")
    programme_count: int


class ProgrammeCatalogueCodeOut(Schema):
    id: int
    catalogue_id: int
    code: str
    kind: EntryKind
    parent_id: int | None
    level: str = Field(description="The national level of education the code belongs to")
    name: MultilingualText
    edition: str = Field(description="The edition that added the code")
    status: EntryStatus = Field(description="Whether independent sources agree on the code")
    sources: str
    isced_f: str = Field(description="Its ISCED-F 2013 field; empty where none is given")
    isced_confidence: Confidence | None
    isced_basis: str = Field(description="Why this field (English)")

    @staticmethod
    def resolve_isced_confidence(obj: object) -> str | None:
        return getattr(obj, "isced_confidence", "") or None


class ProgrammeCatalogueCodeFilter(Schema):
    level: Annotated[str, Field(max_length=40)] | None = None
    field: IscedField | None = Field(None, description="Programmes of this field (and above them)")
    q: Annotated[str, Field(max_length=100)] | None = Field(None, description="Code or name")
