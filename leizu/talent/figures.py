"""Talent-gap figures: demand beside supply, by field, country, region, occupation and time.

Demand D = openings of vacancy postings (each posting once, however many institutions hold it)
         + Σ headcount × reliability of stated needs and survey rows
         + Σ headcount × visit reliability of needs recorded during visits (visits capability).
Supply S = graduates a year, summed over the same years.
Gap index (D − S) / (D + S), from −1 (only supply) to +1 (only demand); ratio D / S.

Every figure is an aggregate computed in the database with a fixed number of grouped queries,
so a page's query count does not grow with the number of postings. Evidence is dated by when it
was posted or stated; a period is a range of years.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, FloatField, Sum
from django.db.models.functions import Cast, ExtractYear, TruncMonth
from django.utils import timezone

from leizu.core.access import Actor
from leizu.core.reference import country_name
from leizu.talent import access, selectors
from leizu.talent.codes import field_title, isco_title
from leizu.talent.models import GraduateSupply, Posting, StatedNeed
from leizu.talent.regions import region_find, region_name, region_shape

DEFAULT_VISIT_RELIABILITY = 0.5


@dataclass(frozen=True)
class Filters:
    country: str = ""
    region: str = ""
    field: str = ""
    occupation: str = ""
    year_from: int = 0
    year_to: int = 0
    visit_reliability: float = DEFAULT_VISIT_RELIABILITY

    @property
    def date_from(self) -> datetime.date:
        return datetime.date(self.year_from, 1, 1)

    @property
    def date_to(self) -> datetime.date:
        return datetime.date(self.year_to, 12, 31)

    def query(self, **changes: Any) -> dict[str, Any]:
        """The filters as query parameters (for links to the postings behind a figure)."""
        values = {
            "country": self.country,
            "region": self.region,
            "field": self.field,
            "occupation": self.occupation,
            "year_from": self.year_from,
            "year_to": self.year_to,
            "visit_reliability": (
                self.visit_reliability
                if self.visit_reliability != DEFAULT_VISIT_RELIABILITY
                else None
            ),
            **changes,
        }
        return {k: v for k, v in values.items() if v not in ("", None, 0)}


def filters_from(params: Any) -> Filters:
    """Filters from query parameters; bad values fall back to the defaults."""
    this_year = timezone.localdate().year

    def year(name: str, default: int) -> int:
        raw = str(params.get(name) or "")
        return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default

    year_from = year("year_from", this_year - 2)
    year_to = year("year_to", this_year)
    if year_to < year_from:
        year_from, year_to = year_to, year_from
    raw = params.get("visit_reliability")
    try:
        reliability = float(raw) if raw not in (None, "") else DEFAULT_VISIT_RELIABILITY
    except (TypeError, ValueError):
        reliability = DEFAULT_VISIT_RELIABILITY
    country = str(params.get("country") or "").upper()[:2]
    region = region_find(str(params.get("region") or ""), country) or ""
    field = "".join(c for c in str(params.get("field") or "") if c.isdigit())[:4]
    occupation = "".join(c for c in str(params.get("occupation") or "") if c.isdigit())[:4]
    return Filters(
        country=country,
        region=region,
        field=field,
        occupation=occupation,
        year_from=year_from,
        year_to=year_to,
        visit_reliability=min(1.0, max(0.0, reliability)),
    )


def _filter(qs: Any, f: Filters, date_field: str, *, with_occupation: bool = True) -> Any:
    qs = qs.filter(**{f"{date_field}__gte": f.date_from, f"{date_field}__lte": f.date_to})
    if f.country:
        qs = qs.filter(country=f.country)
    if f.region:
        qs = qs.filter(region=f.region)
    if f.field:
        qs = qs.filter(isced_f__startswith=f.field)
    if f.occupation and with_occupation:
        qs = qs.filter(isco08=f.occupation)
    return qs


def _ratio(d: float, s: float) -> tuple[float | None, float | None]:
    gap = (d - s) / (d + s) if d + s else None
    ratio = d / s if s else None
    return gap, ratio


@dataclass
class Cell:
    postings: float = 0.0
    needs: float = 0.0
    supply: float = 0.0

    @property
    def demand(self) -> float:
        return self.postings + self.needs

    def row(self, key: str, label: str) -> dict[str, Any]:
        gap, ratio = _ratio(self.demand, self.supply)
        return {
            "key": key,
            "label": label,
            "postings": round(self.postings),
            "needs": round(self.needs, 1),
            "demand": round(self.demand, 1),
            "supply": round(self.supply),
            "gap": None if gap is None else round(gap, 3),
            "ratio": None if ratio is None else round(ratio, 2),
        }


def gap_figures(*, actor: Actor, filters: Filters) -> dict[str, Any]:
    """Every figure of the dashboard, in a fixed number of queries."""
    access.require_read(actor)
    f = filters
    by_field: dict[str, Cell] = defaultdict(Cell)
    by_country: dict[str, Cell] = defaultdict(Cell)
    by_region: dict[str, Cell] = defaultdict(Cell)
    by_year: dict[int, Cell] = defaultdict(Cell)

    # 1. postings by field, country, region and year (one grouped query)
    postings = _filter(Posting.objects.counted_once(), f, "posted_on")
    for row in (
        postings.annotate(year=ExtractYear("posted_on"))
        .values("isced_f", "country", "region", "year")
        .annotate(n=Sum("openings"))
        .order_by()
    ):
        n = float(row["n"] or 0)
        by_field[row["isced_f"] or "-"].postings += n
        by_country[row["country"]].postings += n
        by_year[row["year"]].postings += n
        if row["region"]:
            by_region[row["region"]].postings += n

    # 2. stated needs and survey rows, weighted by their reliability (one grouped query)
    needs = _filter(StatedNeed.objects.all(), f, "stated_on")
    weighted = Cast(F("headcount"), FloatField()) * F("reliability")
    for row in (
        needs.annotate(year=ExtractYear("stated_on"))
        .values("isced_f", "country", "region", "year")
        .annotate(w=Sum(weighted))
        .order_by()
    ):
        w = float(row["w"] or 0)
        by_field[row["isced_f"] or "-"].needs += w
        by_country[row["country"]].needs += w
        by_year[row["year"]].needs += w
        if row["region"]:
            by_region[row["region"]].needs += w

    # 3. needs recorded during visits (one query, through the visits capability's selector)
    for need in _visit_need_rows(f, actor):
        w = need["headcount"] * f.visit_reliability
        by_field[need["isced_f"] or "-"].needs += w
        by_country[need["country"]].needs += w
        by_year[need["year"]].needs += w
        if need["region"]:
            by_region[need["region"]].needs += w

    # 4. supply: graduates entered by field, country, region and year (one grouped query)
    supply = GraduateSupply.objects.filter(year__gte=f.year_from, year__lte=f.year_to)
    if f.country:
        supply = supply.filter(country=f.country)
    if f.region:
        supply = supply.filter(region=f.region)
    if f.field:
        supply = supply.filter(isced_f__startswith=f.field)
    if not f.occupation:  # graduates are counted by field, not by occupation
        entered: set[tuple[str, str, int]] = set()
        for row in (
            supply.values("isced_f", "country", "region", "year")
            .annotate(g=Sum("graduates"))
            .order_by()
        ):
            g = float(row["g"] or 0)
            entered.add((row["isced_f"], row["country"], row["year"]))
            by_field[row["isced_f"]].supply += g
            by_country[row["country"]].supply += g
            by_year[row["year"]].supply += g
            if row["region"]:
                by_region[row["region"]].supply += g
        # 5. graduates of the programmes institutions record (one grouped query), where no
        # supply was entered for the field, country and year: entered figures are whole
        # statistics that count those graduates already. Programmes carry no region.
        if not f.region:
            for field_code, country, year, graduates in selectors.programme_graduate_figures(
                year_from=f.year_from,
                year_to=f.year_to,
                country=f.country or None,
                field=f.field or None,
            ):
                if (field_code, country, year) in entered:
                    continue
                g = float(graduates or 0)
                by_field[field_code].supply += g
                by_country[country].supply += g
                by_year[year].supply += g

    total = Cell(
        postings=sum(c.postings for c in by_field.values()),
        needs=sum(c.needs for c in by_field.values()),
        supply=sum(c.supply for c in by_field.values()),
    )
    fields = sorted(
        (c.row(k, field_title(k) if k != "-" else "") for k, c in by_field.items()),
        key=lambda r: (-r["demand"], -r["supply"], r["key"]),
    )
    countries = sorted(
        (c.row(k, country_name(k)) for k, c in by_country.items()),
        key=lambda r: (-r["demand"], r["key"]),
    )
    regions = sorted(
        (c.row(k, region_name(k)) for k, c in by_region.items()),
        key=lambda r: (-r["demand"], r["key"]),
    )
    years = [by_year[y].row(str(y), str(y)) for y in range(f.year_from, f.year_to + 1)]
    return {
        "filters": f,
        "total": total.row("", ""),
        "fields": fields,
        "countries": countries,
        "regions": regions,
        "years": years,
        "map": _map_data(by_region),
        "trend": _trend(postings, [r["key"] for r in fields if r["key"] != "-"][:5]),
        "occupations": _occupations(postings),
    }


def _visit_need_rows(f: Filters, actor: Actor) -> list[dict[str, Any]]:
    found = selectors.visit_need_figures(
        actor=actor,
        date_from=f.date_from,
        date_to=f.date_to,
        country=f.country or None,
        field_code=f.field or None,
        isco_code=f.occupation or None,
    )
    rows = []
    for field_code, isco, country, region, headcount, start in found:
        texts = list((region or {}).values()) if isinstance(region, dict) else [str(region or "")]
        code = next((c for c in (region_find(t, country) for t in texts) if c), "")
        if f.region and code != f.region:
            continue
        rows.append(
            {
                "isced_f": field_code,
                "isco08": isco,
                "country": country,
                "region": code,
                "headcount": float(headcount or 0),
                "year": start.year,
            }
        )
    return rows


def _map_data(by_region: dict[str, Cell]) -> list[dict[str, Any]]:
    shapes: dict[str, float] = defaultdict(float)
    for code, cell in by_region.items():
        shapes[region_shape(code)] += cell.demand
    return [{"name": k, "value": round(v, 1)} for k, v in sorted(shapes.items()) if v]


def _trend(postings: Any, top_fields: list[str]) -> dict[str, Any]:
    """Postings a month, in total and for the fields with most demand (one grouped query)."""
    months: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        postings.annotate(month=TruncMonth("posted_on"))
        .values("month", "isced_f")
        .annotate(n=Sum("openings"))
        .order_by()
    ):
        key = row["month"].strftime("%Y-%m")
        months[key]["total"] += row["n"] or 0
        if row["isced_f"] in top_fields:
            months[key][row["isced_f"]] += row["n"] or 0
    labels = sorted(months)
    series = [{"key": "total", "values": [months[m]["total"] for m in labels]}]
    series += [
        {"key": code, "label": field_title(code), "values": [months[m][code] for m in labels]}
        for code in top_fields
    ]
    return {"months": labels, "series": series}


def _occupations(postings: Any, limit: int = 12) -> list[dict[str, Any]]:
    rows = (
        postings.exclude(isco08="")
        .values("isco08")
        .annotate(n=Sum("openings"), postings=Count("id"))
        .order_by("-n", "isco08")[:limit]
    )
    return [
        {
            "key": r["isco08"],
            "label": isco_title(r["isco08"]),
            "demand": r["n"],
            "postings": r["postings"],
        }
        for r in rows
    ]


def summary(*, actor: Actor) -> dict[str, Any]:
    """The home panel's numbers: postings this year and last, fields with the widest gap."""
    figures = gap_figures(actor=actor, filters=filters_from({}))
    widest = [r for r in figures["fields"] if r["key"] != "-" and r["gap"] is not None]
    widest.sort(key=lambda r: (-(r["gap"] or 0), -r["demand"]))
    return {"total": figures["total"], "widest": widest[:4]}
