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
