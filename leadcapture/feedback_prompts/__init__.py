"""Feedback prompts: when a prompt may show (``offers``, ``caps``), what it says (``messages``), what
the visitor did with it, the contact form's included (``lifecycle``), the follow-up email a day
after a booking (``followup``) and the admins' settings (``settings``)."""
