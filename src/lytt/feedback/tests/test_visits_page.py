"""The visits page: a scoped, filterable list of visits and contacts with a form to
record one. Raw customer identifiers are never shown or stored."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone

from lytt.feedback import actions
from lytt.feedback.customers import customer_key
from lytt.feedback.models import Visit
from lytt.feedback.tests.conftest import SurveySetup, load_touchpoint
from lytt.testing.world import World


def _at(days_ago: int, hour: int = 12) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _rows(page: Any) -> list[Visit]:
    return list(page.context["visits"])


def test_list_is_scoped_filtered_and_shows_markers_not_identifiers(
    world: World, setup: SurveySetup
) -> None:
    known = actions.do_record_visit(
        None,
        unit=world.unit_x,
        channel="in_person",
        employee=world.carla_employee,
        email="kari.nordmann@example.no",
        occurred_at=_at(3),
    )
    again = actions.do_record_visit(
        None,
        unit=world.unit_x,
        channel="phone",
        email=" KARI.nordmann@example.no ",
        occurred_at=_at(1),
    )
    y = actions.do_record_visit(None, unit=world.unit_y, channel="in_person", occurred_at=_at(2))
    actions.do_record_visit(None, unit=world.other_unit, channel="in_person")
    actions.do_submit_response(
        None,
        touchpoint=load_touchpoint(setup.tp_x),
        answers={"nps": 9, "helped": True},
        visit=known,
    )

    alice = world.client("alice")
    page = alice.get("/feedback/visits/")
    assert page.status_code == 200
    assert [v.pk for v in _rows(page)] == [again.pk, y.pk, known.pk]  # newest visit first
    html = page.content.decode()
    assert "kari" not in html.lower() and known.customer.key_hash not in html
    assert known.customer_id == again.customer_id
    assert f"?customer={known.customer_id}" in html
    answered = {v.pk: v.response_id for v in _rows(page)}
    assert answered[known.pk] and answered[again.pk] is None

    def ids(query: str, persona: str = "alice") -> list[int]:
        return [v.pk for v in _rows(world.client(persona).get("/feedback/visits/?" + query))]

    assert ids(f"unit={world.north.pk}") == [again.pk, y.pk, known.pk]
    assert ids(f"unit={world.unit_y.pk}") == [y.pk]
    assert ids("channel=phone") == [again.pk]
    assert ids(f"employee={world.carla_employee.pk}") == [known.pk]
    assert ids(f"customer={known.customer_id}") == [again.pk, known.pk]
    since = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    assert ids(f"since={since}&until={since}") == [y.pk]
    # Scope: bob sees his unit only, carla her own visits, mallory none of these.
    assert ids("", "bob") == [again.pk, known.pk]
    assert ids("", "carla") == [known.pk]
    assert ids(f"unit={world.unit_y.pk}", "bob") == [again.pk, known.pk]  # not his: ignored
    assert ids("", "mallory") and known.pk not in ids("", "mallory")


def test_htmx_filter_returns_only_the_rows(world: World) -> None:
    actions.do_record_visit(None, unit=world.unit_x, channel="in_person")
    rows = world.client("alice").get(
        "/feedback/visits/?channel=in_person",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="visit-results",
    )
    html = rows.content.decode()
    assert "<table" in html and "<h1>" not in html


def test_cursor_pages_through_every_visit_once(world: World) -> None:
    from lytt.feedback import views

    same_time = _at(5)
    for i in range(views.PAGE_SIZE + 7):
        actions.do_record_visit(
            None, unit=world.unit_x, channel="in_person", occurred_at=same_time if i % 2 else _at(i)
        )
    client = world.client("alice")
    first = client.get("/feedback/visits/")
    assert len(_rows(first)) == views.PAGE_SIZE and first.context["has_next"]
    second = client.get("/feedback/visits/" + first.context["next_url"])
    assert not second.context["has_next"]
    seen = [v.pk for v in _rows(first) + _rows(second)]
    assert sorted(seen) == sorted(Visit.objects.values_list("pk", flat=True))
    # A mangled cursor starts again from the newest visit.
    mangled = client.get("/feedback/visits/?cursor=not-a-cursor")
    assert mangled.status_code == 200 and _rows(mangled) == _rows(first)


def test_record_a_visit_hashes_the_customer(world: World) -> None:
    client = world.client("bob")
    form = client.get("/feedback/visits/new/")
    assert form.status_code == 200
    html = form.content.decode()
    assert "Storo" in html and "Sentrum" not in html  # only units bob may record for
    done = client.post(
        "/feedback/visits/new/",
        {
            "occurred_at": "2026-01-05T10:30",
            "unit": world.unit_x.pk,
            "channel": "in_person",
            "employee": world.carla_employee.pk,
            "phone": "+47 912 34 567",
        },
    )
    assert done.status_code == 302 and done["Location"] == "/feedback/visits/"
    visit = Visit.objects.get()
    assert visit.source == "manual" and visit.employee == world.carla_employee
    assert visit.customer is not None
    assert visit.customer.key_hash == customer_key(world.org, phone="+4791234567")
    # The same phone written differently is the same customer.
    again = actions.do_record_visit(None, unit=world.unit_x, channel="phone", phone="004791234567")
    assert again.customer_id == visit.customer_id
    listed = client.get("/feedback/visits/").content.decode()
    assert "912 34" not in listed and "91234567" not in listed


def test_record_refuses_bad_input_and_other_units(world: World) -> None:
    client = world.client("bob")
    future = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    cases = [
        {"occurred_at": future, "unit": world.unit_x.pk, "channel": "in_person"},
        {"occurred_at": "2026-01-05T10:30", "unit": world.unit_y.pk, "channel": "in_person"},
        {"occurred_at": "2026-01-05T10:30", "unit": world.unit_x.pk, "channel": "fax"},
        {"occurred_at": "yesterday", "unit": world.unit_x.pk, "channel": "in_person"},
        {
            "occurred_at": "2026-01-05T10:30",
            "unit": world.unit_x.pk,
            "channel": "in_person",
            "email": "not-an-address",
        },
    ]
    for data in cases:
        page = client.post("/feedback/visits/new/", data)
        assert page.status_code == 200, data
        assert re.search(r'class="field-error"|class="errorlist"', page.content.decode()), data
    assert not Visit.objects.exists()
    assert world.client("carla").get("/feedback/visits/new/").status_code == 403


def test_visit_list_query_count(
    world: World,
    setup: SurveySetup,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    tp = load_touchpoint(setup.tp_x)
    for i in range(30):
        visit = actions.do_record_visit(
            None,
            unit=world.unit_x if i % 2 else world.unit_y,
            channel="in_person",
            employee=world.carla_employee if i % 3 else None,
            loyalty_id=f"L{i % 7}",
        )
        if i % 4 == 0:
            actions.do_submit_response(
                None, touchpoint=tp, answers={"nps": 7, "helped": True}, visit=visit
            )
    client = world.client("alice")
    client.get("/feedback/visits/")  # warm the session and scope
    with django_assert_max_num_queries(7):
        page = client.get(f"/feedback/visits/?unit={world.chain.pk}")
    assert page.status_code == 200 and len(page.context["visits"]) == 30
