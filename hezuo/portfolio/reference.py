"""Reference lists the portfolio and the calls need, shipped with the code: the priority fields
of the national
plans (the 12th Five-Year special plan names them twice, in its goals and for the bases), and the
money unit every amount is kept in."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# Every amount on a call, an application, a decision or a project is kept in 10k CNY (万元), the
# unit the programme's own documents and budget sheets use.
MONEY_UNIT = _("10k CNY")


class PriorityField(models.TextChoices):
    ENERGY = "energy", _("Energy and resources")
    MATERIALS = "materials", _("New materials and advanced manufacturing")
    INFORMATION = "information", _("Information networks")
    AGRICULTURE = "agriculture", _("Modern agriculture")
    HEALTH = "health", _("Biology and health")
    ENVIRONMENT = "environment", _("Ecology and environmental protection")
    SPACE_OCEAN = "space_ocean", _("Space and ocean")
    PUBLIC_SECURITY = "public_security", _("Public security")
    CLIMATE = "climate", _("Climate change")
    BASIC = "basic", _("Frontier and basic science")


# The fields' names in the plans' own Chinese, accepted on import beside the labels.
PRIORITY_FIELD_ZH = {
    "energy": "能源资源开发利用",
    "materials": "新材料与先进制造",
    "information": "信息网络",
    "agriculture": "现代农业",
    "health": "生物与健康",
    "environment": "生态环境保护",
    "space_ocean": "空间和海洋",
    "public_security": "公共安全",
    "climate": "气候变化",
    "basic": "前沿与基础研究",
}
