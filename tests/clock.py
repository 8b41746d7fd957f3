"""A clock a test moves by hand, in place of time.time() or time.monotonic()."""


class ManualClock:
    def __init__(self, start: float = 1_800_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
