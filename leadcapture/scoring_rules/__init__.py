"""The rule table: editing the working rules, publishing versions, the audit log, the live set.

The scoring engine (``leadcapture.scoring``) validates and evaluates; this package stores.
"""
