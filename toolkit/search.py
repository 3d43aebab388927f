"""What the site-wide search reads from the toolkit: one document per part a reader can jump to."""

from .models import Page


def search_documents():
    """Yield (group, title, url, texts) in the toolkit's order; texts are Markdown."""
    for page in Page.objects.with_content():
        page_url = page.get_absolute_url()
        yield page.nav_label, page.title, page_url, [page.lead, page.summary]
        for section in page.sections.all():
            texts = [section.body, section.closing]
            texts += [f"{p.explanation}\n\n{p.question}" for p in section.prompts.all()]
            for aim in section.aims.all():
                texts += [aim.title, aim.avoid] + [action.text for action in aim.actions.all()]
            texts += [reason.text for reason in section.reasons.all()]
            texts += [f"{item.title} {item.url}" for item in section.reading_items.all()]
            texts += [f"{quote.text} {quote.author} {quote.role}" for quote in section.quotes.all()]
            yield page.nav_label, section.heading or page.title, f"{page_url}#{section.slug}", texts
            for step in section.planning_steps.all():
                texts = [step.title, step.note, step.what_it_means, step.why_it_matters]
                texts += [action.text for action in step.key_actions.all()]
                yield (
                    page.nav_label,
                    f"{step.number}. {step.title}",
                    f"{page_url}#{step.slug}",
                    texts,
                )
            for rec in section.recommendations.all():
                yield (
                    page.nav_label,
                    f"{rec.number}. {rec.title}",
                    f"{page_url}#recommendation-{rec.number}",
                    [rec.title, rec.do_text, rec.dont_text],
                )
        for note in page.footnotes.all():
            yield page.nav_label, page.title, f"{page_url}#fn-{note.number}", [note.text]
