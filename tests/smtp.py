"""A real SMTP server for the mail tests (aiosmtpd on loopback, a free port): it keeps what it
receives, and can be told to refuse the next messages the way real servers do."""

from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from tests.servers import free_port


class Inbox:
    """aiosmtpd's handler: the received messages, and the answers to give instead of taking some."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.refusals: list[str] = []  # e.g. "451 4.3.0 Try again later", used up in order

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refusals:
            return self.refusals.pop(0)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


class SmtpServer:
    def __init__(self):
        self.inbox = Inbox()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=free_port())

    @property
    def settings(self) -> dict:
        """The app settings that send mail here."""
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.controller.port}

    @property
    def messages(self) -> list[EmailMessage]:
        return self.inbox.messages


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.controller.start()
    yield server
    server.controller.stop()
