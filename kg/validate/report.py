"""SHACL validation results as typed records, and their readable, grouped rendering.

Each result names its focus node (with a label a person recognises), the shape it failed
(the node shape of ``shapes/``, not an anonymous property shape), the path, the message and
the offending value, and the source document the focus node belongs to: the article a
claim is reported in, a span quotes, an event is mentioned in, or that refers to an actor.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from kg.vocab import KG, NIF, PREFIXES, PROV

SHAPES_NS = "https://w3id.org/kg/shapes#"

# How a focus node leads to its source document, in order of preference.
_DOC_LINKS = (KG.reportedIn, NIF.referenceContext, KG.mentionedIn, PROV.wasDerivedFrom)
# Properties through which a document's nodes refer to actors, places, events and spans.
_REFERRERS = (
    KG.claimant,
    KG.aboutActor,
    KG.channel,
    KG.about,
    KG.aboutEvent,
    KG.evidence,
    KG.perpetrator,
    KG.participant,
    KG.target,
    KG.place,
    KG.linksEvent,
    DCTERMS.publisher,
)
_LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title, KG.fileName, NIF.anchorOf)
_DOC_LABELS = (KG.fileName, DCTERMS.title, RDFS.label)


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, ready to print.

    ``focus``, ``shape``, ``component`` and ``document`` are full IRIs (``document`` is
    None for reference data); ``path`` and ``value`` are written with the kg prefixes.
    """

    focus: str
    path: str | None
    message: str
    value: str | None
    shape: str
    component: str
    severity: str
    focus_label: str = ""
    document: str | None = None
    document_label: str = ""


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating one graph: ``conforms`` and the sorted results."""

    conforms: bool
    results: tuple[ValidationResult, ...] = ()
    graph: Graph | None = field(default=None, compare=False, repr=False)

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        """The results of severity Violation."""
        return tuple(r for r in self.results if r.severity == "Violation")


def qname(node: Node | None) -> str:
    """``node`` with the kg prefixes (``kgd:claim-1``), a literal quoted and shortened.

    >>> qname(URIRef("https://w3id.org/kg/ontology#claimant"))
    'kg:claimant'
    >>> qname(Literal("x" * 100))[:6], len(qname(Literal("x" * 100)))
    ('"xxxxx', 82)
    """
    if node is None:
        return ""
    if isinstance(node, Literal):
        text = str(node).replace("\n", " ")
        short = text if len(text) <= 80 else text[:79] + "…"
        return f'"{short}"' + (f"^^{qname(node.datatype)}" if node.datatype else "")
    if isinstance(node, BNode):
        return "[]"
    iri = str(node)
    if iri.startswith(SHAPES_NS):
        return "kgs:" + iri[len(SHAPES_NS) :]
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)) and iri != str(ns):
            return f"{prefix}:{iri[len(str(ns)) :]}"
    if iri.startswith(str(SH)):
        return "sh:" + iri[len(str(SH)) :]
    return f"<{iri}>"


def render_path(g: Graph, path: Node | None) -> str | None:
    """A SHACL property path in SPARQL syntax: ``kg:claimant``, ``rdf:type/rdfs:subClassOf*``."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return qname(path)
    if (path, RDF.first, None) in g:
        return "/".join(render_path(g, p) or "?" for p in Collection(g, path))
    for prop, fmt in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = g.value(path, prop)
        if inner is not None:
            return fmt.format(render_path(g, inner))
    alt = g.value(path, SH.alternativePath)
    if alt is not None:
        return "(" + "|".join(render_path(g, p) or "?" for p in Collection(g, alt)) + ")"
    return "?"


def label_of(g: Graph, node: Node, order: tuple = _LABELS) -> str:
    """The first label-like value of ``node`` (prefLabel, label, title, file name, quote)."""
    for p in order:
        v = g.value(node, p)
        if isinstance(v, Literal) and str(v).strip():
            text = " ".join(str(v).split())
            return text if len(text) <= 70 else text[:69] + "…"
    return ""


def document_of(g: Graph, node: Node) -> Node | None:
    """The source document ``node`` belongs to, or None for reference data."""
    if (node, RDF.type, KG.NewsArticle) in g or (node, NIF.isString, None) in g:
        return node
    for p in _DOC_LINKS:
        docs = sorted(g.objects(node, p), key=str)
        if docs:
            return docs[0]
    # an actor, place, event or span: the document of a node that refers to it
    for p in _REFERRERS:
        for s in sorted(g.subjects(p, node), key=str):
            if (s, RDF.type, KG.NewsArticle) in g:
                return s
            for q in _DOC_LINKS:
                docs = sorted(g.objects(s, q), key=str)
                if docs:
                    return docs[0]
    return None


