"""What the leads' outcomes say about the scoring: read-side reports for the rules admin.

``outcomes`` says which leads reached an outcome (booking, qualified, won), as a SQL flag;
``lift`` compares each live rule's outcome rate where it fired against where it did not;
``calibration`` gives the outcome rate per score band and per engagement level. Each report is
one set-based query over the leads created in a period, so it stays fast at 100k leads.
"""
