import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from hezuo.core.bilingual import join_list

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name: str, *args):
    """`{% slot "calls.application_panel" app %}`: the HTML that apps above this page registered
    for the slot (see `hezuo.core.extensions`); `{% slot ... as html %}` keeps it in a variable."""
    from hezuo.core.extensions import slot as named_slot

    return mark_safe("".join(str(render(context, *args)) for render in named_slot(name)))  # noqa: S308 - each part is a rendered template


@register.filter
def display(value):
    """Render a cell: lists joined, booleans as ✓, empty as a dash."""
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return "✓"
    if value is False:
        return "✗"
    if isinstance(value, list | tuple):
        return join_list(value)
    # Dates read the same in both languages and stay narrow in tables.
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# A cell this short (a date, a status, an amount, a code) reads as one unit: never broken.
_UNBROKEN_LENGTH = 16


@register.filter
def cell_class(value) -> str:
    """`text-nowrap` for dates, numbers and short words, so a table breaks long text, not them."""
    if isinstance(value, dt.date | int | float | Decimal) and not isinstance(value, bool):
        return "text-nowrap"
    if isinstance(value, str | Promise) and len(str(value)) <= _UNBROKEN_LENGTH:
        return "text-nowrap"
    return ""


@register.simple_tag
def history_kind(kind):
    return {
        "+": pgettext("history", "created"),
        "~": pgettext("history", "changed"),
        "-": pgettext("history", "deleted"),
    }.get(kind, kind)


@register.simple_tag(takes_context=True)
def url_with(context, **kwargs):
    """The current query string with some parameters replaced."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return "?" + params.urlencode()
