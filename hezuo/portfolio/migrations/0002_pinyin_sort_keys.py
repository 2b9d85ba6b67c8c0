"""Pinyin sort keys for the bilingual titles and names, and the search text rebuilt in its ranked
form (names on their own lines, punctuation variants), for the rows already stored."""

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


# model: (name fields, the pinyin key's source), as of this migration
SEARCH = {
    "project": (("code", "title_zh", "title_en"), ("title_zh", "title_en")),
    "base": (("code", "name_zh", "name_en"), ("name_zh", "name_en")),
}


def refresh(apps, schema_editor):
    for name, (names, source) in SEARCH.items():
        model = apps.get_model("portfolio", name)
        for objs in _batches(model.objects.all()):
            for obj in objs:
                obj.search_text = search_text_of(getattr(obj, n) for n in names)
                obj.sort_zh = pinyin_key(getattr(obj, source[0]), getattr(obj, source[1]))
            model.objects.bulk_update(objs, ["search_text", "sort_zh"])


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="base",
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
            model_name="project",
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
        migrations.RunPython(refresh, migrations.RunPython.noop),
    ]
