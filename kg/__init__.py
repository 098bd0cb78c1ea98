"""Jaring: a knowledge graph of Indonesia's anti-trafficking law and the safety net it promises victims."""
__version__ = "0.1.0"
