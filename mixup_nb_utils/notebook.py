"""What a chapter needs from its kernel: ``glue`` (values for the prose) and progress bars.

Ground floor: imports nothing of the package's other modules, and never imports MyST-NB or Sphinx
(build tools, not in a reader's kernel on Colab or Binder).

``glue(name, value)`` writes the output that MyST-NB's own ``glue`` function writes (MyST-NB 1.x, its
glue extension): one ``display_data`` whose bundle is IPython's rich display of the
value, its mime keys prefixed with :data:`GLUE_PREFIX` unless ``display=True``, and whose metadata
holds ``{"scrapbook": {"name": name, "mime_prefix": prefix}}``. The book build reads these outputs
from the committed notebooks for its ``{glue:text}`` and ``{glue:figure}`` roles and directives, so
they work unchanged. In a reader's kernel the prefixed keys have no renderer and nothing shows;
with ``display=True`` the value shows as usual. Outside IPython ``glue`` prints the value when
``display=True`` and otherwise does nothing.

``progress(iterable)`` / ``progress_bar(total)``: tqdm's notebook-aware bar (``tqdm.auto``: a widget
in Jupyter, text on a terminal) for the package's long loops, removed when the loop ends
(``leave=False``), and shown only once the loop has run :data:`PROGRESS_DELAY_S` seconds. They are
switched off, with no output at all, when the environment variable
:data:`PROGRESS_ENV` is ``"0"``: ``scripts/chapters.py execute`` (the committed outputs) and every
pytest run from the repository (``conftest.py``: nbval's kernels inherit it) set it, so no bar reaches
a committed notebook, a built page (the book build never executes) or nbval's comparison.
``tests/test_notebook.py`` checks that no committed chapter holds a bar.
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import Any, Iterable, Iterator, TypeVar

import numpy as np

GLUE_PREFIX = "application/papermill.record/"
PROGRESS_ENV = "MIXUP_PROGRESS"
#: a bar appears only once its loop has run this long (many short calls leave no trace at all)
PROGRESS_DELAY_S = 2.0

T = TypeVar("T")


def _plain(value: Any) -> Any:
    """numpy scalars as Python numbers: numpy ≥ 2 writes ``np.float64(0.02)`` as a scalar's text,
    which MyST-NB cannot format with ``{glue:text}`name:.2f```."""
    return value.item() if isinstance(value, np.generic) else value


def _shell():
    """The running IPython shell, or None (plain Python, or IPython not installed)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    return ipython.get_ipython()


def glue_output(name: str, value: Any, display: bool = False) -> tuple[dict, dict]:
    """The (bundle, metadata) that :func:`glue` displays for ``value`` under ``name`` (needs IPython)."""
    from IPython.core.formatters import format_display_data

    if not isinstance(name, str) or not name:
        raise ValueError(f"glue needs a non-empty string name, got {name!r}.")
    bundle, metadata = format_display_data(_plain(value))
    prefix = "" if display else GLUE_PREFIX
    metadata = dict(metadata)
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    return {prefix + key: data for key, data in bundle.items()}, metadata


def glue(name: str, value: Any, display: bool = False) -> None:
    """Store ``value`` under ``name`` for the prose's ``{glue:text}`name``` roles (MyST-NB's format).

    ``display=False`` (the book's default): nothing shows in a reader's kernel; ``display=True``: the
    value shows as any cell result does. numpy scalars are glued as Python numbers.
    """
    if _shell() is None:
        if not isinstance(name, str) or not name:
            raise ValueError(f"glue needs a non-empty string name, got {name!r}.")
        if display:
            print(_plain(value))
        return
    from IPython.display import display as ipy_display

    bundle, metadata = glue_output(name, value, display)
    ipy_display(bundle, raw=True, metadata=metadata)


def progress_enabled() -> bool:
    """Whether progress bars are shown: not when ``MIXUP_PROGRESS=0`` (committed and tested runs)."""
    return os.environ.get(PROGRESS_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


class _NoBar:
    """A progress bar that shows nothing (bars switched off)."""

    def update(self, n: int = 1) -> None:
        pass

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> "_NoBar":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _tqdm_class():
    """tqdm's notebook widget in a Jupyter kernel that has ipywidgets, its text bar elsewhere."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tqdm warns when it falls back from the widget to text
        from tqdm.auto import tqdm
    return tqdm


def progress_bar(total: int, desc: str | None = None, enabled: bool = True, delay: float = PROGRESS_DELAY_S):
    """A bar over ``total`` steps (``.update(n)``, ``.close()``; a context manager), or one that shows
    nothing when bars are off (or ``enabled`` is False). Removed from the output when closed."""
    if not (enabled and progress_enabled()):
        return _NoBar()
    return _tqdm_class()(total=int(total), desc=desc, leave=False, dynamic_ncols=True, delay=delay)


def progress(iterable: Iterable[T], total: int | None = None, desc: str | None = None,
             delay: float = PROGRESS_DELAY_S) -> Iterator[T]:
    """``iterable`` with a progress bar (tqdm's notebook-aware bar), or ``iterable`` itself when bars are off."""
    if not progress_enabled():
        return iter(iterable)
    if total is None and hasattr(iterable, "__len__"):
        total = len(iterable)  # type: ignore[arg-type]
    return iter(_tqdm_class()(iterable, total=total, desc=desc, leave=False, dynamic_ncols=True, delay=delay))
