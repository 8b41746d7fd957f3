"""One module per CTA tool, each holding the tool's definition (a ``Tool`` class)."""
