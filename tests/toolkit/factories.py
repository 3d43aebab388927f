"""Small builders for toolkit content made in code, for tests that must not rely on fixtures."""

from toolkit import models


def make_step_page(number=1, slug="think", sections=1, items=1):
    page = models.Page.objects.create(
        slug=slug, title=f"Step {number}", nav_label=slug.upper(), step_number=number, order=number
    )
    for s in range(sections):
        models.Section.objects.create(
            page=page, slug=f"part-{s}", heading=f"Part {s}", body=f"Body {s}[^{s + 1}]", order=s
        )
        models.Footnote.objects.create(page=page, number=number * 100 + s, text=f"Note {s}")
        for kind_index, kind in enumerate(
            [
                models.Section.Kind.EXERCISE,
                models.Section.Kind.AIMS,
                models.Section.Kind.PLANNING_STEPS,
                models.Section.Kind.CHALLENGE,
                models.Section.Kind.RECOMMENDATIONS,
                models.Section.Kind.READING,
            ]
        ):
            child = models.Section.objects.create(
                page=page,
                slug=f"part-{s}-{kind}",
                heading=kind.label,
                kind=kind,
                order=s * 10 + kind_index,
            )
            for i in range(items):
                _add_item(child, kind, number * 1000 + s * 100 + i)
    return page


def _add_item(section, kind, n):
    Kind = models.Section.Kind
    if kind == Kind.EXERCISE:
        models.ExercisePrompt.objects.create(section=section, explanation="E", question=f"Q{n}")
    elif kind == Kind.AIMS:
        aim = models.Aim.objects.create(section=section, title=f"Aim {n}", avoid="Avoid")
        models.AimAction.objects.create(aim=aim, text="Do this")
    elif kind == Kind.PLANNING_STEPS:
        step = models.PlanningStep.objects.create(
            section=section,
            number=n,
            slug=f"step-{n}",
            title=f"Step {n}",
            what_it_means="W",
            why_it_matters="Y",
        )
        models.KeyAction.objects.create(planning_step=step, text="Act")
    elif kind == Kind.CHALLENGE:
        models.ResistanceReason.objects.create(section=section, text=f"Reason {n}")
    elif kind == Kind.RECOMMENDATIONS:
        models.Recommendation.objects.create(
            section=section, number=n, title=f"Rec {n}", do_text="Do", dont_text="Don't"
        )
    elif kind == Kind.READING:
        models.ReadingItem.objects.create(
            section=section, title=f"Book {n}", url="https://example.org/"
        )
