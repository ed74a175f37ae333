"""Test doubles for the edges the tests cannot reach (LLM APIs)."""
