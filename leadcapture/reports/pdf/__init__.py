"""PDF documents: a small block model (``document``), rendered by fpdf2 with charts drawn by
matplotlib (``render``, ``chart``)."""
