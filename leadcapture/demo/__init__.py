"""Demo data: synthetic traffic (``generator``) bulk-loaded into the database (``writer``)."""

from leadcapture.demo.generator import Bundle, DemoOptions, generate
from leadcapture.demo.writer import BulkWriter, write_bundles

__all__ = ["Bundle", "BulkWriter", "DemoOptions", "generate", "write_bundles"]
