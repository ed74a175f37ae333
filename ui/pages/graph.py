"""Page script (run by st.navigation)."""

from ui.views.graph import render

render()
