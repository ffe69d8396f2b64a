"""Deterministic, realistic demo data. `load_demo(seed)` is what `lytt demo` runs."""

from lytt.demo.loader import DemoLogins, load_demo

__all__ = ["DemoLogins", "load_demo"]
