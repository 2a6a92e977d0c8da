"""Page contexts are typed and documented; templates sit beside the renderer."""

import dataclasses

import pytest

from benchsite import crossreport, render


@pytest.mark.parametrize(
    "context",
    [
        render.ReportPage,
        render.ResultLine,
        render.Cell,
        render.SnippetView,
        render.ReportSummary,
        render.HomePage,
        crossreport.ModelPage,
        crossreport.ModelResult,
        crossreport.Standing,
        crossreport.LeaderboardPage,
        crossreport.ModelIndexPage,
    ],
)
def test_every_context_field_is_documented(context):
    undocumented = [f.name for f in dataclasses.fields(context) if not f.metadata.get("doc")]
    assert undocumented == []


def test_every_page_template_exists():
    env = render.environment()
    for name in [
        "report.md.j2",
        "index.md.j2",
        "model.md.j2",
        "models.md.j2",
        "leaderboard.md.j2",
    ]:
        assert env.get_template(name)
