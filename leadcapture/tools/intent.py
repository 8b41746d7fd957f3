"""Reads intent from a visitor's free text: procedures, concerns, urgency and budget (SPEC vocabularies)."""

import re
from collections.abc import Iterable
from functools import lru_cache

from price_parser import Price

from leadcapture.catalog.defaults import CONCERNS
from leadcapture.catalog.procedures import ProcedureInfo
from leadcapture.tools.text import PhraseMatcher, concern_phrases, stem, tokens, words

CONCERN, PROCEDURE = "concern", "procedure"
# Words that say nothing about which treatment is meant ("skin texture" names no procedure).
_GENERIC = set(tokens("skin face facial texture tone my the of and treatment"))
# Words of procedure names too vague to name one on their own ("hair", but "PRP" or "thread" do).
_VAGUE = _GENERIC | set(tokens("hair removal chemical laser lift"))

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "couple": 2, "three": 3, "few": 3, "four": 4, "five": 5}
_DAYS = {"day": 1, "week": 7, "month": 30}
# "in 3 weeks", "within a month", "in the next few months", "in a couple of days"
_DURATION = re.compile(
    r"\b(?:in|within|over)\s+(?:the\s+)?(?:next\s+)?(?:a\s+)?"
    r"(?P<n>\d+|couple(?:\s+of)?|few|an?|one|two|three|four|five)\s+(?P<unit>day|week|month)s?\b"
)
_NOT_URGENT = re.compile(r"\b(?:not|isn'?t|nothing|no)\s+(?:\w+\s+)?(?:urgent|urgency|rush|hurry)\b")
_SEASON = r"(?:summer|spring|autumn|fall|winter|holidays)"
_URGENCY_PATTERNS = (
    (
        "immediate",
        r"\basap\b|a\.s\.a\.p|as soon as possible|\burgent|right away|straight away|immediately|"
        r"\btoday\b|\btonight\b|\btomorrow\b|\b(?:this|next) week(?:end)?\b|\bright now\b",
    ),
    ("within_month", r"\b(?:this|next) month\b|\bend of (?:the|this) month\b|\bwithin (?:the|this) month\b"),
    ("within_quarter", rf"\b(?:this|next) quarter\b|\b(?:this|before|by) (?:the )?{_SEASON}\b"),
    (
        "flexible",
        r"\bno (?:rush|hurry|timeline)\b|\bsome ?(?:time|day)\b|\beventually\b|\bjust (?:researching|"
        r"looking|browsing|curious)\b|\bat some point\b|\bwhenever\b|\bnext year\b|\bin the future\b|"
        r"\bnot sure when\b|\bone day\b",
    ),
)
_URGENCY = tuple((level, re.compile(pattern)) for level, pattern in _URGENCY_PATTERNS)
_URGENCY_ORDER = [level for level, _ in _URGENCY_PATTERNS]
_LEVEL_BY_DAYS = ((7, "immediate"), (31, "within_month"), (92, "within_quarter"))

_AMOUNT = r"\d{1,3}(?:[,.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_MONEY = re.compile(
    rf"(?P<symbol>[$£€])?\s*(?P<low>{_AMOUNT})(?:\s*(?P<k1>k|grand)\b)?"
    rf"(?:\s*(?:-|–|to)\s*[$£€]?\s*(?P<high>{_AMOUNT})(?:\s*(?P<k2>k|grand)\b)?)?"
    r"(?:\s*(?P<unit>[$£€]|(?:dollars?|bucks|usd|pounds?|quid|gbp|euros?|eur)\b))?"
)
_CURRENCIES = {"$": "USD", "dollar": "USD", "buck": "USD", "usd": "USD", "£": "GBP", "pound": "GBP"}
_CURRENCIES |= {"quid": "GBP", "gbp": "GBP", "€": "EUR", "euro": "EUR", "eur": "EUR"}
_BUDGET_CONTEXT = re.compile(
    r"\b(?:budget|spend|spending|afford|pay|paying|price|cost|max|maximum|invest)\b[^\d.,;!?]{0,20}$"
)
_DATE_CONTEXT = re.compile(r"\b(?:in|on|by|since|until|at|age|aged)\s*$")
_NOT_MONEY_AFTER = re.compile(
    r"\s*(?:%|years?\b|yrs?\b|yo\b|months?\b|weeks?\b|days?\b|sessions?\b|procedures?\b)"
)
_CEILING = re.compile(r"\b(?:under|below|less than|up to|no more than|max(?:imum)?|at most)\s*$")
_BUDGET_RANGES = ((1000, "under_1k"), (5000, "1k_5k"), (10000, "5k_10k"))


@lru_cache(maxsize=32)
def vocabulary(catalog: tuple[ProcedureInfo, ...]) -> PhraseMatcher:
    """One matcher for concern words and the names and naming keywords of the catalog's procedures."""
    concerns = {cid: cid.replace("_", " ") for procedure in catalog for cid in procedure.concerns} | CONCERNS
    concern_only = PhraseMatcher(concern_phrases(concerns))
    phrases = [(phrase, (CONCERN, cid)) for phrase, cid in concern_phrases(concerns)]
    for procedure in catalog:
        for alias in _aliases(procedure, catalog, concern_only):
            phrases.append((alias, (PROCEDURE, procedure.id)))
            phrases += [(alias, (CONCERN, cid)) for cid in concern_only.labels(alias)]
    return PhraseMatcher(phrases)


