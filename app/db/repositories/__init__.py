"""Repositories: keyword-only functions over a SQLAlchemy session. Callers own transactions
unless a function says otherwise."""

from app.db.repositories.companies import (
    get_profile,
    list_companies,
    list_profiles,
    upsert_companies,
    upsert_profiles,
)
from app.db.repositories.news import (
    NewsMention,
    StoredNews,
    iter_news_mentions,
    list_news,
    upsert_news,
)
from app.db.repositories.prices import UpsertResult, latest_dates, load_bars, upsert_prices
from app.db.repositories.runs import (
    RunRecord,
    finish_run,
    get_watermarks,
    last_run,
    list_runs,
    set_watermarks,
    start_run,
)
from app.db.repositories.watchlist import (
    add_to_watchlist,
    ensure_watchlist,
    get_watchlist,
    remove_from_watchlist,
)

__all__ = [
    "NewsMention",
    "RunRecord",
    "StoredNews",
    "UpsertResult",
    "add_to_watchlist",
    "ensure_watchlist",
    "finish_run",
    "get_profile",
    "get_watchlist",
    "get_watermarks",
    "iter_news_mentions",
    "last_run",
    "latest_dates",
    "list_companies",
    "list_news",
    "list_profiles",
    "list_runs",
    "load_bars",
    "remove_from_watchlist",
    "set_watermarks",
    "start_run",
    "upsert_companies",
    "upsert_news",
    "upsert_prices",
    "upsert_profiles",
]
