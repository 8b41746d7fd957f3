"""The OpenAPI document of the public JSON API, generated from pydantic models."""
