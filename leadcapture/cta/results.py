"""Result pieces more than one tool answers with."""

from pydantic import BaseModel, Field


class Suggestion(BaseModel):
    procedure: str = Field(description="Catalog procedure id.")
    name: str
    why: str
