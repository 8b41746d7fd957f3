"""Roll-ups for the admin reports: what each visitor adds to them, and folding new rows in."""
