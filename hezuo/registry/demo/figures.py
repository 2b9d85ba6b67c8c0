"""What the demo reproduces at every scale, what `scale` multiplies, and the demo accounts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hezuo.core.models import Role
from hezuo.registry.models import PostLevel

PARTNER_COUNT = 158
INTERGOVERNMENTAL_AGREEMENTS = 111
IGO_COUNT = 206
INGO_COUNT = 336
POST_COUNT = 536
KEY_POSTS = {PostLevel.PRESIDENT: 34, PostLevel.VICE_PRESIDENT: 48, PostLevel.EXECUTIVE: 78}
OFFICEHOLDERS = 470  # people holding the 536 posts (some hold two)
MOU_COUNT = 90

# What `scale` multiplies, with the floor kept at any scale.
SCALED = {
    "universities": (1100, 12),
    "cas_institutes": (110, 25),
    "academy_institutes": (420, 10),
    "enterprises": (1800, 20),
    "foreign_orgs": (3000, 40),
    "domestic_people": (4000, 60),
    "foreign_people": (2500, 30),
    "institution_units": (300, 40),
    "institutional_agreements": (1500, 20),
    "candidacies": (320, 15),
}

DEMO_PASSWORD = "hezuo-demo-2026"  # noqa: S105 - printed for everyone: it is a demo
AS_OF = dt.date(2026, 6, 30)  # the demo's "today": terms and validity are laid out around it
CHANGE_REASON = "demo data"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    unit_code: str
    display_name: str


DEMO_USERS = (
    DemoUser("demo-admin", Role.OFFICE_ADMIN, "office", "演示管理员"),
    DemoUser("demo-staff", Role.OFFICE_STAFF, "office", "演示工作人员"),
    DemoUser("demo-recommender", Role.RECOMMENDER, "prov-11", "北京市科委演示账号"),
    DemoUser("demo-applicant", Role.APPLICANT, "inst-bjut", "北京工业大学演示账号"),
    DemoUser("demo-reviewer", Role.REVIEWER, "expert-group", "演示评审专家"),
    DemoUser("demo-viewer", Role.VIEWER, "office", "演示领导"),
    # The second office: calls decided jointly need its signature too.
    DemoUser("demo-safea", Role.OFFICE_ADMIN, "office-safea", "外专局演示账号"),
)
