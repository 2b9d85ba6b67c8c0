"""Chinese number formats as the plans and statistical yearbooks print them: 7,580, grouped by
three with a comma (Django's own zh_Hans leaves counts ungrouped: 7580). Dates as Django has
them."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
