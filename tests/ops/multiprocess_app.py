"""A web process for the multiprocess metrics test: ``python -m tests.ops.multiprocess_app
DATABASE_URL REQUESTS [--scrape]`` answers REQUESTS /healthz requests, then with ``--scrape``
prints its /metrics answer and, as the last line, the System page's request counts as JSON."""

import json
import sys

from leadcapture.app import create_app
from leadcapture.ops.exposition import counted_metrics
from leadcapture.ops.figures import endpoint_rows


def main(database_url: str, requests: int, scrape: bool) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "REDIS_URL": None})
    client = app.test_client()
    for _ in range(requests):
        assert client.get("/healthz").status_code == 200
    if scrape:
        print(client.get("/metrics").get_data(as_text=True))
        with app.app_context():
            print(json.dumps({row.endpoint: row.timings.count for row in endpoint_rows(counted_metrics())}))
    app.extensions["inline_jobs"].shutdown()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), "--scrape" in sys.argv)
