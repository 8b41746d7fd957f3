"""Stored visitor and lead scores: facts loaded from the database, scores stored with the live
rules, the contact-form decision's database side, rescoring, previews."""
