"""Store: the data layer (SQLite by default) that the CLI, exports and web app sit on."""

from .database import SQLiteStore, Store, StoreError, Table, open_store

__all__ = ["Store", "SQLiteStore", "StoreError", "Table", "open_store"]
