"""The form renderer: widgets and fields render with the project's templates."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Widgets come from the project's templates too (templates/web/widgets/), and every
    form's fields, ``{{ field.as_field_group }}``, from one template: the builder's, the
    combine page's, the team pages' and the sign-in pages' fields share their label, help
    and error markup (aria-describedby, aria-invalid, ``help-NAME`` and ``error-NAME``)."""

    field_template_name = "forms/field.html"
