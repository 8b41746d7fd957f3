"""Reading a Chart.js chart the way a person sees it: once drawn, without a drawing error."""

# Functions, not expression strings: Playwright would eval a string, which the CSP forbids.
# ``?.``: the predicate also runs on the page being left, where the canvas is not there yet.
DRAWN = "(testid) => document.querySelector(`canvas[data-testid='${testid}']`)?.chart !== undefined"
LABELS = "(testid) => document.querySelector(`canvas[data-testid='${testid}']`).chart.data.labels"


def chart_labels(page, name: str) -> list:
    """The labels of the chart ``chart-<name>`` once Chart.js has drawn it (never drawn: a timeout)."""
    testid = f"chart-{name}"
    page.wait_for_function(DRAWN, arg=testid)
    assert page.get_by_test_id(testid).get_attribute("data-chart-error") is None
    return page.evaluate(LABELS, testid)
