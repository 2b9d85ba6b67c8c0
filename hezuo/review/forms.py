"""Forms, split by purpose. None of them saves: views hand the cleaned data to `services`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hezuo.core.forms import DateInput, DateTimeInput, ListField, RecordForm, StyledForm
from hezuo.core.widgets import RecordPicker, use_picker

from . import models as m


class ExpertForm(RecordForm):
    """The office's form: every field, and the person when the profile is new."""

    disciplines = ListField(label=_("Disciplines"))
    keywords_zh = ListField(label=_("Keywords (Chinese)"))
    keywords_en = ListField(label=_("Keywords (English)"))

    class Meta:
        model = m.ExpertProfile
        fields = [
            "person",
            "organisation",
            "country",
            "disciplines",
            "keywords_zh",
            "keywords_en",
            "expertise",
            "max_load",
            "available",
            "unavailable_until",
        ]
        widgets = {"unavailable_until": DateInput(), "expertise": forms.Textarea({"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["person"]
        else:
            use_picker(self, "person", "person-outside-pool")
        use_picker(self, "organisation", "organisation")
        use_picker(self, "country", "country")


class OwnProfileForm(RecordForm):
    """What an expert keeps up to date themselves."""

    disciplines = ListField(label=_("Disciplines"))
    keywords_zh = ListField(label=_("Keywords (Chinese)"))
    keywords_en = ListField(label=_("Keywords (English)"))

    class Meta:
        model = m.ExpertProfile
        fields = [
            "disciplines",
            "keywords_zh",
            "keywords_en",
            "expertise",
            "max_load",
            "available",
            "unavailable_until",
        ]
        widgets = {"unavailable_until": DateInput(), "expertise": forms.Textarea({"rows": 4})}


class PlanForm(RecordForm):
    class Meta:
        model = m.ReviewPlan
        fields = [
            "reviewers_per_application",
            "min_foreign",
            "one_per_organisation",
            "recommender_conflict",
            "due",
            "score_method",
            "disagreement",
            "time_limit",
        ]
        widgets = {"due": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class PairRuleForm(StyledForm):
    kind = forms.ChoiceField(label=_("Rule"), choices=m.PairRuleKind.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 2}), max_length=2000)


class InviteForm(StyledForm):
    # Shown to the office alone, which reads the whole pool: the experts who can sign in.
    expert = forms.ModelChoiceField(
        label=_("Expert"),
        queryset=m.ExpertProfile.objects.none(),
        widget=RecordPicker(
            "expert", attrs={"class": "form-control form-control-sm", "aria-label": _("Expert")}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = m.ExpertProfile.objects.with_account().select_related(
            "person"
        )


class ReviewForm(StyledForm):
    """One score per rubric criterion, then the recommendation, confidence and comments."""

    recommendation = forms.ChoiceField(
        label=_("Overall recommendation"),
        choices=[("", "—"), *m.Recommendation.choices],
        required=False,
    )
    confidence = forms.TypedChoiceField(
        label=_("Confidence"),
        choices=[("", "—"), *m.Confidence.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    comments = forms.CharField(
        label=_("Comments for the applicant"),
        widget=forms.Textarea({"rows": 5}),
        required=False,
        help_text=_("Shown to the applicant without your name."),
    )
    confidential = forms.CharField(
        label=_("Confidential comments for the office"),
        widget=forms.Textarea({"rows": 3}),
        required=False,
        help_text=_("Only the programme office reads these."),
    )

    def __init__(self, *args, rubric=(), scale: int = 5, review=None, **kwargs):
        self.rubric = list(rubric)
        initial = kwargs.setdefault("initial", {})
        if review is not None and review.pk:
            initial.update(
                recommendation=review.recommendation,
                confidence=review.confidence,
                comments=review.comments,
                confidential=review.confidential,
            )
            for s in review.scores.all():
                initial[f"score_{s.criterion_id}"] = s.score
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(str(i), str(i)) for i in range(scale, -1, -1)]
        score_fields = {}
        for criterion in self.rubric:
            score_fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} ({criterion.weight}%)",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=criterion.guidance,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
        self.fields = {**score_fields, **self.fields}

    def score_fields(self):
        return [self[f"score_{c.pk}"] for c in self.rubric]

    def other_fields(self):
        return [self[name] for name in ("recommendation", "confidence", "comments", "confidential")]

    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.rubric}

    def data_fields(self) -> dict:
        return {
            "recommendation": self.cleaned_data.get("recommendation") or "",
            "confidence": self.cleaned_data.get("confidence"),
            "comments": self.cleaned_data.get("comments") or "",
            "confidential": self.cleaned_data.get("confidential") or "",
        }
