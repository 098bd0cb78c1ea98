"""Renderers of answers for people: the printable brief (:mod:`.brief`)."""
