"""The HTTP API (FastAPI): thin routes over province.services."""
