"""Customers, visits, responses and answers.

A `Customer` is recognised across visits only by a keyed hash (HMAC under the
organisation's secret key) of a normalised e-mail address, phone number or loyalty id;
the identifier itself is never stored. A `Response` is one respondent's answers to one
survey version; it is `partial` while the respondent is still answering (answers are
saved page by page) and `complete` once submitted. Each answer is one `Answer` row.
What the text engine (`lytt.text`) read in a free-text answer is its `TextAnalysis`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lytt.accounts.models import Channel, Employee, Organisation, Unit


class Customer(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="customers"
    )
    key_hash = models.CharField(max_length=64)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("customer")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key_hash"], name="feedback_customer_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class VisitSource(models.TextChoices):
    API = "api", _("API")
    CSV = "csv", _("CSV file")
    IMPORT = "import", _("Import")
    DEMO = "demo", _("Demo data")
    MANUAL = "manual", _("Recorded by staff")


class Visit(models.Model):
    """A visit or contact, recorded whether or not the customer answers a survey."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="visits")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="visits")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    employee = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)
    source = models.CharField(
        _("source"), max_length=10, choices=VisitSource.choices, default=VisitSource.API
    )
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("visit")
        indexes = [models.Index(fields=["organisation", "-occurred_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "external_id"],
                condition=~Q(external_id=""),
                name="feedback_visit_unique_external_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.channel}/{self.occurred_at:%Y-%m-%d}"


class ResponseStatus(models.TextChoices):
    PARTIAL = "partial", _("Partly answered")
    COMPLETE = "complete", _("Complete")


class ResponseSource(models.TextChoices):
    WEB = "web", _("Web page")
    KIOSK = "kiosk", _("Kiosk")
    EMBED = "embed", _("Embedded")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    INVITATION = "invitation", _("Invitation")
    DEMO = "demo", _("Demo data")


class Response(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="responses"
    )
    survey = models.ForeignKey("surveys.Survey", on_delete=models.PROTECT, related_name="responses")
    version = models.ForeignKey(
        "surveys.SurveyVersion", on_delete=models.PROTECT, related_name="responses"
    )
    touchpoint = models.ForeignKey(
        "surveys.Touchpoint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="responses")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    employee = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    visit = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    language = models.CharField(_("language"), max_length=5)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ResponseStatus.choices,
        default=ResponseStatus.PARTIAL,
    )
    source = models.CharField(
        _("source"), max_length=12, choices=ResponseSource.choices, default=ResponseSource.WEB
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    last_page = models.CharField(max_length=60, blank=True)
    # The headline score (the first NPS, CSAT, CES or rating question answered) so
    # lists can filter and sort by score without reading every answer.
    score = models.FloatField(_("score"), null=True, blank=True)
    score_kind = models.CharField(max_length=12, blank=True)
    contact_consent = models.BooleanField(_("may be contacted"), default=False)
    consent_text = models.TextField(blank=True)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    # The intake journal row it was stored from (API submissions sent asynchronously).
    submission_id = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("response")
        indexes = [
            models.Index(fields=["organisation", "status", "-completed_at"]),
            models.Index(fields=["unit", "-completed_at"]),
            models.Index(fields=["survey", "-completed_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "external_id"],
                condition=~Q(external_id=""),
                name="feedback_response_unique_external_id",
            ),
            models.UniqueConstraint(
                fields=["submission_id"],
                condition=Q(submission_id__isnull=False),
                name="feedback_response_unique_submission",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_complete(self) -> bool:
        return self.status == ResponseStatus.COMPLETE


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(max_length=60)
    competency_item_key = models.CharField(max_length=60, blank=True)
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True)
    # False until the text engine has read the text (see `TextAnalysis`); the partial
    # index below holds only the answers still to read, so finding them stays cheap.
    analysed = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("answer")
        indexes = [
            models.Index(
                fields=["id"],
                condition=Q(analysed=False) & ~Q(text=""),
                name="feedback_answer_to_analyse",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_key"], name="feedback_answer_unique_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_key}"

    @property
    def value(self) -> object:
        if self.number is not None:
            return self.number
        if self.choices:
            return self.choices
        return self.text


class Sentiment(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")


class Strategy(models.TextChoices):
    """The customer's strategy in a difficult moment (DOMAIN.md section 2)."""

    IRRITATION = "irritation", _("Irritation")
    PASSIVITY = "passivity", _("Passivity")
    RELATION = "relation", _("Relation")
    NONE = "none", _("None")


class CustomTheme(models.Model):
    """A theme of the organisation's own, found in free-text answers by its keywords (any
    language; matched tolerant of spelling, and a keyword ending in `*` also matches
    inflected and compound forms). Shown beside the text engine's own themes."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="custom_themes"
    )
    name = models.CharField(_("name"), max_length=60)
    keywords = models.JSONField(_("keywords"), default=list)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("own theme")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="feedback_customtheme_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TextAnalysis(models.Model):
    """What the text engine (`lytt.text`) read in one free-text answer.

    Written by the background job `analyse_answers` (see `lytt.feedback.tasks`), never
    in a request. `needs` is a list of {"label", "evidence"}; `themes` and `root_causes`
    are lists of labels (`lytt.text.themes`); `engine` is the engine's version, so texts
    read by an older engine can be found and read again.
    """

    answer = models.OneToOneField(
        Answer, primary_key=True, on_delete=models.CASCADE, related_name="analysis"
    )
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="analyses")
    language = models.CharField(_("language"), max_length=3)
    sentiment = models.CharField(_("sentiment"), max_length=8, choices=Sentiment.choices)
    sentiment_score = models.FloatField()
    emotions = models.JSONField(default=dict)
    strategy = models.CharField(_("customer strategy"), max_length=10, choices=Strategy.choices)
    strategy_evidence = models.JSONField(default=list)
    needs = models.JSONField(default=list)
    themes = models.JSONField(default=list)
    root_causes = models.JSONField(default=list)
    churn_risk = models.FloatField(_("churn risk"))
    engine = models.CharField(max_length=20)
    analysed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("text analysis")
        verbose_name_plural = _("text analyses")

    def __str__(self) -> str:
        return f"{self.answer_id}: {self.sentiment}"


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be stored")
    STORED = "stored", _("Stored")
    REJECTED = "rejected", _("Rejected")


class Submission(models.Model):
    """A validated API submission accepted for asynchronous storage (the intake journal).

    `POST /api/v1/responses` with `Prefer: respond-async` validates the answers, writes
    one row here and answers 202 at once; the `store_submissions` job turns pending rows
    into a `Response` (whose `submission_id` points back here, so a retried job never
    stores one twice) with its answers, customer and audit event, in batches. `payload`
    holds only validated values and the customer's keyed hash (never a raw e-mail or
    phone). A stored row leaves the journal (the response's `submission_id` answers
    "which response did submission N become?"); a rejected one stays, with its reason.
    The journal may live in its own database (see `lytt.feedback.routers`), so it
    refers to other rows by id, without foreign keys.
    """

    organisation_id = models.BigIntegerField()
    unit_id = models.BigIntegerField()
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    external_id = models.CharField(max_length=100, blank=True)
    payload = models.JSONField(default=dict)
    stored_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("submission")
        indexes = [models.Index(fields=["status", "id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_id", "external_id"],
                condition=~Q(external_id=""),
                name="feedback_submission_unique_external_id",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.status}"
