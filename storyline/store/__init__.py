"""The SQLite store: the only place with SQL."""

from .db import Store, StoreError, outlet_label

__all__ = ["Store", "StoreError", "outlet_label"]
