"""Previewing a draft's impact without touching live scores; the `flask scoring` commands."""

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import ScoringRule, VisitorScore
from leadcapture.scoring_rules.draft import draft_rules, draft_settings, update_rule
from leadcapture.scoring_rules.seed import seed_default_rules
from leadcapture.visitor_scores.preview import preview
from leadcapture.visitor_scores.rescore import rescore_all
from tests.visitor_scores.helpers import AI, CALC_BIG, CALC_SMALL, make_visitor


def calculator_rule_id():
    return db.session.scalars(select(ScoringRule.id).where(ScoringRule.name == "Cost calculator used")).one()


def test_preview_reports_the_shift_and_leaves_live_scores_alone(app_ctx):
    seed_default_rules()
    small, big, ai, idle = (
        make_visitor([CALC_SMALL]),
        make_visitor([CALC_BIG]),
        make_visitor([AI]),
        make_visitor(),
    )
    rescore_all()
    update_rule(calculator_rule_id(), {"points": 30}, actor="a")

    report = preview(draft_rules(), draft_settings())

    assert report.visitors == 4 and report.changed == 2
    assert dict(report.levels_before) == {"high": 2, "medium": 1, "low": 1}
    assert dict(report.levels_after) == {"high": 1, "medium": 1, "low": 2}
    assert (report.offered_before, report.offered_after) == (3, 2)
    assert [(m.visitor_id, m.before, m.after) for m in report.movers] == [(small, 70, 30), (big, 100, 90)]
    assert db.session.get(VisitorScore, small).score == 70
    assert {ai, idle}.isdisjoint(m.visitor_id for m in report.movers)


def test_a_sampled_preview_scores_the_first_visitors_in_id_order(app_ctx):
    seed_default_rules()
    visitors = [make_visitor([CALC_SMALL]) for _ in range(4)] + [make_visitor([CALC_BIG]) for _ in range(4)]
    rescore_all()
    update_rule(calculator_rule_id(), {"points": 30}, actor="a")
    first_three = sorted(visitors)[:3]

    report = preview(draft_rules(), draft_settings(), sample=3)

    assert (report.population, report.visitors, report.sampled) == (8, 3, True)
    assert sorted(m.visitor_id for m in report.movers) == first_three  # every visitor's score moves
    done = []
    whole = preview(draft_rules(), draft_settings(), sample=8, progress=done.append)
    assert (whole.visitors, whole.changed, whole.sampled) == (8, 8, False)
    assert sum(done) == 8


def test_cli_publish_rescore_versions_restore(runner, app):
    with app.app_context():
        seed_default_rules()
        visitor = make_visitor([CALC_SMALL])
        update_rule(calculator_rule_id(), {"points": 40}, actor="a")
    preview_out = runner.invoke(args=["scoring", "preview"])
    assert "1 would change score" in preview_out.output
    assert "Scoring every visitor twice" in preview_out.output
    held = runner.invoke(args=["scoring", "publish", "--note", "lower", "--no-rescore"])
    assert held.exit_code == 0 and "run `flask scoring rescore`" in held.output
    rescored = runner.invoke(args=["scoring", "rescore"])
    assert rescored.exit_code == 0 and "Rescored 1 visitors and 0 leads with version 2" in rescored.output
    with app.app_context():
        assert db.session.get(VisitorScore, visitor).score == 40
    versions = runner.invoke(args=["scoring", "versions"]).output.splitlines()
    assert versions[0].startswith("v2") and "lower" in versions[0] and versions[1].startswith("v1")
    restored = runner.invoke(args=["scoring", "restore", "1"])
    assert "restored as version 3" in restored.output and "with version 3" in restored.output
    with app.app_context():
        assert db.session.get(VisitorScore, visitor).score == 70  # rescored by the restore itself
    missing = runner.invoke(args=["scoring", "restore", "42"])
    assert missing.exit_code != 0 and "no rule set version 42" in missing.output


def test_cli_publish_of_an_unchanged_draft_makes_no_version(runner, app):
    with app.app_context():
        seed_default_rules()
    result = runner.invoke(args=["scoring", "publish"])
    assert result.exit_code == 0 and "nothing to publish" in result.output
    assert runner.invoke(args=["scoring", "versions"]).output.splitlines()[0].startswith("v1")
