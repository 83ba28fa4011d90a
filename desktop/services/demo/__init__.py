"""Demo commune: realistic, deterministic sample data for trying the register out."""
