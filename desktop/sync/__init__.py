"""Sync client and the wire protocol shared with the province server.

The window and the CLI call `desktop.sync.service`; `desktop.sync.protocol` is the one
module the province server imports, so this package's __init__ imports nothing.
"""
