"""Budget items are categories now (0003 moved the free text): a short key with choices."""

from django.db import migrations, models

ITEM = models.CharField(
    blank=True,
    choices=[
        ("equipment", "Equipment"),
        ("business", "Business costs (not itemised)"),
        ("materials", "Materials"),
        ("testing", "Testing, analysis and processing"),
        ("fuel_power", "Fuel and power"),
        ("publication_ip", "Publication, literature, information and IP"),
        ("meetings_travel", "Meetings, travel and international cooperation"),
        ("labour", "Labour"),
        ("expert_consultation", "Expert consultation"),
        ("indirect", "Indirect costs"),
        ("other", "Other costs"),
    ],
    max_length=40,
    verbose_name="item",
)


class Migration(migrations.Migration):
    # Its own migration (and transaction): PostgreSQL alters a column apart from the rows 0003
    # rewrote.
    dependencies = [
        ("calls", "0003_budget_line_note"),
    ]

    operations = [
        migrations.AlterField(model_name="budgetline", name="item", field=ITEM),
        migrations.AlterField(model_name="historicalbudgetline", name="item", field=ITEM),
    ]
