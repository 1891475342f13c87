from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "policybuilder.teams"
    label = "teams"
    verbose_name = "Teams and saved templates"
