"""Move every combined policy into the teams app as a saved template (scenario ``combined``).

Each becomes version 1 of a template of the same team, with the same name, description and
document, its parts and quota as the values, its creator as author, and its creation time;
the team's audit log says that it was moved, and the old row is deleted. Migration 0003 then
drops the old table.

Going back copies each combined template's current version into a combined policy again and
deletes the template (with its history): the earlier release knows no other place for them.
"""

from django.db import migrations

#: ``policybuilder.core.combine.COMBINED``, written out: a migration must not change with the code.
COMBINED = "combined"
NOTE = "Moved from the combined policies kept before they were saved templates"


def move_to_templates(apps, schema_editor):
    CombinedPolicy = apps.get_model("api", "CombinedPolicy")
    SavedTemplate = apps.get_model("teams", "SavedTemplate")
    TemplateVersion = apps.get_model("teams", "TemplateVersion")
    AuditEntry = apps.get_model("teams", "AuditEntry")
    for policy in CombinedPolicy.objects.order_by("pk").iterator():
        values = {"quota": policy.quota, "parts": policy.parts}
        template = SavedTemplate.objects.create(
            team_id=policy.team_id,
            scenario_slug=COMBINED,
            name=policy.name,
            description=policy.description,
            values=values,
            document=policy.document,
            version=1,
            created_by_id=policy.created_by_id,
            updated_by_id=policy.created_by_id,
        )
        # auto_now and auto_now_add ignore the values given to create().
        SavedTemplate.objects.filter(pk=template.pk).update(
            created_at=policy.created_at, updated_at=policy.created_at
        )
        version = TemplateVersion.objects.create(
            template=template,
            number=1,
            values=values,
            document=policy.document,
            author_id=policy.created_by_id,
            note=NOTE,
        )
        TemplateVersion.objects.filter(pk=version.pk).update(created_at=policy.created_at)
        AuditEntry.objects.create(
            team_id=policy.team_id,
            actor=None,
            action="created",
            template=template,
            subject=policy.name[:200],
            detail=f"as version 1 of a saved template, by the upgrade (was combined policy "
            f"{policy.pk}, {len(policy.parts or [])} scenario(s))",
        )
        policy.delete()


def move_back(apps, schema_editor):
    CombinedPolicy = apps.get_model("api", "CombinedPolicy")
    SavedTemplate = apps.get_model("teams", "SavedTemplate")
    for template in SavedTemplate.objects.filter(scenario_slug=COMBINED).order_by("pk"):
        values = template.values if isinstance(template.values, dict) else {}
        policy = CombinedPolicy.objects.create(
            team_id=template.team_id,
            name=template.name,
            description=template.description,
            parts=values.get("parts") or [],
            quota=values.get("quota") or "managed",
            document=template.document,
            created_by_id=template.created_by_id,
        )
        CombinedPolicy.objects.filter(pk=policy.pk).update(created_at=template.created_at)
        template.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("teams", "0001_initial"),
    ]

    operations = [migrations.RunPython(move_to_templates, move_back)]
