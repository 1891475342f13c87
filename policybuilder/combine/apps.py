from django.apps import AppConfig


class CombineConfig(AppConfig):
    name = "policybuilder.combine"
    label = "combine"
    verbose_name = "Combined policies"

    def ready(self) -> None:
        # A saved combined policy opens on this app's page at the template's own URLs; the
        # teams app looks its kind up here, so it never imports this app.
        from policybuilder.combine import views
        from policybuilder.core.combine import COMBINED
        from policybuilder.teams.views import SAVED_PAGES

        SAVED_PAGES[COMBINED] = (views.saved_open, views.saved_save)
