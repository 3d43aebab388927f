from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TranslationStateQuerySet(models.QuerySet):
    def of(self, model, pks):
        """The states of `model`'s records `pks`, in one query."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=list(pks),
        )

    def record_drafts(self, model, digests, language, keep_reviewed=()):
        """Store `language`'s translations of `model`'s records ({pk: English digest}) as drafts
        made from that English. A record in `keep_reviewed` (its translation did not change)
        stays reviewed if it was reviewed from the same English. Two queries at most."""
        existing = {state.object_id: state for state in self.of(model, digests)}
        content_type = ContentType.objects.get_for_model(model)
        drafts = []
        for pk, digest in digests.items():
            state = existing.get(pk)
            if state is not None and state.source_digest == digest:
                if state.status == TranslationState.Status.DRAFT:
                    continue  # nothing to write
                if state.status == TranslationState.Status.REVIEWED and pk in keep_reviewed:
                    continue
            drafts.append(
                TranslationState(
                    content_type=content_type,
                    object_id=pk,
                    language=language,
                    status=TranslationState.Status.DRAFT,
                    source_digest=digest,
                )
            )
        self._upsert(drafts)
        return len(drafts)

    def mark_reviewed(self, model, digests, language, user):
        """A native-speaker editor (`user`) has reviewed `language`'s translations of `model`'s
        records ({pk: English digest}) against that English."""
        now = timezone.now()
        content_type = ContentType.objects.get_for_model(model)
        self._upsert(
            [
                TranslationState(
                    content_type=content_type,
                    object_id=pk,
                    language=language,
                    status=TranslationState.Status.REVIEWED,
                    source_digest=digest,
                    reviewed_by=user,
                    reviewed_at=now,
                )
                for pk, digest in digests.items()
            ]
        )
        return len(digests)

    def _upsert(self, states):
        if states:
            self.bulk_create(
                states,
                update_conflicts=True,
                unique_fields=["content_type", "object_id", "language"],
                update_fields=["status", "source_digest", "reviewed_by", "reviewed_at"],
            )


class TranslationState(models.Model):
    """How far one record's translation into one language can be trusted.

    Only what cannot be seen in the record itself is stored: who reviewed it, and from which
    English (`source_digest`). Whether it is translated at all, and whether its English changed
    since, is read off the record (core/translation_state.py: state_of).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("machine-assisted draft")
        REVIEWED = "reviewed", _("reviewed")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    source_digest = models.CharField(_("digest of the English"), max_length=64)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    objects = TranslationStateQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation state")
        verbose_name_plural = _("translation states")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"],
                name="core_translation_state_once_per_record_and_language",
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}:{self.language} {self.status}"
