from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "coophub.web"
    label = "web"
