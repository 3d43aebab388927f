from itertools import groupby

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.page_cache import cache_content_page

from .forms import TopicFilterForm
from .models import Annex, Level, ThematicArea, Topic, TopicTag

RELATED_TOPICS = 6


@require_safe
@cache_content_page
def socio_ecological_model(request):
    annex = get_object_or_404(Annex, number=1)
    levels = Level.objects.prefetch_related("examples")
    return render(
        request, "annexes/socio_ecological_model.html", {"annex": annex, "levels": levels}
    )


@require_safe
@cache_content_page
def topic_list(request):
    form = TopicFilterForm(request.GET)
    areas = list(ThematicArea.objects.all())
    tags = list(TopicTag.objects.filter(tagged_topics__isnull=False).distinct())
    if form.is_valid():
        filters = form.cleaned_data
        topics = list(
            Topic.objects.filter_by(filters["area"], filters["tag"], filters["q"]).for_listing()
        )
    else:
        filters, topics = {}, []
    context = {
        "annex": Annex.objects.filter(number=2).first(),
        "form": form,
        "areas": areas,
        "tags": tags,
        "active_area": next((a for a in areas if a.slug == filters.get("area")), None),
        "active_tag": next((t for t in tags if t.slug == filters.get("tag")), None),
        "filters": filters,
        "is_filtered": any(filters.values()) or not form.is_valid(),
        "topic_groups": [(area, list(group)) for area, group in groupby(topics, lambda t: t.area)],
        "topic_count": len(topics),
    }
    return render(request, "annexes/topic_list.html", context)


@require_safe
@cache_content_page
def topic_detail(request, slug):
    topic = get_object_or_404(Topic.objects.for_listing(), slug=slug)
    related = Topic.objects.related_to(topic).select_related("area")[:RELATED_TOPICS]
    return render(request, "annexes/topic_detail.html", {"topic": topic, "related": related})
