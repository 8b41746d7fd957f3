"""Read-only queries behind the admin pages: counts, funnels, logs, attribution, exports."""
