"""Errors that are the user's (or the input's), reported as one line, never as a traceback."""


class InputError(Exception):
    """An input that cannot be read: the message is the reason, shown after the input's name."""

    def __init__(self, reason: str, source: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}" if self.source else self.reason
