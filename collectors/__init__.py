"""Source ports, their adapters (yfinance, RSS), collection jobs and the scheduler."""
