"""Scripts run by st.navigation, one per page (each calls its view's `render`)."""
