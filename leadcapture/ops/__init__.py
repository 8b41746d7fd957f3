"""Operations: health and readiness, Prometheus metrics, structured logs with request ids, and
the samples behind the admin's System page."""
