"""Budget items become categories (issue 8, finding 7): a `note` beside the item, and every
free-text item moved to the nearest category, its text kept in the note — or to "other"."""

import re
import unicodedata

from django.db import migrations, models

# (category, words that name it), first match wins: the specific before the general
# ("专家咨询费" is consultation, not business; "国际合作与交流费" is meetings and travel).
RULES = [
    ("indirect", ("间接", "管理费", "绩效支出", "indirect", "overhead")),
    ("expert_consultation", ("专家咨询", "咨询费", "consult")),
    (
        "labour",
        (
            "劳务",
            "人员",
            "人工",
            "工资",
            "labour",
            "labor",
            "personnel",
            "staff",
            "salar",
            "wage",
            "manpower",
        ),
    ),
    ("equipment", ("设备", "仪器", "equipment", "instrument")),
    ("materials", ("材料", "耗材", "material", "consumable")),
    ("testing", ("测试", "化验", "加工", "test", "analysis", "processing")),
    ("fuel_power", ("燃料", "动力", "fuel", "power", "energy")),
    (
        "publication_ip",
        (
            "出版",
            "文献",
            "信息传播",
            "知识产权",
            "专利",
            "publication",
            "literature",
            "patent",
            "intellectual property",
        ),
    ),
    (
        "meetings_travel",
        (
            "会议",
            "差旅",
            "旅费",
            "国际合作",
            "交流",
            "meeting",
            "travel",
            "conference",
            "cooperation",
            "exchange",
        ),
    ),
    ("business", ("业务费", "business")),
]
# The categories' own names: an item that is just one of them needs no note.
NAMES = {
    "equipment": ("设备费", "equipment"),
    "business": ("业务费", "business costs", "business costs (not itemised)"),
    "materials": ("材料费", "materials"),
    "testing": ("测试化验加工费", "testing, analysis and processing"),
    "fuel_power": ("燃料动力费", "fuel and power"),
    "publication_ip": (
        "出版/文献/信息传播/知识产权事务费",
        "publication, literature, information and ip",
    ),
    "meetings_travel": (
        "会议/差旅/国际合作与交流费",
        "meetings, travel and international cooperation",
    ),
    "labour": ("劳务费", "labour"),
    "expert_consultation": ("专家咨询费", "expert consultation"),
    "indirect": ("间接费用", "indirect costs"),
    "other": ("其他", "其他费用", "other", "other costs"),
}


def category(text: str) -> tuple[str, str]:
    """(category, note) for a free-text item."""
    text = (text or "").strip()
    if not text:
        return "", ""
    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).lower())
    for key, names in NAMES.items():
        if folded == key or folded in names:
            return key, ""
    for key, words in RULES:
        if any(w in folded for w in words):
            return key, text
    return "other", text


def to_categories(apps, schema_editor):
    for model_name in ("BudgetLine", "HistoricalBudgetLine"):
        model = apps.get_model("calls", model_name)
        pk = "history_id" if model_name.startswith("Historical") else "id"
        changed = []
        for line in model.objects.exclude(item="").only(pk, "item", "note").iterator():
            line.item, line.note = category(line.item)
            changed.append(line)
            if len(changed) == 500:
                model.objects.bulk_update(changed, ["item", "note"])
                changed = []
        model.objects.bulk_update(changed, ["item", "note"])


def to_text(apps, schema_editor):
    """Back: the note if there is one, else the category's Chinese name."""
    for model_name in ("BudgetLine", "HistoricalBudgetLine"):
        model = apps.get_model("calls", model_name)
        for line in model.objects.exclude(item="").iterator():
            line.item = line.note or NAMES.get(line.item, (line.item,))[0]
            line.save(update_fields=["item"])


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0002_notifications_in_core"),
    ]

    operations = [
        migrations.AddField(
            model_name="budgetline",
            name="note",
            field=models.CharField(blank=True, max_length=200, verbose_name="note"),
        ),
        migrations.AddField(
            model_name="historicalbudgetline",
            name="note",
            field=models.CharField(blank=True, max_length=200, verbose_name="note"),
        ),
        migrations.RunPython(to_categories, to_text),
    ]
