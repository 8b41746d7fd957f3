"""Without Redis the limiter counts in process, with no thread started per request."""

from leadcapture.app import create_app
from leadcapture.extensions import limiter
from leadcapture.limiter_storage import SweptMemoryStorage
from tests.clock import ManualClock
from tests.conftest import app_settings

EVENTS = {"events": [{"type": "page_view"}]}


def test_without_redis_the_app_counts_in_process(database_url):
    settings = app_settings(database_url)
    del settings["RATELIMIT_STORAGE_URI"]  # the app's own default, as a deployment without Redis has it
    create_app(settings)
    assert isinstance(limiter.storage, SweptMemoryStorage)


def test_in_process_counts_still_refuse_past_the_limit(make_app):
    client = make_app(API_RATE_LIMIT="5 per minute").test_client()  # the tests' storage is this one
    answers = [client.post("/api/v1/events", json=EVENTS).status_code for _ in range(6)]
    assert isinstance(limiter.storage, SweptMemoryStorage)
    assert answers == [202] * 5 + [429]


def test_hits_start_no_thread():
    storage = SweptMemoryStorage()
    timer = storage.timer  # the one limits' storage starts when created
    timer.join()  # done: limits' own storage would start a new one on the next hit
    for _ in range(200):
        storage.incr("LIMITER/127.0.0.1/api", expiry=60)
    assert storage.timer is timer
    assert storage.get("LIMITER/127.0.0.1/api") == 200


def test_expired_counters_are_swept_at_most_once_a_second():
    clock = ManualClock()
    storage = SweptMemoryStorage(clock=clock)
    storage.incr("gone", expiry=-1)  # already expired
    storage.incr("kept", expiry=60)
    assert "gone" in storage.storage  # swept on the first hit, before "gone" was counted
    clock.advance(seconds=0.5)
    storage.incr("kept", expiry=60)
    assert "gone" in storage.storage
    clock.advance(seconds=0.5)
    storage.incr("kept", expiry=60)
    assert "gone" not in storage.storage and storage.get("kept") == 3
