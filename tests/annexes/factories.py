"""Annex content made in code, for tests that must not rely on fixtures."""

from annexes import models


def make_topics(per_area=2, areas=2, prefix=""):
    """Areas `area-0`.. with topics `topic-0-0`..; every topic tagged `shared`, plus its own tag."""
    models.Annex.objects.get_or_create(number=2, defaults={"title": "Annex 2 – Topics"})
    topics = []
    for a in range(areas):
        area = models.ThematicArea.objects.create(
            slug=f"{prefix}area-{a}", name=f"Area {prefix}{a}", order=a
        )
        for t in range(per_area):
            topic = models.Topic.objects.create(
                area=area,
                slug=f"{prefix}topic-{a}-{t}",
                title=f"Topic {a}-{t}",
                example=f"Example of topic {a}-{t} about a father's day.",
                order=t,
            )
            for q in range(2):
                models.TopicQuestion.objects.create(topic=topic, text=f"Question {q}?", order=q)
            topic.tags.add("shared", f"own {prefix}{a}-{t}")
            topics.append(topic)
    return topics


def make_levels(examples=2):
    models.Annex.objects.get_or_create(
        number=1,
        defaults={
            "title": "Annex 1 – The socio-ecological model",
            "intro": "Socio-ecological models map levels.",
            "figure_caption": "Figure 1",
            "figure_source": "CDC.",
            "table_title": "Levels of action",
        },
    )
    levels = []
    for n, name in enumerate(["Individual", "Family", "Community", "Society"]):
        level = models.Level.objects.create(slug=name.lower(), name=name, goal=f"Goal {n}", order=n)
        for e in range(examples):
            models.ExampleInitiative.objects.create(
                level=level, name=f"Initiative {n}-{e}", url="https://example.org/", order=e
            )
        levels.append(level)
    return levels
