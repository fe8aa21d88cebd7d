"""The public search: the database's full-text search on PostgreSQL, a word match on SQLite."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from atr.platform.network.models import District, Interest, Member, Membership, Organisation
from atr.platform.network.search import Query, find_members, find_organisations, full_text_available


@pytest.fixture
def directory(accounts: Any) -> dict[str, Any]:
    leeds = District.objects.get(code="E08000035")
    school = Organisation.objects.create(
        name="Riverside Primary Academy", sector="education", description="A school teaching nurture groups."
    )
    school.districts.add(leeds)
    teacher = accounts.member.member
    teacher.job_title = "Head teacher"
    teacher.expertise = "attachment in schools"
    teacher.save()
    teacher.districts.add(leeds)
    teacher.interests.add(Interest.objects.get(slug="schools"))
    Membership.objects.create(member=teacher, organisation=school)
    hidden = accounts.lead.member
    hidden.listed = False
    hidden.expertise = "attachment in schools"
    hidden.save()
    return {"school": school, "teacher": teacher, "hidden": hidden}


def test_words_and_filters_find_organisations_and_listed_people(directory: dict[str, Any]) -> None:
    orgs = list(find_organisations(Query(text="riverside academy", sector="education", district="E08000035")))
    assert directory["school"] in orgs
    people = list(
        find_members(Query(text="attachment", interest="schools", district="E08000035", sector="education"))
    )
    assert people == [directory["teacher"]]
    assert (
        not find_organisations(Query(text="riverside", sector="police"))
        .filter(pk=directory["school"].pk)
        .exists()
    )


def test_people_who_did_not_consent_are_never_found(directory: dict[str, Any]) -> None:
    found = set(find_members(Query(text="attachment")))
    assert directory["hidden"] not in found
    assert all(m.listed for m in find_members(Query()))
    assert find_members(Query()).count() == Member.objects.filter(listed=True).count()


def test_postgresql_uses_full_text_search_with_stemming(directory: dict[str, Any]) -> None:
    if connection.vendor != "postgresql":
        assert not full_text_available()
        pytest.skip("SQLite has no full-text search in Django; the word match is tested above")
    assert full_text_available()
    # "schools" and "nurturing" match "school" and "nurture" only through English stemming.
    assert directory["school"] in find_organisations(Query(text="schools nurturing"))
    for found in (find_organisations(Query(text="schools")), find_members(Query(text="schools"))):
        sql = str(found.query)  # the stored, indexed vector (migration 0004), never recomputed
        assert 'search_vector" @@ websearch_to_tsquery' in sql and "to_tsvector" not in sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'network_member'")
        assert any("gin (search_vector)" in row[0] for row in cursor.fetchall())


def test_the_search_page_escapes_and_bounds_what_it_is_given(directory: dict[str, Any]) -> None:
    response = Client().get(reverse("network:find"), {"q": "<script>x</script>" * 50, "sector": "nonsense"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>x" not in page
    assert response.context["query"].sector == "" and len(response.context["query"].text) <= 200
    listed = (
        Client().get(reverse("network:find"), {"q": "riverside", "district": "E08000035"}).content.decode()
    )
    assert "Riverside Primary Academy" in listed
