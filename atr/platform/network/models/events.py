"""Events: knowledge exchanges and workshops, registration, attendance, reach and feedback.

Attendance is recorded two ways: individually (a registration marked attended) and counted (the
number of people from each sector, for events with paper sign-in or open doors).
"""

from __future__ import annotations

from django.db import models

from atr.platform.network.models.organisations import District
from atr.platform.network.models.people import Member
from atr.platform.network.vocab import EVENT_KINDS, SECTORS


class Event(models.Model):
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EVENT_KINDS)
    event_date = models.DateField()
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.SET_NULL)
    venue = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True, max_length=4000)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-event_date", "title"]
        indexes = [models.Index(fields=["event_date"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.event_date:%d %B %Y})"

    def counted_attendees(self) -> int | None:
        """People counted by sector, if the event was counted; else those registered who came."""
        counted = self.reach.aggregate(total=models.Sum("attendees"))["total"]
        if counted is not None:
            return int(counted)
        attended = self.registrations.filter(attended=True).count()
        return attended or None


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="registrations")
    registered = models.DateTimeField(auto_now_add=True)
    attended = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "member"], name="register_once")]

    def __str__(self) -> str:
        return f"{self.member} for {self.event}"


class EventReach(models.Model):
    """People from one sector who attended one event (counted attendance)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reach")
    sector = models.CharField(max_length=40, choices=SECTORS)
    attendees = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "sector"], name="one_count_per_sector")]

    def __str__(self) -> str:
        return f"{self.event}: {self.attendees} from {self.get_sector_display()}"


class Feedback(models.Model):
    """A member's rating and comment on an event they attended (anonymous once they erase)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(choices=[(n, str(n)) for n in range(1, 6)])
    comment = models.TextField(blank=True, max_length=2000)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.rating}/5 for {self.event}"
