"""Data folders that ship inside the package, and their source in a checkout.

The standard (schemas/), the site theme (site_overrides/) and the sample content (content/)
are kept at the project's top, where people edit them; a built package carries each as a
folder of `checker` (`_schemas`, `_theme`, `_example`). An editable install or a checkout on
PYTHONPATH has only the source, so both places are looked at, the package's first.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # the `checker` folder
CHECKOUT = PACKAGE.parent


def candidates(packaged: str, source: str) -> tuple[Path, Path]:
    """Where the folder may be: ``checker/<packaged>``, then ``<checkout>/<source>``."""
    return PACKAGE / packaged, CHECKOUT / source


def shipped_folder(packaged: str, source: str, marker: str) -> Path:
    """The first candidate that holds ``marker``; FileNotFoundError (naming the package's
    place) when neither does: an installation with its data left out."""
    for folder in candidates(packaged, source):
        if (folder / marker).is_file():
            return folder
    raise FileNotFoundError(f"checker 的数据文件不在 {PACKAGE / packaged}（缺少 {marker}）")
