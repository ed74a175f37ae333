"""Page script (run by st.navigation)."""

from ui.views.forecast import render

render()
