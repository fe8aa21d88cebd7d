"""Pages anyone may read: the directory, public pledges, events and groups, and joining."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from atr.platform.network.access import Role, allow, roles_of
from atr.platform.network.forms import JoinForm, LoginForm
from atr.platform.network.models import (
    District,
    Event,
    Interest,
    Member,
    Membership,
    NetworkGroup,
    Organisation,
    Pledge,
)
from atr.platform.network.search import Query, find_members, find_organisations, full_text_available
from atr.platform.network.views.common import form_page, page
from atr.platform.network.vocab import SECTORS

RESULTS_SHOWN = 25


@allow(Role.PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    counts = {
        "organisations": Organisation.objects.count(),
        "members": Member.objects.count(),
        "pledges": Pledge.objects.filter(pledge_type="pledge").count(),
        "charters": Pledge.objects.filter(pledge_type="charter").values("organisation").distinct().count(),
        "events": Event.objects.count(),
    }
    upcoming = Event.objects.order_by("-event_date")[:3]
    return render(
        request, "network/home.html", {"page_title": "ATR Network", "counts": counts, "upcoming": upcoming}
    )


@allow(Role.PUBLIC)
def find(request: HttpRequest) -> HttpResponse:
    sectors = dict(SECTORS)
    districts = {d.code: d.name for d in District.objects.all()}
    interests = {i.slug: i.name for i in Interest.objects.all()}
    raw = request.GET
    query = Query(
        text=raw.get("q", "").strip()[:200],
        sector=raw.get("sector", "") if raw.get("sector", "") in sectors else "",
        district=raw.get("district", "") if raw.get("district", "") in districts else "",
        interest=raw.get("interest", "") if raw.get("interest", "") in interests else "",
    )
    organisations = find_organisations(query)
    members = find_members(query)
    context = {
        "page_title": "Find people and organisations",
        "nav": "find",
        "query": query,
        "sectors": sectors.items(),
        "districts": districts.items(),
        "interests": interests.items(),
        "organisations": _organisation_rows(organisations[:RESULTS_SHOWN], districts),
        "organisation_count": organisations.count(),
        "members": _member_rows(members[:RESULTS_SHOWN]),
        "member_count": members.count(),
        "shown": RESULTS_SHOWN,
        "full_text": full_text_available(),
    }
    return render(request, "network/find.html", context)


def _organisation_rows(
    found: QuerySet[Organisation], districts: dict[str, str]
) -> list[tuple[str, str, str]]:
    """(link, name, "sector · districts") for each organisation shown: two queries, no template work.

    The search pages are the busiest of the platform, so their rows are put together here rather
    than by following relations in the template.
    """
    orgs = list(found.only("id", "name", "sector"))
    served: dict[int, list[str]] = {}
    links = Organisation.districts.through.objects.filter(organisation_id__in=[o.pk for o in orgs])
    for org_id, code in links.values_list("organisation_id", "district__code").order_by("district__name"):
        served.setdefault(org_id, []).append(districts.get(code, code))
    return [
        (
            f"/organisations/{o.pk}/",
            o.name,
            " · ".join([o.sector_label, ", ".join(served.get(o.pk, []))]).strip(" ·"),
        )
        for o in orgs
    ]


def _member_rows(found: QuerySet[Member]) -> list[tuple[str, str, str]]:
    """(link, name, "role · organisations") for each listed member shown."""
    people = list(found.only("id", "display_name", "job_title"))
    works_at: dict[int, list[str]] = {}
    links = Membership.objects.filter(member_id__in=[m.pk for m in people]).order_by("id")
    for member_id, name in links.values_list("member_id", "organisation__name"):
        works_at.setdefault(member_id, []).append(name)
    return [
        (
            f"/people/{m.pk}/",
            m.display_name,
            " · ".join([m.job_title, ", ".join(works_at.get(m.pk, []))]).strip(" ·"),
        )
        for m in people
    ]


@allow(Role.PUBLIC)
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organisation.objects.prefetch_related("districts"), pk=pk)
    listed = (
        Membership.objects.filter(organisation=org, member__listed=True)
        .select_related("member")
        .order_by("member__display_name")
    )
    pledges = org.pledges.filter(is_public=True).order_by("-made_date")[:20]
    charter = org.pledges.filter(pledge_type="charter").order_by("made_date").first()
    can_edit = Role.TEAM in roles_of(request.user) or (
        request.user.is_authenticated
        and Membership.objects.filter(organisation=org, member__user=request.user, is_lead=True).exists()
    )
    context = {
        "page_title": org.name,
        "org": org,
        "listed": listed,
        "pledges": pledges,
        "charter": charter,
        "can_edit": can_edit,
    }
    return render(request, "network/organisation.html", context)


@allow(Role.PUBLIC)
def member_profile(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(
        Member.objects.prefetch_related("districts", "interests", "organisations"), pk=pk, listed=True
    )
    pledges = member.pledges.filter(is_public=True).order_by("-made_date")
    show_email = member.contact_preference == "email" and request.user.is_authenticated
    context = {
        "page_title": member.display_name,
        "member": member,
        "pledges": pledges,
        "show_email": show_email,
    }
    return render(request, "network/member.html", context)


@allow(Role.PUBLIC)
def pledges(request: HttpRequest) -> HttpResponse:
    items = (
        Pledge.objects.filter(is_public=True)
        .select_related("member", "organisation")
        .annotate(update_count=Count("updates"))
        .order_by("-made_date", "-id")
    )
    return render(
        request,
        "network/pledges.html",
        {"page_title": "Pledges", "nav": "pledges", "page": page(request, items)},
    )


def _visible_pledge(request: HttpRequest, pk: int) -> Pledge:
    pledge = get_object_or_404(Pledge.objects.select_related("member", "organisation"), pk=pk)
    if pledge.is_public or Role.TEAM in roles_of(request.user):
        return pledge
    if (
        request.user.is_authenticated
        and pledge.member is not None
        and pledge.member.user_id == request.user.pk
    ):
        return pledge
    raise Http404("No such pledge")


@allow(Role.PUBLIC)
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _visible_pledge(request, pk)
    own = (
        request.user.is_authenticated
        and pledge.member is not None
        and pledge.member.user_id == request.user.pk
    )
    context = {
        "page_title": "Pledge",
        "nav": "pledges",
        "pledge": pledge,
        "updates": pledge.updates.all(),
        "own": own,
    }
    return render(request, "network/pledge.html", context)


@allow(Role.PUBLIC)
def events(request: HttpRequest) -> HttpResponse:
    items = (
        Event.objects.select_related("district")
        .annotate(registered=Count("registrations"))
        .order_by("-event_date", "title", "pk")
    )
    return render(
        request,
        "network/events.html",
        {"page_title": "Events", "nav": "events", "page": page(request, items)},
    )


@allow(Role.PUBLIC)
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("district"), pk=pk)
    registered = False
    if Role.MEMBER in roles_of(request.user):
        registered = event.registrations.filter(member=request.user.member).exists()
    context = {
        "page_title": event.title,
        "nav": "events",
        "event": event,
        "reach": event.reach.order_by("-attendees"),
        "attendees": event.counted_attendees(),
        "registration_count": event.registrations.count(),
        "registered": registered,
    }
    return render(request, "network/event.html", context)


@allow(Role.PUBLIC)
def groups(request: HttpRequest) -> HttpResponse:
    items = NetworkGroup.objects.annotate(size=Count("members")).order_by("name")
    return render(request, "network/groups.html", {"page_title": "Groups", "nav": "groups", "groups": items})


@allow(Role.PUBLIC)
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(NetworkGroup, pk=pk)
    listed = group.members.filter(listed=True)
    context = {
        "page_title": group.name,
        "nav": "groups",
        "group": group,
        "listed": listed,
        "unlisted": group.members.filter(~Q(listed=True)).count(),
        **_joining(request, group),
    }
    return render(request, "network/group.html", context)


def _joining(request: HttpRequest, group: NetworkGroup) -> dict[str, bool]:
    """Whether the visitor may join or leave the group here (a signed-in member), and is in it."""
    member = getattr(request.user, "member", None) if request.user.is_authenticated else None
    if member is None:
        return {"can_join": False, "is_in_group": False}
    return {"can_join": True, "is_in_group": group.members.filter(pk=member.pk).exists()}


@allow(Role.PUBLIC)
def join(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("network:me")
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                username=data["email"], email=data["email"], password=data["password"]
            )
            member = Member.objects.create(
                user=user,
                display_name=data["display_name"],
                job_title=data["job_title"],
                listed=data["listed"],
                contact_preference=data["contact_preference"],
                lived_experience=data["lived_experience"] or "",
            )
            member.districts.set(data["districts"])
            member.interests.set(data["interests"])
            if data["organisation"] is not None:
                Membership.objects.create(member=member, organisation=data["organisation"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to the ATR Network")
        return redirect("network:me")
    return form_page(
        request, form, "Join the network", submit="Join", intro="Create an account and a profile."
    )


class _LoginView(auth_views.LoginView):
    template_name = "network/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in", "nav": "login"}


login_view = allow(Role.PUBLIC)(_LoginView.as_view())
logout_view = allow(Role.PUBLIC)(auth_views.LogoutView.as_view())


@allow(Role.PUBLIC)
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "network/accessibility.html", {"page_title": "Accessibility statement"})


@allow(Role.PUBLIC)
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "network/privacy.html", {"page_title": "Privacy"})
