"""A history reason is stored as its source text and read in the reader's language: a record
changed by someone working in Chinese reads in English to an English reader, and the reason
"updated" is not the field label "updated" (更新时间)."""

import pytest
from django.utils import translation
from django.utils.translation import pgettext_lazy

from hezuo.core.history import history_entries, reason_label
from hezuo.core.models import Unit
from hezuo.core.workflow import save

pytestmark = pytest.mark.django_db


def test_a_reason_is_stored_untranslated_and_read_in_the_readers_language(units, users):
    unit = Unit.objects.get(code="inst-a1")
    with translation.override("zh-hans"):
        unit.name_en = "Renamed institute"
        save(unit, users["office_admin"], pgettext_lazy("history", "confirmed"))
    stored = unit.history.latest("history_date").history_change_reason
    assert stored == "confirmed"
    with translation.override("zh-hans"):
        assert history_entries(unit)[0].reason == "确认"
    with translation.override("en"):
        assert history_entries(unit)[0].reason == "confirmed"


def test_history_words_are_not_field_labels():
    with translation.override("zh-hans"):
        assert reason_label("announced") == "发布"  # not 发布时间, the field "announced"
        assert reason_label("import") == "导入"
        assert reason_label("demo data") == "演示数据"
        assert reason_label("updated") == ""  # "changed" already says it


def test_a_choice_label_as_reason_reads_in_each_language():
    with translation.override("zh-hans"):
        assert reason_label("National key laboratory") != "National key laboratory"
