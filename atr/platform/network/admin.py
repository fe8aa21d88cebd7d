"""Django's admin for the programme team's housekeeping (daily jobs have their own pages)."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib import admin

from atr.platform.network import models as m


class MembershipInline(admin.TabularInline):
    model = m.Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(m.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "headcount", "joined_date"]
    list_filter = ["sector", "districts"]
    search_fields = ["name", "ods_code", "urn", "charity_number", "company_number"]


@admin.register(m.Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["display_name", "job_title", "listed", "joined_date"]
    list_filter = ["listed", "districts"]
    search_fields = ["display_name", "user__email"]
    exclude = ["lived_experience"]  # private: never shown, even to the team
    inlines = [MembershipInline]


@admin.register(m.NetworkGroup)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    filter_horizontal = ["members"]


class ProgressInline(admin.TabularInline):
    model = m.ProgressUpdate
    extra = 0


@admin.register(m.Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "pledge_type", "category", "organisation", "made_date", "is_public"]
    list_filter = ["pledge_type", "category", "is_public"]
    inlines = [ProgressInline]


class ReachInline(admin.TabularInline):
    model = m.EventReach
    extra = 0


class RegistrationInline(admin.TabularInline):
    """Who registered; tick "attended" after the event (individual attendance)."""

    model = m.Registration
    extra = 0
    fields = ["member", "attended"]
    readonly_fields = ["member"]


@admin.register(m.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "event_date", "district"]
    list_filter = ["kind", "district"]
    inlines = [ReachInline, RegistrationInline]


admin.site.register(m.District)
admin.site.register(m.Interest)

# The audit trail is the auditor's alone (its own page): not in the admin, even for superusers.
if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
