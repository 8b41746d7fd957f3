"""Flask CLI commands (``flask seed``, ``flask demo-data``, ``flask users``, ``flask worker``...)."""

from leadcapture.cli.demo_data import demo_data_command
from leadcapture.cli.hubspot import hubspot_cli
from leadcapture.cli.privacy import privacy_cli
from leadcapture.cli.report import report_cli
from leadcapture.cli.rollups import rollups_cli
from leadcapture.cli.scoring import scoring_cli
from leadcapture.cli.seed import seed_command
from leadcapture.cli.users import users_cli
from leadcapture.cli.worker import worker_command


def init_app(app) -> None:
    """Register the commands on ``app``."""
    commands = (
        seed_command,
        demo_data_command,
        worker_command,
        scoring_cli,
        hubspot_cli,
        users_cli,
        rollups_cli,
        privacy_cli,
        report_cli,
    )
    for command in commands:
        app.cli.add_command(command)
