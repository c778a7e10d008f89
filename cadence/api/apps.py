from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cadence.api"
    label = "api"
    verbose_name = "API"
