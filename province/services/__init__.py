"""What the province server does, as functions that take a session (routes and CLI are thin)."""
