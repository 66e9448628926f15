from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "coophub.api"
    label = "api"
