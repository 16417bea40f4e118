"""The user's cache folder, where timeline keeps tables it can make again (the tagger's, the lunar years')."""

from __future__ import annotations

import os
from pathlib import Path


def default_cache_dir() -> Path | None:
    """$TIMELINE_CACHE_DIR, else $XDG_CACHE_HOME/timeline, else ~/.cache/timeline; None when
    there is no home folder to put it in."""
    if explicit := os.environ.get("TIMELINE_CACHE_DIR"):
        return Path(explicit)
    if xdg := os.environ.get("XDG_CACHE_HOME"):
        return Path(xdg) / "timeline"
    try:
        return Path.home() / ".cache" / "timeline"
    except RuntimeError:  # no home folder known
        return None
