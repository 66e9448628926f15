from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coophub.core"
    label = "core"