def _aliases(
    procedure: ProcedureInfo, catalog: tuple[ProcedureInfo, ...], concern_only: PhraseMatcher
) -> list[str]:
    """The name, its words no other procedure uses ("PRP"), the id as words, and the keywords that
    name a treatment rather than a concern."""
    others = {word for other in catalog if other != procedure for word in tokens(_names(other))}
    distinct = [word for word in words(procedure.name) if stem(word) not in others | _VAGUE]
    keywords = [keyword for keyword in procedure.keywords if _names_treatment(keyword, concern_only)]
    return [procedure.name, procedure.id.replace("_", " "), *distinct, *keywords]


def _names(procedure: ProcedureInfo) -> str:
    return " ".join((procedure.name, *procedure.keywords))


def _names_treatment(phrase: str, concern_only: PhraseMatcher) -> bool:
    """True when some word of ``phrase`` is neither a concern word nor generic ("lip filler", not "jowls")."""
    stems = tokens(phrase)
    covered = {word for key, _ in concern_only.matches(stems) for word in key}
    return any(word not in covered | _GENERIC for word in stems)


def mentions(text: str, catalog: tuple[ProcedureInfo, ...]) -> tuple[list[str], list[str]]:
    """(procedure ids, concern ids) named in ``text``, first mention first."""
    labels = vocabulary(catalog).labels(text)
    return [i for kind, i in labels if kind == PROCEDURE], [i for kind, i in labels if kind == CONCERN]


def extract_urgency(text: str) -> str | None:
    """SPEC's urgency for the most urgent time phrase in ``text`` ("asap", "next month"...), or None."""
    text = _normalise(text)
    relaxed = _NOT_URGENT.search(text) is not None
    text = _NOT_URGENT.sub(" ", text)
    levels = [level for level, pattern in _URGENCY if pattern.search(text)]
    levels += [_level_for_days(match) for match in _DURATION.finditer(text)]
    levels += ["flexible"] if relaxed else []
    return min(levels, key=_URGENCY_ORDER.index, default=None)


def _normalise(text: str) -> str:
    """Lower case, plain apostrophes, single spaces (which also keeps the patterns linear)."""
    return " ".join(text.lower().replace("\u2019", "'").split())


def _level_for_days(match: re.Match) -> str:
    count = match["n"].split()[0]
    days = (int(count) if count.isdigit() else _NUMBER_WORDS[count]) * _DAYS[match["unit"]]
    return next((level for limit, level in _LEVEL_BY_DAYS if days <= limit), "flexible")


def extract_budget(text: str) -> dict:
    """``budget_amount``, ``budget_range`` (and ``budget_currency`` when stated) from money in ``text``.

    A number is money when it has a currency, a "k"/"grand" or follows a budget word ("spend 3000");
    ages, counts and dates are not. With several amounts the largest counts; a range counts as its middle.
    """
    text = _normalise(text)
    found = [budget for match in _MONEY.finditer(text) if (budget := _money(match, text))]
    if not found:
        return {}
    amount, ceiling, currency = max(found, key=lambda budget: budget[0])
    limit = amount - 0.01 if ceiling else amount
    budget = {"budget_amount": amount, "budget_range": _budget_range(limit)}
    return budget | ({"budget_currency": currency} if currency else {})


def _money(match: re.Match, text: str) -> tuple[float, bool, str | None] | None:
    """(amount, stated as a ceiling, ISO currency) when ``match`` is money, else None."""
    before = text[max(0, match.start() - 60) : match.start()]
    unit = match["symbol"] or match["unit"] or ""
    # "pounds" alone is as often weight ("lost 20 pounds") as money
    certain = match["k1"] or match["k2"] or (unit and not unit.startswith("pound"))
    if not certain and not _after_budget_word(before, text[match.end() : match.end() + 20]):
        return None
    amount = _amount(match)
    if amount is None:
        return None
    return amount, bool(_CEILING.search(before)), _CURRENCIES.get(unit.rstrip("s"))


def _amount(match: re.Match) -> float | None:
    """The amount of a money match ("5-7k" is 6000), or None when its digits are no price."""
    thousands = 1000 if match["k2"] or match["k1"] else 1
    low = _number(match["low"], 1000 if match["k1"] else thousands)
    high = _number(match["high"], thousands) if match["high"] else low
    if low is None or high is None:
        return None
    amount = round((low + high) / 2, 2)
    return int(amount) if amount.is_integer() else amount


def _after_budget_word(before: str, after: str) -> bool:
    """True for a plain number after a budget word ("spend 3000"), unless it is a date, age or count."""
    return bool(
        _BUDGET_CONTEXT.search(before)
        and not _DATE_CONTEXT.search(before)
        and not _NOT_MONEY_AFTER.match(after)
    )


def _number(text: str, scale: int) -> float | None:
    """The number in '2,500', '1.500' or '2.500,50' times ``scale`` (price-parser knows the separators)."""
    amount = Price.fromstring(text).amount
    return None if amount is None else float(amount) * scale


def _budget_range(amount: float) -> str:
    return next((name for limit, name in _BUDGET_RANGES if amount < limit), "over_10k")


def extract_intent(text: str, catalog: Iterable[ProcedureInfo]) -> dict:
    """``procedures``, ``concerns``, ``urgency``, ``budget_*``: only the keys that have a value."""
    procedures, concerns = mentions(text, tuple(catalog))
    intent = {"procedures": procedures, "concerns": concerns, "urgency": extract_urgency(text)}
    return {key: value for key, value in intent.items() if value} | extract_budget(text)


def interaction_data(query: str, intent: dict) -> dict:
    """The interaction's data: the query, the intent and top-level copies the scoring rules read."""
    copies = {key: intent[key] for key in ("budget_range", "urgency", "procedures") if key in intent}
    return {"query": query, "intent": intent} | copies
