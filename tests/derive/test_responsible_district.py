"""A person no address places in West Yorkshire is placed by the council responsible for them."""

from __future__ import annotations

from datetime import date

from tests.derive.builder import LAD, World


def _without_address(w: World, entity_id: str) -> str:
    w.person(entity_id)
    w.rows["entity"][-1].update(lsoa11_code=None, lad19_code=None)
    return entity_id


def _from_partner(w: World, table: str, partner: str) -> None:
    w.rows[table][-1]["partner_code"] = partner
    w.rows["entity_membership"][-1]["partner_code"] = partner


def test_children_are_placed_by_address_then_by_council_else_not_known() -> None:
    w = World()
    w.person("HOME")
    w.record("csc_episode", "HOME", referral_date=date(2022, 5, 1), primary_need_code="N1")
    _without_address(w, "CSC")
    w.record("csc_episode", "CSC", referral_date=date(2022, 5, 1), primary_need_code="N1")
    _without_address(w, "BOTH")
    w.record("csc_episode", "BOTH", referral_date=date(2022, 5, 1), primary_need_code="N1")
    w.record("lac_episode", "BOTH", start_date=date(2022, 6, 1), reason_new_episode="S", legal_status="C2")
    _from_partner(w, "lac_episode", "380")  # Bradford placed the child; Leeds' social care knows them
    _without_address(w, "POLICE")
    w.record("police_occurrence", None, record_id="occ1", occurrence_date=date(2022, 7, 1))
    w.record("police_involvement", "POLICE", occurrence_id="occ1", role="victim")
    derived = w.derive()

    home = derived.child_year("HOME", "2022/23")
    assert (home["lad19_code"], home["area_source"]) == (LAD, "address")
    council = derived.child_year("CSC", "2022/23")
    assert (council["lad19_code"], council["area_source"]) == ("E08000035", "responsible_council")
    assert council["ward19_code"] is None  # a council places a child in its district, not a ward
    both = derived.child_year("BOTH", "2022/23")
    assert (both["lad19_code"], both["area_source"]) == ("E08000032", "responsible_council")
    police = derived.child_year("POLICE", "2022/23")
    assert (police["lad19_code"], police["area_source"]) == (None, "not_known")
    assert not derived.warehouse.table_exists("derive__responsible_district")


def test_the_run_says_how_many_were_placed_by_council() -> None:
    w = World()
    w.person("HOME")
    w.record("csc_episode", "HOME", referral_date=date(2022, 5, 1), primary_need_code="N1")
    _without_address(w, "CSC")
    w.record("csc_episode", "CSC", referral_date=date(2022, 5, 1), primary_need_code="N1")
    notes = [n for n in w.derive().result.notes if n.startswith("child_year:")]
    assert len(notes) == 1
    # each child is 0-17 in the three periods: 3 of 6 child-years were placed by council
    assert "3 of 6 person-years (50.0%) placed in a district by the council" in notes[0]
