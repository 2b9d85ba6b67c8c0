"""Tables break long text, never a date, a number or a short status."""

import datetime as dt
from decimal import Decimal

from hezuo.core.templatetags.hezuo import cell_class


def test_dates_numbers_and_short_words_stay_whole():
    for value in (dt.date(2026, 12, 3), dt.datetime(2026, 12, 3, 9, 0), 7580, Decimal("1.5")):
        assert cell_class(value) == "text-nowrap"
    assert cell_class("in review") == "text-nowrap"
    assert cell_class("审核中") == "text-nowrap"


def test_long_text_may_wrap():
    assert cell_class("Sino-German Centre for Research Promotion joint laboratory") == ""
    assert cell_class(True) == ""
    assert cell_class(None) == ""
