"""Pages of a list whose count may be capped.

A search that matches most rows of a large table costs most of its time counting them, and
nobody pages through more than a thousand results: they narrow the search. ``CappedPaginator``
counts at most ``cap`` rows (``COUNT`` over a ``LIMIT`` subquery, which stops scanning there)
and offers the pages of those; ``capped`` says there are more.
"""

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet

SEARCH_CAP = 1000


class CappedPaginator(Paginator):
    def __init__(
        self, object_list: QuerySet[Any], per_page: int, *, cap: int | None = SEARCH_CAP
    ) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        if self.cap is None:
            return super().count
        # Only the ids, unordered: the subquery reads no column the rows show or sort by.
        return self.queryset.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return self._counted if self.cap is None else min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self.cap is not None and self._counted > self.cap
