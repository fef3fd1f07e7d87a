from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    MEETING_INVITED = "meeting_invited", _("invited to a meeting")
    AGENDA_PUBLISHED = "agenda_published", _("agenda published")
    MINUTES_TO_REVIEW = "minutes_to_review", _("minutes to review")
    MINUTES_APPROVED = "minutes_approved", _("minutes approved")
    ACTION_ASSIGNED = "action_assigned", _("action assigned to you")
    ACTION_OVERDUE = "action_overdue", _("action overdue")
    ENDORSEMENT_WAITING = "endorsement_waiting", _("waiting for your partner's endorsement")
    INVITATION_TO_ANSWER = "invitation_to_answer", _("an invitation to answer")
    VOTE_WAITING = "vote_waiting", _("a proposal waits for your partner's vote")
    DECISION_TAKEN = "decision_taken", _("decision taken")
    BOTTLENECK_WAITING = "bottleneck_waiting", _("a bottleneck waits for your response")
    BOTTLENECK_OVERDUE = "bottleneck_overdue", _("a bottleneck's response is overdue")
    SIGNATURE_WAITING = "signature_waiting", _("an agreement waits for your partner's signature")
    AGREEMENT_REVIEW_DUE = "agreement_review_due", _("an agreement is due for review")
    REPORT_SECTION_DUE = "report_section_due", _("your partner's report section is due")
    RECOMMENDATIONS_WAITING = "recommendations_waiting", _("recommendations wait for the "
                                                           "board's answer")


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("e-mail immediately")
    DAILY_DIGEST = "daily_digest", _("in a daily digest")
    NO_EMAIL = "no_email", _("no e-mail (only here)")


class MailState(models.TextChoices):
    PENDING = "pending", _("waiting for the digest")
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    NOT_SENT = "not_sent", _("not by e-mail")
    FAILED = "failed", _("not delivered")
