from tests.smtp import smtp_server  # noqa: F401  (fixture)
from tests.sync.conftest import synced_app  # noqa: F401  (fixture)
