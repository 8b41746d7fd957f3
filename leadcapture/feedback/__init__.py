"""Visitor feedback: ratings, answers and comments, tied to the visitor's session, lead and
organisation, with the comment's sentiment (``submit_feedback``)."""
