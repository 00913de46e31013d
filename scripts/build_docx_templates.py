"""Build the default Word templates (templates/<report>.docx) with python-docx and docxtpl tags.

Run `python scripts/build_docx_templates.py` after changing this file; the .docx files are
committed so the wheel ships them. A programme's own templates/<report>.docx overrides them.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT  # noqa: F401 - kept for county templates in landscape
from docx.shared import Mm, Pt

OUT = Path(__file__).resolve().parents[1] / "templates"


def _table(document: object, headers: list[str], loop: str, cells: list[str]) -> None:
    """Add a real Word table: a header row, one docxtpl row loop, and the closing row."""
    table = document.add_table(rows=4, cols=len(headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for index, header in enumerate(headers):
        table.rows[0].cells[index].text = header
    table.rows[1].cells[0].text = "{%tr " + loop + " %}"
    for index, cell in enumerate(cells):
        table.rows[2].cells[index].text = cell
    table.rows[3].cells[0].text = "{%tr endfor %}"


def _head(document: object, title: str) -> None:
    d = document
    d.add_heading("{% if draft %}{{ t.draft }}: {% endif %}" + title, level=0)  # type: ignore[attr-defined]
    d.add_paragraph("{{ programme.full_name }}")  # type: ignore[attr-defined]
    d.add_paragraph("{%p if draft %}")  # type: ignore[attr-defined]
    d.add_paragraph("{{ t.draft | upper }}: {{ t.draft_note }}.")  # type: ignore[attr-defined]
    d.add_paragraph("{%p endif %}")  # type: ignore[attr-defined]
    for label, value in (
        ("t.period", "{{ period_start | day }}–{{ period_end | day }}"),
        ("t.owner", "{{ programme.owner }}"),
        ("t.responsible", "{{ programme.responsible }}"),
        ("t.report_to", "{{ programme.report_to | join(', ') }}"),
    ):
        d.add_paragraph("{{ " + label + " }}: " + value)  # type: ignore[attr-defined]
    d.add_paragraph("{{ t.as_of }} {{ period_end | day }}.")  # type: ignore[attr-defined]
    d.add_paragraph("{%p if scope %}")  # type: ignore[attr-defined]
    d.add_paragraph(  # type: ignore[attr-defined]
        "{{ t.scope_note.replace('{name}', scope.name) }}"
    )
    d.add_paragraph("{%p endif %}")  # type: ignore[attr-defined]


def _common_tail(d: object, number: int) -> None:
    h = d.add_heading  # type: ignore[attr-defined]
    p = d.add_paragraph  # type: ignore[attr-defined]
    h(f"{number}. {{{{ t.budget }}}}", level=1)
    p("{%p if not scope %}")
    p("{{ budget_image }}")
    p("{%p endif %}")
    p("{%p if scope %}")
    _table(
        d,
        ["{{ t.area }}", "{{ t.committed }}", "{{ t.paid_to_date }}"],
        "for a in docx_areas",
        ["{{ a.id }}: {{ a.name }}", "{{ a.committed | money }}", "{{ a.paid | money }}"],
    )
    p(
        "{{ t.total }}: {{ t.committed | lower }} {{ docx_totals.committed | money }}, "
        "{{ t.paid | lower }} {{ docx_totals.paid | money }}."
    )
    p("{%p else %}")
    _table(
        d,
        [
            "{{ t.area }}",
            "{{ t.allocation }}",
            "{{ t.committed }}",
            "{{ t.paid_to_date }}",
            "{{ t.remaining }}",
        ],
        "for a in docx_areas",
        [
            "{{ a.id }}: {{ a.name }}",
            "{{ a.allocation | money }}",
            "{{ a.committed | money }}",
            "{{ a.paid | money }}",
            "{{ a.remaining | money }}",
        ],
    )
    p(
        "{{ t.total }}: {{ t.committed | lower }} {{ docx_totals.committed | money }}, "
        "{{ t.paid | lower }} {{ docx_totals.paid | money }}; {{ t.frame | lower }} "
        "{{ docx_frame | money }}."
    )
    p("{%p endif %}")
    h("{{ t.by_year }}", level=2)
    p("{{ burn_up_image }}")
    _table(
        d,
        [
            "{{ t.year }}",
            "{{ t.committed_in_year }}",
            "{{ t.paid_in_year }}",
            "{{ t.released_in_year }}",
            "{{ t.committed_to_date }}",
            "{{ t.paid_to_date_short }}",
        ],
        "for y in by_year",
        [
            "{{ y.year }}",
            "{{ y.committed | money }}",
            "{{ y.paid | money }}",
            "{{ y.released | money }}",
            "{{ y.committed_to_date | money }}",
            "{{ y.paid_to_date | money }}",
        ],
    )
    p("{{ t.released_to_date }}: {{ released.to_date | money }}.")
    h(f"{number + 1}. {{{{ t.breakdowns if docx_regions else t.per_leader_title }}}}", level=1)
    p("{%p if docx_regions %}")
    h("{{ t.per_region_title }}", level=2)
    _table(
        d,
        [
            "{{ t.region }}",
            "{{ t.recruited_ever }}",
            "{{ t.active }}",
            "{{ t.main_goal_companies }}",
            "{{ t.committed }}",
            "{{ t.paid }}",
        ],
        "for r in docx_regions",
        [
            "{{ r.name }}",
            "{{ r.recruited_ever }}",
            "{{ r.active }}",
            "{{ r.main_goal_companies }}",
            "{{ r.committed | money }}",
            "{{ r.paid | money }}",
        ],
    )
    h("{{ t.per_leader_title }}", level=2)
    p("{%p endif %}")
    _table(
        d,
        [
            "{{ t.process_leader }}",
            "{{ t.companies_short }}",
            "{{ t.active }}",
            "{{ t.main_goal_companies }}",
            "{{ t.committed }}",
            "{{ t.paid }}",
        ],
        "for r in per_leader.leaders",
        [
            "{{ r.name or t.no_leader }}",
            "{{ r.companies }}",
            "{{ r.active }}",
            "{{ r.main_goal_companies }}",
            "{{ r.committed | money }}",
            "{{ r.paid | money }}",
        ],
    )
    h(f"{number + 2}. {{{{ t.continuation }}}}", level=1)
    p(
        "{{ continuation.with_plan }} {{ t.of }} {{ continuation.completed }} "
        "{{ t.continuation_count }}."
    )
    _table(
        d,
        ["{{ t.owner_col }}", "{{ t.plan }}"],
        "for c in continuation.plans",
        ["{{ c.name }}", "{{ c.plan }}"],
    )
    h(f"{number + 3}. {{{{ t.milestone_plan }}}}", level=1)
    _table(
        d,
        ["{{ t.milestone }}", "{{ t.due }}", "{{ t.done }}", "{{ t.state }}"],
        "for m in milestone_plan",
        [
            "{{ m.title }}",
            "{{ m.due | day }}",
            "{{ m.done | day }}",
            "{{ t.milestone_state[m.state] }}",
        ],
    )
    h(f"{number + 4}. {{{{ t.narrative if kind != 'final' else t.evaluation }}}}", level=1)
    p("{{ docx_narrative }}")
    h(f"{number + 5}. {{{{ t.glossary }}}}", level=1)
    p("{%p for key, text in t.glossary_terms %}")
    p("{{ t[key] }}: {{ text }}.")
    p("{%p endfor %}")
    h("{{ t.formalities }}", level=1)
    p("{{ t.report_date }}: {{ formalities.date | day }}")
    p("{{ t.sender }}: {{ formalities.sender or '' }}, {{ formalities.organisation or '' }}")
    p("")
    p("{{ t.signature }}: ______________________________")


def _document(title: str) -> object:
    d = Document()
    section = d.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(20)
    d.styles["Normal"].font.name = "Calibri"
    d.styles["Normal"].font.size = Pt(10)
    section.header.paragraphs[0].text = "{% if draft %}{{ t.draft | upper }}{% endif %}"
    section.footer.paragraphs[0].text = (
        "{% if draft %}{{ t.draft }} – {% endif %}{{ programme.name }} – " + title
    )
    _head(d, title)
    return d


def _summary(d: object, heading: str) -> None:
    d.add_heading(heading, level=1)  # type: ignore[attr-defined]
    _table(
        d,
        ["{{ t.key_figure }}", "{{ docx_column }}"],
        "for row in docx_terms",
        ["{{ t[row.key] }}", "{{ row.value }}"],
    )
    d.add_heading("{{ t.targets }}", level=2)  # type: ignore[attr-defined]
    _table(
        d,
        [
            "{{ t.target }}",
            "{{ t.target_value }}",
            "{{ t.target_by }}",
            "{{ t.target_actual }}",
            "{{ t.state }}",
        ],
        "for r in targets",
        [
            "{{ r.title }}",
            "{{ r.value }}",
            "{{ r.by | day }}",
            "{{ r.actual }}",
            "{{ t.target_state[r.state] }}",
        ],
    )


def quarterly() -> object:
    d = _document("{{ t.report }} {{ quarter.label }}{% if scope %} – {{ scope.name }}{% endif %}")
    _summary(d, "1. {{ t.summary }}")
    d.add_heading("2. {{ t.recruitment }}", level=1)  # type: ignore[attr-defined]
    p = d.add_paragraph  # type: ignore[attr-defined]
    p("{{ t.funnel }}: {{ t.funnel_caption | lower }}.")
    p("{{ funnel_image }}")
    _table(
        d,
        [
            "{{ t.company }}",
            "{{ t.region }}",
            "{{ t.status }}",
            "{{ t.since }}",
            "{{ t.process_leader }}",
        ],
        "for c in recruitment.companies",
        [
            "{{ c.name }}",
            "{{ c.region_name }}",
            "{{ t.status_name[c.status] }}",
            "{{ c.since | day }}",
            "{{ c.process_leader_name or '–' }}",
        ],
    )
    _common_tail(d, 3)
    return d


def annual() -> object:
    d = _document("{{ t.annual_report }} {{ year }}")
    d.add_heading("1. {{ t.quarters }}", level=1)  # type: ignore[attr-defined]
    _table(
        d,
        ["{{ t.key_figure }}", *(f"{{{{ quarters[{i}].label }}}}" for i in range(4))],
        "for key in summary_terms",
        ["{{ t[key] }}", *(f"{{{{ quarters[{i}].terms[key] }}}}" for i in range(4))],
    )
    _table(
        d,
        ["", *(f"{{{{ quarters[{i}].label }}}}" for i in range(4))],
        "for label, key in docx_quarter_money",
        ["{{ t[label] }}", *(f"{{{{ quarters[{i}][key] | money }}}}" for i in range(4))],
    )
    d.add_heading("{{ t.targets }}", level=2)  # type: ignore[attr-defined]
    _table(
        d,
        [
            "{{ t.target }}",
            "{{ t.target_value }}",
            "{{ t.target_by }}",
            "{{ t.target_actual }}",
            "{{ t.state }}",
        ],
        "for r in targets",
        [
            "{{ r.title }}",
            "{{ r.value }}",
            "{{ r.by | day }}",
            "{{ r.actual }}",
            "{{ t.target_state[r.state] }}",
        ],
    )
    d.add_heading("2. {{ t.year_moves }}", level=1)  # type: ignore[attr-defined]
    _table(
        d,
        ["{{ t.date }}", "{{ t.company }}", "{{ t.to }}"],
        "for m in moves",
        ["{{ m.date | day }}", "{{ m.company }}", "{{ t.status_name[m.to] }}"],
    )
    _common_tail(d, 3)
    return d


def final() -> object:
    d = _document("{{ t.final_report }}")
    _summary(d, "1. {{ t.main_goal_reached }}")
    d.add_heading("2. {{ t.outcomes }}", level=1)  # type: ignore[attr-defined]
    _table(
        d,
        [
            "{{ t.company }}",
            "{{ t.status }}",
            "{{ t.in_main_goal_col }}",
            "{{ t.committed }}",
            "{{ t.plan }}",
        ],
        "for c in companies",
        [
            "{{ c.name }}",
            "{{ t.status_name[c.status] }}",
            "{{ t.yes if c.main_goal else t.no }}",
            "{{ c.committed | money }}",
            "{{ c.continuation_plan or '–' }}",
        ],
    )
    _table(
        d,
        [
            "{{ t.cluster }}",
            "{{ t.status }}",
            "{{ t.in_main_goal_col }}",
            "{{ t.committed }}",
            "{{ t.plan }}",
        ],
        "for c in clusters",
        [
            "{{ c.name }}",
            "{{ t.cluster_status_name[c.status] }}",
            "{{ t.yes if c.main_goal else t.no }}",
            "{{ c.committed | money }}",
            "{{ c.continuation_plan or '–' }}",
        ],
    )
    _common_tail(d, 3)
    return d


def main() -> None:
    for name, build in (("quarterly", quarterly), ("annual", annual), ("final", final)):
        document = build()
        document.core_properties.author = "bif"  # type: ignore[attr-defined]
        document.save(str(OUT / f"{name}.docx"))  # type: ignore[attr-defined]
        print(f"wrote templates/{name}.docx")


if __name__ == "__main__":
    main()
