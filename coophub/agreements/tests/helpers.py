"""Helpers of the agreement and commitment page tests."""

import datetime


def form_data(client, url, **overrides):
    """What the form at `url` posts when submitted as shown (a new record's defaults, or a record's current
    values and version), with some fields changed."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, datetime.date):
            value = value.strftime("%d/%m/%Y")
        data[name] = "on" if value is True else value
    data.update(overrides)
    return data


def rows(response):
    return [row.record for row in response.context["table"].rows]
