from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "policybuilder.web"
    label = "web"
    verbose_name = "Policy builder"
