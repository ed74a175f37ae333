"""Page bodies; `ui/pages/*.py` are the thin scripts st.navigation runs."""
