"""Entry point: `streamlit run ui/app.py` (what `stockelper ui` runs).

Streamlit puts this file's folder (ui/) first on sys.path, where this very file would shadow
the `app` package; the project root goes first instead.
"""

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
if str(_HERE.parent) not in sys.path:
    sys.path.insert(0, str(_HERE.parent))

from ui.shell import main  # noqa: E402

main()
