"""Combined policies are saved templates now (0002 moved them): drop their old table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_combined_policies_to_templates"),
    ]

    operations = [
        migrations.DeleteModel(name="CombinedPolicy"),
    ]
