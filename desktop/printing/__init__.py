"""PDF documents (decisions, certificates, reports) drawn with reportlab."""
