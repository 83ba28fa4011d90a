"""XHHT commune program: the register of the lifelong-learning movement."""

__version__ = "0.1.0"
