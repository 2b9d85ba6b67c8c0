from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "hezuo.review"
    label = "review"
    verbose_name = _("Expert review")

    def ready(self) -> None:
        from hezuo.calls import hooks
        from hezuo.core.extensions import slot
        from hezuo.core.services import register_policy, services_only

        from . import aggregation, resources, services, slots  # noqa: F401 (resources: its kinds)
        from . import models as m

        register_policy(m.ExpertProfile, services.profile_policy, create=services.is_office)
        # The rest of the review moves only through its services.
        for model in (
            m.ReviewPlan,
            m.Conflict,
            m.PairRule,
            m.AssignmentRun,
            m.Proposal,
            m.Invitation,
            m.Review,
            m.ReviewScore,
        ):
            register_policy(model, services_only)
        # The calls know nothing of review; review plugs in: experts read what they review,
        # the adopted review score is the score, and the review shows on the calls' pages.
        hooks.APPLICATION_READERS.register(m.assigned_application_ids)
        hooks.SCORE_SOURCES.register(aggregation.adopted_score)
        slot(hooks.APPLICATION_PANEL).register(slots.application_panel)
        slot(hooks.CALL_LINKS).register(slots.call_links)
        slot(hooks.SCORE_ACTION).register(slots.score_action)
        register_picker_kinds()


def register_picker_kinds() -> None:
    """What the review's forms let the office pick as it types (`hezuo.core.pickers`)."""
    from hezuo.core.pickers import describe, register_kind
    from hezuo.registry.models import Person

    from .models import ExpertProfile

    # Invitations go to experts who can sign in to answer them.
    register_kind(
        "expert",
        lambda user: (
            ExpertProfile.objects.visible_to(user)
            .with_account()
            .select_related("person", "organisation", "country")
        ),
        describe=lambda e: describe(e.organisation, e.country),
    )
    # A new profile is for a person not yet in the pool.
    register_kind(
        "person-outside-pool",
        lambda user: (
            Person.objects.visible_to(user)
            .filter(expert_profile__isnull=True)
            .select_related("nationality")
        ),
        describe=lambda p: describe(p.other_name, p.nationality),
    )
