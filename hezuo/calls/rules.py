"""Rules the platform evaluates on an application: the formal check's fixed rules (partner
country, agreement, budget, attachments, applicant type) and the automatic eligibility rules a
call's criteria may name. Each returns whether it passed and what it found, in words staff read
before they confirm."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext

from hezuo.core.bilingual import join_list
from hezuo.registry.models import OrganisationFlag, OrganisationKind

from .models import (
    Application,
    AttachmentKind,
    AutoRule,
    BudgetSource,
    CriterionMode,
    EligibilityCriterion,
    FormalRule,
)


@dataclass(frozen=True)
class Finding:
    passed: bool
    detail: str


@dataclass(frozen=True)
class Rule:
    code: str
    label: str | Promise
    check: Callable[[Application], Finding]


def _partners(app: Application) -> list:
    return list(app.partners.all())


def _attachment_kinds(app: Application) -> set[str]:
    return {a.kind for a in app.attachments.all()}


def partner_country(app: Application) -> Finding:
    partners = _partners(app)
    if not partners:
        return Finding(False, gettext("No foreign partner is listed."))
    home = [p.display_name for p in partners if p.country.iso2 == settings.HOME_COUNTRY]
    if home:
        return Finding(
            False,
            gettext("Not in a foreign country: %(names)s.") % {"names": join_list(home)},
        )
    names = join_list(sorted({str(p.country) for p in partners}))
    return Finding(True, gettext("Partner countries: %(names)s.") % {"names": names})


def foreign_partner(app: Application) -> Finding:
    return partner_country(app)


def _signed(partners) -> list[str]:
    """Each partner with an agreement that counts, and what was checked of it."""
    return [f"{p.display_name} ({p.agreement_evidence()})" for p in partners if p.has_agreement]


def agreement_present(app: Application) -> Finding:
    with_agreement = _signed(_partners(app))
    filed = AttachmentKind.AGREEMENT in _attachment_kinds(app)
    if with_agreement and filed:
        return Finding(
            True,
            gettext("Agreement with %(names)s; the agreement is attached.")
            % {"names": join_list(with_agreement)},
        )
    if with_agreement:
        return Finding(
            True,
            gettext("Agreement with %(names)s (not attached).")
            % {"names": join_list(with_agreement)},
        )
    if filed:
        return Finding(
            False, gettext("An agreement is attached but no partner is marked as a signatory.")
        )
    return Finding(False, gettext("No signed agreement with a foreign partner."))


def budget_balanced(app: Application) -> Finding:
    lines = list(app.budget_lines.all())
    if not lines:
        return Finding(False, gettext("No budget is given."))
    totals = {s: Decimal("0") for s in BudgetSource.values}
    for line in lines:
        totals[line.source] += line.amount
    total = sum(totals.values(), Decimal("0"))
    if total <= 0:
        return Finding(False, gettext("The budget totals zero."))
    requested = app.requested_amount
    if requested is None:
        return Finding(False, gettext("The central funding requested is not given."))
    if totals[BudgetSource.CENTRAL] != requested:
        return Finding(
            False,
            gettext("Central funding lines add up to %(lines)s but %(requested)s is requested.")
            % {"lines": totals[BudgetSource.CENTRAL], "requested": requested},
        )
    cap = app.call.max_amount
    if cap is not None and requested > cap:
        return Finding(
            False,
            gettext("%(requested)s is requested; the call funds at most %(cap)s.")
            % {"requested": requested, "cap": cap},
        )
    return Finding(
        True,
        gettext("Total %(total)s, of which central %(central)s and foreign %(foreign)s.")
        % {
            "total": total,
            "central": totals[BudgetSource.CENTRAL],
            "foreign": totals[BudgetSource.FOREIGN],
        },
    )


def attachments_present(app: Application) -> Finding:
    have = _attachment_kinds(app)
    missing = [k for k in app.call.required_attachments if k not in have]
    if missing:
        labels = join_list(str(AttachmentKind(k).label) for k in missing if k in AttachmentKind)
        return Finding(False, gettext("Missing: %(kinds)s.") % {"kinds": labels})
    return Finding(True, gettext("Every required attachment is present."))


def applicant_kind(app: Application) -> Finding:
    org = app.organisation
    if org is None:
        return Finding(False, gettext("The applicant's organisation is not in the registry."))
    if org.country_id and org.country.iso2 != settings.HOME_COUNTRY:
        return Finding(False, gettext("The applicant is not a domestic organisation."))
    allowed = app.call.eligible_org_kinds
    if allowed and org.kind not in allowed:
        return Finding(
            False,
            gettext("%(org)s is a %(kind)s; the call admits %(allowed)s.")
            % {
                "org": org,
                "kind": org.get_kind_display().lower(),
                "allowed": join_list(
                    str(OrganisationKind(k).label) for k in allowed if k in OrganisationKind
                ),
            },
        )
    return Finding(
        True,
        gettext("%(org)s (%(kind)s).") % {"org": org, "kind": org.get_kind_display()},
    )


def intergov_executor(app: Application) -> Finding:
    org = app.organisation
    if org is not None and OrganisationFlag.INTERGOV_PROJECT_EXECUTOR in (org.flags or []):
        return Finding(True, gettext("The registry lists it as executing such projects."))
    return Finding(
        False, gettext("The registry does not list the applicant as executing such projects.")
    )


def priority_field(app: Application) -> Finding:
    fields = app.call.priority_fields
    if not app.field:
        return Finding(False, gettext("No field is given."))
    if fields and app.field not in fields:
        return Finding(
            False,
            gettext("%(field)s is not a priority field of this call.")
            % {"field": app.get_field_display()},
        )
    return Finding(True, str(app.get_field_display()))


def foreign_commitment(app: Application) -> Finding:
    committing = [p.display_name for p in _partners(app) if p.commits_anything]
    if committing:
        return Finding(True, gettext("Committed by %(names)s.") % {"names": join_list(committing)})
    return Finding(False, gettext("No foreign partner commits anything."))


def ip_arrangement(app: Application) -> Finding:
    stated = [p.display_name for p in _partners(app) if p.ip_arrangement.strip()]
    if stated or AttachmentKind.IP in _attachment_kinds(app):
        return Finding(True, gettext("Stated."))
    return Finding(False, gettext("No intellectual property arrangement is stated."))


def partner_agreement_complete(app: Application) -> Finding:
    for p in _partners(app):
        if p.has_agreement and p.commits_anything and p.ip_arrangement.strip():
            return Finding(
                True,
                gettext("%(name)s: signed agreement, commitments and IP arrangement.")
                % {"name": p.display_name},
            )
    return Finding(
        False,
        gettext(
            "No foreign partner has all three: a signed agreement, commitments and an IP "
            "arrangement."
        ),
    )


def partner_agreement(app: Application) -> Finding:
    """A partner's agreement counts when the partner is a party to it and it is in force (or
    the applicant declares one not in the registry); the finding says which and why not."""
    partners = _partners(app)
    signed = _signed(partners)
    if signed:
        return Finding(True, gettext("Signed with %(names)s.") % {"names": "; ".join(signed)})
    problems = [p.agreement_problem() for p in partners if p.agreement_id]
    if problems:
        return Finding(False, " ".join(x for x in problems if x))
    return Finding(False, gettext("No foreign partner has signed an agreement."))


F = FormalRule
FORMAL_RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        Rule(F.PARTNER_COUNTRY, F.PARTNER_COUNTRY.label, partner_country),
        Rule(F.AGREEMENT, F.AGREEMENT.label, agreement_present),
        Rule(F.BUDGET, F.BUDGET.label, budget_balanced),
        Rule(F.ATTACHMENTS, F.ATTACHMENTS.label, attachments_present),
        Rule(F.APPLICANT_TYPE, F.APPLICANT_TYPE.label, applicant_kind),
    ]
}

AUTO_RULES: dict[str, Callable[[Application], Finding]] = {
    AutoRule.PRIORITY_FIELD: priority_field,
    AutoRule.APPLICANT_KIND: applicant_kind,
    AutoRule.INTERGOV_EXECUTOR: intergov_executor,
    AutoRule.FOREIGN_PARTNER: foreign_partner,
    AutoRule.PARTNER_AGREEMENT: partner_agreement,
    AutoRule.FOREIGN_COMMITMENT: foreign_commitment,
    AutoRule.IP_ARRANGEMENT: ip_arrangement,
    AutoRule.PARTNER_AGREEMENT_COMPLETE: partner_agreement_complete,
    AutoRule.BUDGET_BALANCED: budget_balanced,
}


def evaluate_criterion(app: Application, criterion: EligibilityCriterion, answers=None) -> Finding:
    """An automatic criterion runs its rule; a self-declared one is met when the applicant
    declared it (with evidence, where the criterion asks for it)."""
    if criterion.mode == CriterionMode.AUTOMATIC:
        return AUTO_RULES[criterion.rule](app)
    if answers is None:
        answers = {a.criterion_id: a for a in app.answers.all()}
    answer = answers.get(criterion.pk)
    if answer is None or not answer.declared:
        return Finding(False, gettext("Not declared."))
    if criterion.evidence_required and not answer.evidence_id:
        return Finding(False, gettext("Declared, but the evidence is missing."))
    detail = answer.statement.strip() or gettext("Declared.")
    return Finding(True, detail)


def evaluate_all(app: Application) -> list[tuple[str, EligibilityCriterion | None, Finding]]:
    """Every formal-check line for an application: the fixed rules, then each criterion."""
    results: list[tuple[str, EligibilityCriterion | None, Finding]] = [
        (code, None, rule.check(app)) for code, rule in FORMAL_RULES.items()
    ]
    answers = {a.criterion_id: a for a in app.answers.all()}
    for criterion in app.call.criteria.all():
        results.append(
            (f"criterion:{criterion.code}", criterion, evaluate_criterion(app, criterion, answers))
        )
    return results
