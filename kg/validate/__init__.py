"""Validation stage: SHACL shapes from shapes/, checked by a compiled engine that gives
pySHACL's results (or by pySHACL itself), and readable reports."""

from kg.validate.report import ValidationReport, ValidationResult, render_text, report_turtle
from kg.validate.shacl import load_reference, load_shapes, validate, with_context

__all__ = [
    "ValidationReport",
    "ValidationResult",
    "load_reference",
    "load_shapes",
    "render_text",
    "report_turtle",
    "validate",
    "with_context",
]
