"""Validation stage: SHACL shapes from shapes/ with pySHACL."""

from kg.validate.shacl import ValidationReport, load_shapes, validate

__all__ = ["ValidationReport", "load_shapes", "validate"]
