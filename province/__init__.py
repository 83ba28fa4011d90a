"""XHHT province server: receives what the communes sync upward (see DESIGN.md)."""
