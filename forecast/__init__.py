"""Volatility and direction forecasts with walk-forward evaluation and a model registry."""
