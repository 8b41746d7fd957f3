"""Demo data: synthetic traffic (``generator``) bulk-loaded into the database (``writer``), both at once
in forked processes on PostgreSQL (``alongside``)."""

from leadcapture.demo.alongside import write_alongside
from leadcapture.demo.generator import Bundle, DemoOptions, generate
from leadcapture.demo.writer import BulkWriter, write_bundles

__all__ = ["Bundle", "BulkWriter", "DemoOptions", "generate", "write_alongside", "write_bundles"]
