"""HTTP blueprints: they parse input and render output; services do the work."""
