"""The job row: who, what, for whom, how far, and what came out."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trygg.shared.languages import kept_in


class JobState(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Job(models.Model):
    """One run of a long computation, attributable to the user who started it."""

    kind = models.CharField(max_length=40)  # a key of trygg.jobs.runner.KINDS
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    created_by_name = models.CharField(max_length=150)  # kept if the account is removed
    #: The municipality or county whose data the job reads: who else may see it (trygg.jobs.access).
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="jobs"
    )
    params = models.JSONField(default=dict)
    #: What the pages show of it, in the starter's language: "Fuel plan: Krokom", the parameters, where it came from.
    title = models.CharField(max_length=200)
    params_text = models.CharField(max_length=500, blank=True)
    back_url = models.CharField(max_length=500, blank=True)
    language = models.CharField(
        max_length=10, default="sv"
    )  # the result is rendered in the starter's
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.FloatField(default=0.0)  # 0…1
    phase = models.CharField(
        max_length=40, blank=True
    )  # a key the page names (trygg.jobs.runner.PHASE_NAMES)
    step = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)  # the figures, plain data
    result_html = models.TextField(blank=True)  # the result as its page shows it
    error = models.TextField(blank=True)  # in English (logs); "interrupted" for a job whose worker stopped
    #: The error in each language of the site (code → text), shown in the reader's; empty for jobs failed before it was kept.
    error_texts = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)  # last progress written
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["state", "created"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def active(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.RUNNING)

    def error_in(self, language: str | None = None) -> str:
        """The error in ``language`` (default the active one): as kept for it, else as stored (English, or the starter's)."""
        return kept_in(self.error_texts, self.error, language)

    @property
    def percent(self) -> int:
        return round(100 * self.progress)
