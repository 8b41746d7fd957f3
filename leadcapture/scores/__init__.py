"""Visitor and lead scores: loading facts, scoring with the live rules, rescoring, previews."""
