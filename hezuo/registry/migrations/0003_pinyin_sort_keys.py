"""Pinyin sort keys for the bilingual names, and the search text rebuilt in its ranked form
(names on their own lines, punctuation variants), for the rows already stored."""

from django.db import migrations

import hezuo.core.bilingual
from hezuo.core.bilingual import pinyin_key
from hezuo.core.search import search_text_of

BATCH = 1000


def _batches(qs):
    batch = []
    for obj in qs.order_by("pk").iterator(chunk_size=BATCH):
        batch.append(obj)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


# model: (name fields, other fields, the pinyin key's source or None), as of this migration
SEARCH = {
    "country": (
        ("iso2", "iso3", "name_zh", "name_en", "official_name_en", "aliases"),
        (),
        ("name_zh", "name_en"),
    ),
    "organisation": (
        ("name_zh", "name_en", "acronym", "aliases", "ror_id", "uscc"),
        (),
        ("name_zh", "name_en"),
    ),
    "person": (
        ("name_zh", "name_en", "email", "orcid"),
        ("keywords", "disciplines"),
        ("name_zh", "name_en"),
    ),
    "agreement": (("code", "title_zh", "title_en"), (), ("title_zh", "title_en")),
    "mechanism": (("name_zh", "name_en"), (), ("name_zh", "name_en")),
}
# records found by the names of the person and the organisation they link
LINKED = {"post": "title", "candidacy": "notes"}


def _names(obj):
    names = []
    if obj.person_id:
        names += [obj.person.name_zh, obj.person.name_en]
    if obj.organisation_id:
        names += [obj.organisation.name_zh, obj.organisation.name_en, obj.organisation.acronym]
    return names


def refresh(apps, schema_editor):
    for name, (names, others, source) in SEARCH.items():
        model = apps.get_model("registry", name)
        for objs in _batches(model.objects.all()):
            for obj in objs:
                obj.search_text = search_text_of(
                    (getattr(obj, n) for n in names), (getattr(obj, n) for n in others)
                )
                obj.sort_zh = pinyin_key(getattr(obj, source[0]), getattr(obj, source[1]))
            model.objects.bulk_update(objs, ["search_text", "sort_zh"])
    for name, other in LINKED.items():
        model = apps.get_model("registry", name)
        for objs in _batches(model.objects.select_related("person", "organisation")):
            for obj in objs:
                obj.search_text = search_text_of(_names(obj), [getattr(obj, other)])
            model.objects.bulk_update(objs, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_search_trigram_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="sort_zh",
            field=hezuo.core.bilingual.PinyinSortField(
                blank=True,
                db_index=True,
                default="",
                editable=False,
                max_length=300,
                source=("title_zh", "title_en"),
                verbose_name="pinyin sort key",
            ),
        ),
        migrations.AddField(
            model_name="country",
            name="sort_zh",
            field=hezuo.core.bilingual.PinyinSortField(
                blank=True,
                db_index=True,
                default="",
                editable=False,
                max_length=300,
                source=("name_zh", "name_en"),
                verbose_name="pinyin sort key",
            ),
        ),
        migrations.AddField(
            model_name="mechanism",
            name="sort_zh",
            field=hezuo.core.bilingual.PinyinSortField(
                blank=True,
                db_index=True,
                default="",
                editable=False,
                max_length=300,
                source=("name_zh", "name_en"),
                verbose_name="pinyin sort key",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="sort_zh",
            field=hezuo.core.bilingual.PinyinSortField(
                blank=True,
                db_index=True,
                default="",
                editable=False,
                max_length=300,
                source=("name_zh", "name_en"),
                verbose_name="pinyin sort key",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="sort_zh",
            field=hezuo.core.bilingual.PinyinSortField(
                blank=True,
                db_index=True,
                default="",
                editable=False,
                max_length=300,
                source=("name_zh", "name_en"),
                verbose_name="pinyin sort key",
            ),
        ),
        migrations.RunPython(refresh, migrations.RunPython.noop),
    ]
