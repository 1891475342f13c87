from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "policybuilder.teams"
    label = "teams"
    verbose_name = "Teams and saved templates"

    def ready(self) -> None:
        # The builders (the web app, below this one) offer these teams in their save panel.
        from policybuilder.teams import selectors
        from policybuilder.web import save_panel

        save_panel.register(selectors.editable_teams)
