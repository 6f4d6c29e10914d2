"""The workbook's JupyterHub of local processes (``jupyterhub -f`` this file).

Run it as ``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`` from the repository.

Trainees log in with a name and a workshop's join code, facilitators with its key
(:mod:`negotiation_lib.hub`). The hub keeps its state in ``$NEGOTIATION_WORKBOOK_HUB_STATE``
(default ``./jupyterhub-state``) and listens on 127.0.0.1:8000; the store is the workbook's
own setting (``NEGOTIATION_WORKBOOK_DB``, else the embedded SQLite file), upgraded once here.
``negotiation-workbook hub`` runs the same configuration.
"""

import os

from negotiation_lib.hub.config import configure_hub

configure_hub(
    c,  # type: ignore[name-defined]  # noqa: F821 - JupyterHub defines it for its config file
    os.environ.get("NEGOTIATION_WORKBOOK_HUB_STATE", "jupyterhub-state"),
    ip=os.environ.get("NEGOTIATION_WORKBOOK_HUB_IP", "127.0.0.1"),
    port=int(os.environ.get("NEGOTIATION_WORKBOOK_HUB_PORT", "8000")),
)
