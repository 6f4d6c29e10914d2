"""The notebooks as a trainee's single-user server shows them: readable, never changed.

jupyter_server's contents API (``/api/contents``) saves, renames, copies and deletes files
under the server's root, which for the workbook is the notebooks folder every page runs. A
trainee's browser holds the server's cookie, so without this a trainee could replace
``workbook.ipynb`` (or add a notebook) through their own server and change the pages of
everyone served from the same folder. :class:`ReadOnlyContents` answers every change with
403 and a sentence; reading (which Voila's pages do) is unchanged.
"""

from __future__ import annotations

from typing import Any, NoReturn

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from tornado import web

__all__ = ["READ_ONLY", "ReadOnlyContents"]

READ_ONLY = "The workbook's notebooks cannot be changed from a trainee's server."


def _refuse() -> NoReturn:
    raise web.HTTPError(403, READ_ONLY)


class ReadOnlyContents(AsyncLargeFileManager):
    """jupyter_server's file contents manager with every change refused (403)."""

    async def save(self, model: dict[str, Any], path: str = "") -> NoReturn:
        """Refuse: nothing is saved."""
        _refuse()

    async def delete_file(self, path: str) -> NoReturn:
        """Refuse: nothing is deleted."""
        _refuse()

    async def rename_file(self, old_path: str, new_path: str) -> NoReturn:
        """Refuse: nothing is renamed."""
        _refuse()

    async def copy(self, from_path: str, to_path: str | None = None) -> NoReturn:
        """Refuse: nothing is copied."""
        _refuse()

    async def create_checkpoint(self, path: str) -> NoReturn:
        """Refuse: no checkpoint is written beside the notebooks."""
        _refuse()

    async def restore_checkpoint(self, checkpoint_id: str, path: str) -> NoReturn:
        """Refuse: no notebook is put back from a checkpoint."""
        _refuse()

    async def delete_checkpoint(self, checkpoint_id: str, path: str) -> NoReturn:
        """Refuse: nothing is deleted."""
        _refuse()
