"""The ACT log's figures for reading: `{{ count|grouped }}` groups them in the reader's language
("500,075", "500 075"), as the chart, the exports and the plan's amounts do (charts.grouped)."""

from django import template

from ..charts import grouped as grouped_number

register = template.Library()


@register.filter
def grouped(value):
    return grouped_number(value)
