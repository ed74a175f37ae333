"""Page script (run by st.navigation)."""

from ui.views.chat import render

render()
