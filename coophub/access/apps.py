from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "coophub.access"
    label = "access"
