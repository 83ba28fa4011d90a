"""Sync client and the wire protocol shared with the province server."""