def _node_shape(shapes: Graph, shape: Node | None) -> Node | None:
    """The named node shape a (possibly anonymous, possibly nested) property shape belongs to."""
    seen: set[Node] = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        parent = next(iter(shapes.subjects(SH.property, shape)), None)
        if parent is None:
            parent = next(iter(shapes.subjects(SH.sparql, shape)), None)
        if parent is None:
            break
        shape = parent
    return shape


def results_from_report(report: Graph, data: Graph, shapes: Graph) -> tuple[ValidationResult, ...]:
    """Typed results of a pySHACL report graph, sorted by document, shape, focus and path."""
    out = []
    for r in report.objects(None, SH.result):  # top-level results, not their sh:detail
        focus = report.value(r, SH.focusNode)
        src = report.value(r, SH.sourceShape)
        node_shape = _node_shape(shapes, src)
        doc = document_of(data, focus) if focus is not None else None
        severity = report.value(r, SH.resultSeverity)
        out.append(
            ValidationResult(
                focus=str(focus) if focus is not None else "",
                path=render_path(report, report.value(r, SH.resultPath)),
                message=str(report.value(r, SH.resultMessage) or ""),
                value=qname(report.value(r, SH.value))
                if report.value(r, SH.value) is not None
                else None,
                shape=str(node_shape) if isinstance(node_shape, URIRef) else qname(node_shape),
                component=str(report.value(r, SH.sourceConstraintComponent) or ""),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "",
                focus_label=label_of(data, focus) if focus is not None else "",
                document=str(doc) if doc is not None else None,
                document_label=label_of(data, doc, _DOC_LABELS) if doc is not None else "",
            )
        )
    return tuple(
        sorted(
            out,
            key=lambda x: (
                x.document is None,
                x.document or "",
                x.shape,
                x.focus,
                x.path or "",
                x.component,
                x.value or "",
                x.message,
            ),
        )
    )


def _iri_text(iri: str) -> str:
    return qname(URIRef(iri)) if iri.startswith(("http://", "https://", "urn:")) else "[]"


def render_text(report: ValidationReport, name: str) -> str:
    """The report as text, grouped by source document and then by shape.

    ::

        graph.ttl: does not conform: 2 violations in 1 document
        document kgd:doc-0123456789abcdef  (article.txt)
          kgs:ClaimShape
            kgd:claim-0123456789abcdef-1  "ISPR: casualty - 12 militants killed"
              kg:count: A count is not negative.  value: "-3"^^xsd:integer
    """
    if report.conforms and not report.results:
        return f"{name}: conforms"
    groups: dict[tuple[str | None, str], dict[str, list[ValidationResult]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for r in report.results:
        groups[(r.document, r.document_label)][r.shape].append(r)
    n_viol = len(report.violations)
    n_warn = len(report.results) - n_viol
    n_docs = len({r.document for r in report.results if r.document is not None})
    head = "conforms" if report.conforms else "does not conform"
    counts = [f"{n_viol} violation{'s' if n_viol != 1 else ''}"]
    if n_warn:
        counts.append(f"{n_warn} warning{'s' if n_warn != 1 else ''}")
    lines = [
        f"{name}: {head}: {', '.join(counts)} in {n_docs} document{'s' if n_docs != 1 else ''}"
        + (" and elsewhere" if any(r.document is None for r in report.results) else "")
    ]
    for (doc, doc_label), by_shape in groups.items():
        if doc is None:
            lines.append("no source document (reference data, or nodes no article leads to)")
        else:
            lines.append(f"document {_iri_text(doc)}" + (f"  ({doc_label})" if doc_label else ""))
        for shape in sorted(by_shape):
            lines.append(f"  {_iri_text(shape)}")
            last_focus = None
            for r in by_shape[shape]:
                if r.focus != last_focus:
                    label = f'  "{r.focus_label}"' if r.focus_label else ""
                    lines.append(f"    {_iri_text(r.focus)}{label}")
                    last_focus = r.focus
                sev = "" if r.severity in ("Violation", "") else f"[{r.severity.lower()}] "
                path = f"{r.path}: " if r.path else ""
                value = f"  value: {r.value}" if r.value is not None else ""
                lines.append(f"      {sev}{path}{r.message}{value}")
    return "\n".join(lines)


def report_turtle(report: ValidationReport) -> str:
    """The standard SHACL report graph as Turtle, with stable blank-node labels."""
    from rdflib.compare import to_canonical_graph

    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, override=True)
    out.bind("sh", SH, override=True)
    out.bind("kgs", SHAPES_NS, override=True)
    if report.graph is not None:
        for t in to_canonical_graph(report.graph):
            out.add(t)
    return out.serialize(format="longturtle")
