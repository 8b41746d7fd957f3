"""Demo data: synthetic traffic (``generator``, in a second process: ``alongside``) bulk-loaded into the
database (``writer``)."""

from leadcapture.demo.alongside import generate_alongside
from leadcapture.demo.generator import Bundle, DemoOptions, generate
from leadcapture.demo.writer import BulkWriter, write_bundles

__all__ = ["Bundle", "BulkWriter", "DemoOptions", "generate", "generate_alongside", "write_bundles"]
