"""Recommendations for stated needs: the host's programmes in the need's field first, with
reasons in the need's language; an off-field need gets low scores; the command reads JSONL and
writes JSONL in the interface the checks use."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from leizu.programmes.models import Programme
from leizu.talent.engine.recommend import Offer, rank_offers, score_offer

READING = {
    "fields": [{"isced_f": "0723", "score": 0.9}, {"isced_f": "0212", "score": 0.3}],
    "occupations": [{"isco08": "7531", "score": 0.9}],
}


def test_the_needs_field_beats_a_neighbouring_one_and_an_occupation_adds():
    offers = [
        Offer("design", "0212"),
        Offer("textiles", "0723"),
        Offer("tailoring", "0723", ("7531",)),
        Offer("welding", "0715", ("7212",)),
    ]
    ranked = [o.key for o, _s, _r in rank_offers(READING, offers)]
    assert ranked == ["tailoring", "textiles", "design", "welding"]
    _o, weld, reasons = rank_offers(READING, offers)[-1]
    assert weld < 0.1 and reasons == []


codes = st.sampled_from(["0723", "0212", "0714", "0715", "0713", "0788", "0311"])
occupations = st.lists(st.sampled_from(["7531", "7533", "8153", "3115", "7212"]), max_size=3)


@settings(max_examples=200, deadline=None, database=None)
@given(field=codes, own=occupations, extra=st.sampled_from(["7531", "7533", "8153", "3115"]))
def test_preparing_for_one_more_occupation_never_lowers_a_score(field, own, extra):
    before, _ = score_offer(Offer("p", field, tuple(own)), [("0723", 0.9)], [("7531", 0.8)])
    after, _ = score_offer(Offer("p", field, (*own, extra)), [("0723", 0.9)], [("7531", 0.8)])
    assert after >= before
    assert 0.0 <= before <= 1.0


def _run(lines: list[dict]) -> list[dict]:
    src = io.StringIO("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\nnot json\n")
    out = io.StringIO()
    import sys

    old_stdin, sys.stdin = sys.stdin, src
    try:
        call_command("recommend_programmes", "--input", "-", "--output", "-", stdout=out)
    finally:
        sys.stdin = old_stdin
    return [json.loads(x) for x in out.getvalue().splitlines()]


def test_the_command_ranks_the_hosts_programmes_with_reasons_in_the_needs_language(world):
    rows = _run(
        [
            {"id": "n1", "text": "Не хватает швей и закройщиков на швейных фабриках", "lang": "ru"},
            {"id": "n2", "text": "缺少电气自动化技术人员和电工", "lang": "zh"},
            {"id": "n3", "text": "Shortage of mathematics teachers in primary schools"},
        ]
    )
    assert [r["id"] for r in rows] == ["n1", "n2", "n3", None]
    sewing, electrical, maths, broken = rows
    assert sewing["programmes"][0]["isced_f"] == "0723"
    assert len(sewing["programmes"]) == 10
    assert set(sewing["programmes"][0]) == {
        "code",
        "catalogue",
        "name",
        "isced_f",
        "score",
        "reasons",
    }
    assert sewing["programmes"][0]["catalogue"] == "cn-vet:2021"
    assert any("Готовит" in r or "област" in r for r in sewing["programmes"][0]["reasons"])
    assert electrical["programmes"][0]["isced_f"] in ("0713", "0714")
    assert all(p["score"] < 0.2 for p in maths["programmes"])
    scores = [p["score"] for p in sewing["programmes"]]
    assert scores == sorted(scores, reverse=True)
    assert "error" in broken


def test_without_host_programmes_the_command_says_what_to_do(world):
    Programme.objects.filter(institution__is_host=True).delete()
    with pytest.raises(CommandError, match="host college"):
        call_command("recommend_programmes", "--input", "-", "--output", "-")
