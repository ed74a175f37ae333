"""Symbol directory: resolves what people type (EN/KO names, aliases, codes, typos) to tickers."""

from app.symbols.types import Company, Mention, Resolution

__all__ = ["Company", "Mention", "Resolution"]
