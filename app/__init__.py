"""Stockelper: core (settings, SQL store, symbol directory, tracing, composition root)."""

__version__ = "0.1.0"
