"""Every benchmark in bench/ (`make bench`): the calendar feeds, then a pinboard."""

from __future__ import annotations

import runpy
from pathlib import Path

if __name__ == "__main__":
    for name in ("feeds.py", "pinboard.py"):
        runpy.run_path(str(Path(__file__).with_name(name)), run_name="__main__")
