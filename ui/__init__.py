"""Streamlit pages and components."""
