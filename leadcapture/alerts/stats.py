"""The significance tests of the alert rules (scipy), one-sided: is the recent figure lower?"""


def fewer_than_before(recent: int, before: int) -> float:
    """The p-value of ``recent`` events in a period against ``before`` in an equally long one, under
    one Poisson rate for both: given the total, the recent count is Binomial(total, 1/2) (the exact
    conditional test of two Poisson counts); one-sided, for fewer."""
    from scipy.stats import binomtest  # loaded on use (tests/app/test_startup.py)

    return binomtest(recent, recent + before, 0.5, alternative="less").pvalue


def lower_than_before(recent: list[int], before: list[int]) -> float:
    """The p-value of the Mann-Whitney U test that ``recent`` ratings are lower than ``before``
    (one-sided; ties, frequent with 1-5 ratings, handled by scipy's tie correction)."""
    from scipy.stats import mannwhitneyu  # loaded on use (tests/app/test_startup.py)

    return mannwhitneyu(recent, before, alternative="less").pvalue
