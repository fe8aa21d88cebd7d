"""URLs of the network app. Every view names its role (``access.allow``); a test walks them all."""

from __future__ import annotations

from django.urls import path

from atr.platform.network.views import belonging, lead, member, public, team

app_name = "network"

urlpatterns = [
    path("", public.home, name="home"),
    path("find/", public.find, name="find"),
    path("organisations/<int:pk>/", public.organisation, name="organisation"),
    path("people/<int:pk>/", public.member_profile, name="member"),
    path("pledges/", public.pledges, name="pledges"),
    path("pledges/<int:pk>/", public.pledge_detail, name="pledge"),
    path("events/", public.events, name="events"),
    path("events/<int:pk>/", public.event_detail, name="event"),
    path("groups/", public.groups, name="groups"),
    path("groups/<int:pk>/", public.group_detail, name="group"),
    path("join/", public.join, name="join"),
    path("sign-in/", public.login_view, name="login"),
    path("sign-out/", public.logout_view, name="logout"),
    path("accessibility/", public.accessibility, name="accessibility"),
    path("privacy/", public.privacy, name="privacy"),
    # member
    path("me/", member.me, name="me"),
    path("me/profile/", member.edit_profile, name="profile"),
    path("me/pledges/new/", member.new_pledge, name="new_pledge"),
    path("me/organisations/", belonging.my_organisations, name="my_organisations"),
    path("groups/<int:pk>/join/", belonging.join_group, name="join_group"),
    path("me/export/", member.export_own_data, name="export_own"),
    path("me/erase/", member.erase_account, name="erase"),
    path("pledges/<int:pk>/edit/", member.edit_pledge, name="edit_pledge"),
    path("pledges/<int:pk>/progress/", member.add_progress, name="progress"),
    path("events/<int:pk>/register/", member.register, name="register"),
    path("events/<int:pk>/feedback/", member.feedback, name="feedback"),
    # organisation lead (or programme team)
    path("organisations/<int:pk>/edit/", lead.edit_organisation, name="edit_organisation"),
    path("organisations/<int:pk>/pledge/", lead.organisation_pledge, name="organisation_pledge"),
    # programme team
    path("team/", team.team, name="team"),
    path("team/organisations/new/", team.new_organisation, name="new_organisation"),
    path("team/events/new/", team.new_event, name="new_event"),
    path("team/events/<int:pk>/attendance/", team.attendance, name="attendance"),
    path("team/exports/", team.exports, name="exports"),
    path("team/exports/<slug:name>.csv", team.export_table, name="export_table"),
    # auditor
    path("audit/", team.audit, name="audit"),
]
