"""Who may open which admin page: every route of the admin blueprint, every role and anonymous.

Driven by the app's url_map and the access matrix, so pages added later are covered as soon as
they exist, and a page without ``@section_required`` fails here.
"""

from types import SimpleNamespace

from leadcapture.blueprints.admin.access import NAVIGATION, SECTION_ROLES, may_see
from leadcapture.models import ROLES
from tests.admin.routes import admin_rules, methods, sample_path
from tests.admin.signin import signed_in_client

# The issue's matrix, written out to cross-check SECTION_ROLES ("leads CSV" is in the leads section).
ISSUE_MATRIX = {
    "admin": set(SECTION_ROLES),
    "sales": {"dashboard", "leads", "interactions", "notifications", "next_actions"},
    "marketing": {
        "dashboard",
        "funnel",
        "attribution",
        "analytics",
        "interactions",
        "feedback",
        "report_archive",
        "notifications",
        "experiments",
    },
}


def section_of(app, rule) -> str | None:
    return getattr(app.view_functions[rule.endpoint], "admin_section", None)


def test_the_access_matrix_is_the_issues():
    assert set(ISSUE_MATRIX) == set(ROLES)
    for role, sections in ISSUE_MATRIX.items():
        assert {
            section for section in SECTION_ROLES if may_see(SimpleNamespace(role=role), section)
        } == sections


def test_every_admin_page_is_guarded_by_a_section(app):
    unguarded = [rule.rule for rule in admin_rules(app) if section_of(app, rule) not in SECTION_ROLES]
    assert unguarded == []
    assert {rule.endpoint for rule in admin_rules(app)} >= {
        "admin.index",
        "admin.users",
        "admin.sync_page",
        "admin.experiment_results_page",
    }


def test_navigation_names_each_page_by_its_guard(app):
    for endpoint, _label, section in NAVIGATION:
        if endpoint in app.view_functions:
            assert app.view_functions[endpoint].admin_section == section, endpoint


def outcome(client, method: str, path: str) -> str:
    response = client.open(path, method=method)
    if response.status_code == 302 and response.location.startswith("/admin/login"):
        return "sign-in"
    return str(response.status_code)


def expected(app, rule, method: str, role: str | None) -> set[str] | None:
    """What ``role`` (None: anonymous) must get; None: not checked.

    Refusals are checked on every route and method: they happen before the view runs. An allowed
    role must open each page without arguments; with made-up arguments it may rightly get a 404
    (or 400, or a redirect). Allowed POSTs are left to each section's tests: sent with made-up
    values they would change data (an admin deactivating a user of this test, say).
    """
    if role is None:
        return {"sign-in"}
    section = section_of(app, rule)
    # A page without a section is open to no one (and reported by the test above).
    if section is None or not may_see(SimpleNamespace(role=role), section):
        return {"403"}
    if method != "GET":
        return None
    return {"200"} if not rule.arguments else {"200", "302", "400", "404"}


def test_each_role_opens_exactly_its_pages_and_anonymous_is_sent_to_sign_in(app):
    clients = {None: app.test_client(), **{role: signed_in_client(app, role) for role in ROLES}}
    wrong = []
    for rule in admin_rules(app):
        path = sample_path(app, rule)
        for method in methods(rule):
            for role, client in clients.items():
                allowed = expected(app, rule, method, role)
                got = allowed and outcome(client, method, path)
                if allowed and got not in allowed:
                    wrong.append(f"{role or 'anonymous'} {method} {path}: {got}, expected {sorted(allowed)}")
    assert wrong == []
