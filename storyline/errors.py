"""The three kinds of failure: bad input (Rejected), misconfiguration (ConfigError), and bugs (anything else)."""


class Rejected(Exception):
    """Bad input: the batch logs it with its file or URL and goes on."""

    def __init__(self, reason: str, source: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}" if self.source else self.reason


class ConfigError(Exception):
    """Misconfiguration: fails at start with a clear message."""
