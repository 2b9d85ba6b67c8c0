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


def test_a_job_reads_in_the_readers_language_not_the_starters(users):
    from django.utils.translation import gettext_lazy

    from hezuo.core.models import Job, JobStatus

    with translation.override("zh-hans"):
        title, args = Job.describe(
            gettext_lazy("Import %(what)s: %(file)s"), what=gettext_lazy("Flags"), file="a.xlsx"
        )
        job = Job.objects.create(
            kind="import", title=title, title_args=args, user=users["office_staff"]
        )
        job.finish(
            JobStatus.FAILED,
            gettext_lazy(
                "Nothing was imported: %(count)d problems found. Correct them and upload again."
            ),
            {},
            args={"count": 3},
        )
    job.refresh_from_db()
    with translation.override("en"):
        assert job.title_text == "Import Flags: a.xlsx"
        assert job.message_text.startswith("Nothing was imported: 3 problems")
    with translation.override("zh-hans"):
        assert "a.xlsx" in job.title_text and "Import" not in job.title_text
        assert "3" in job.message_text and "Nothing" not in job.message_text


def test_history_shows_choice_labels_and_record_names_not_keys(users, countries):
    from hezuo.registry.models import Organisation
    from hezuo.registry.tests.factories import make_organisation

    org = make_organisation("Test Lab", "测试实验室", country=countries["DE"], kind="university")
    org = Organisation.objects.get(pk=org.pk)
    org.kind, org.country = "institute", countries["FR"]
    save(org, users["office_admin"], pgettext_lazy("history", "confirmed"))
    with translation.override("en"):
        changes = {c.field: (c.old, c.new) for c in history_entries(org)[0].changes}
    kinds = dict(Organisation._meta.get_field("kind").flatchoices)
    with translation.override("en"):
        assert changes["kind"] == (str(kinds["university"]), str(kinds["institute"]))
    assert changes["kind"][0] != "university"
    assert changes["country"] == ("Germany", "France")
