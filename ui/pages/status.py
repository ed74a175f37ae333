"""Page script (run by st.navigation)."""

from ui.views.status import render

render()
