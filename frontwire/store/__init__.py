"""Store: the data layer (SQLite by default) that the CLI, exports and web app sit on."""
