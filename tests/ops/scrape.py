"""Reading /metrics as Prometheus does: its text parsed by prometheus_client's parser."""

from prometheus_client.parser import text_string_to_metric_families

LOOPBACK = {"REMOTE_ADDR": "127.0.0.1"}


def samples_of(text: str) -> dict[tuple[str, tuple], float]:
    """Every sample of an exposition: (sample name, sorted label pairs) -> value."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def scrape(client, **request) -> dict[tuple[str, tuple], float]:
    """The samples of /metrics, read from loopback unless ``request`` says otherwise."""
    response = client.get("/metrics", **({"environ_base": LOOPBACK} | request))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.content_type == "text/plain; version=0.0.4; charset=utf-8"
    return samples_of(response.get_data(as_text=True))


def value(samples: dict, name: str, **labels) -> float:
    """The sample ``name`` with exactly ``labels`` (0 when absent: a counter not yet counted)."""
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)
