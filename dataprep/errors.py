"""The one exception users see as a line instead of a traceback."""


class ConfigError(ValueError):
    """A configuration problem, reported to the user as one line."""
