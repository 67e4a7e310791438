"""The build pipeline: ingest -> extract -> map -> validate -> (reason) -> write.

Each document is mapped and validated on its own; a document whose graph does not
conform is quarantined (kept out of the main graph, its report written beside it).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Set
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from kg.ingest import IngestResult, InputRecord, ingest
from kg.mapping.iri import graph_iri
from kg.mapping.to_rdf import new_graph, to_triples
from kg.model import Extraction
from kg.nlp.extract import extract
from kg.resolve import find_links, links_to_rdf
from kg.resources import ontology_files, registry_files
from kg.validate import ValidationReport, validate


class DocumentGraphs(MutableMapping):
    """Document graphs by named-graph IRI, kept compactly as frozensets of triples.

    An rdflib graph costs about 1.5 KB per triple; a build of ten thousand articles holds a
    million. Each document is therefore kept as a frozenset of ``(s, p, o)`` tuples, and
    ``documents[iri]`` gives a new rdflib :class:`~rdflib.Graph` of it (changing that graph
    does not change the build: assign it back to do so). :meth:`triples` gives the set
    itself, without building a graph.
    """

    def __init__(self, items: Mapping[URIRef, Iterable[tuple]] | None = None) -> None:
        self._triples: dict[URIRef, frozenset] = {}
        for k, v in (items or {}).items():
            self[k] = v

    def __getitem__(self, key: URIRef) -> Graph:
        g = new_graph()
        g.addN((*t, g) for t in self._triples[key])
        return g

    def __setitem__(self, key: URIRef, value: Iterable[tuple]) -> None:
        self._triples[key] = value if isinstance(value, frozenset) else frozenset(value)

    def __delitem__(self, key: URIRef) -> None:
        del self._triples[key]

    def __iter__(self) -> Iterator[URIRef]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def __contains__(self, key: object) -> bool:
        return key in self._triples

    def triples(self, key: URIRef) -> frozenset:
        """The triples of one document."""
        return self._triples[key]

    def all_triples(self) -> Iterator[tuple]:
        """The triples of every document, document by document in IRI order."""
        for k in sorted(self._triples):
            yield from self._triples[k]

    def count(self) -> int:
        """The number of triples of all documents (documents share no triples)."""
        return sum(len(v) for v in self._triples.values())


@dataclass
class BuildResult:
    """What ``build`` made: per-document graphs, the reference graph, the extractions and an
    account of every input.

    ``documents`` maps each ingested document's named-graph IRI (``kgg:doc-<hash16>``) to
    its graph (claims, events, evidence, provenance; see :class:`DocumentGraphs`);
    ``reference`` holds the ontology, concept schemes, actor registry and gazetteer;
    ``inferred`` holds what reasoning added (kept as ``inferred_triples``).
    The properties ``asserted``, ``graph`` and ``inferred`` build rdflib graphs on each
    call; at scale, use :meth:`asserted_triples`, ``documents.triples(iri)`` and
    ``inferred_triples``, which do not.
    """

    reference: Graph
    documents: DocumentGraphs = field(default_factory=DocumentGraphs)
    inferred_triples: frozenset | None = None
    """What reasoning added, or None when it did not run."""
    extractions: list[Extraction] = field(default_factory=list)
    records: list[InputRecord] = field(default_factory=list)
    reports: dict[str, ValidationReport] = field(default_factory=dict)
    links: Graph = field(default_factory=Graph)
    """Cross-document links: events of the same incident (named graph ``kgg:incidents``)."""

    def __post_init__(self) -> None:
        if not isinstance(self.documents, DocumentGraphs):
            self.documents = DocumentGraphs(self.documents)

    @property
    def inferred(self) -> Graph | None:
        """The inferred triples as a new graph (None when reasoning did not run)."""
        if self.inferred_triples is None:
            return None
        g = new_graph()
        g.addN((*t, g) for t in self.inferred_triples)
        return g

    @inferred.setter
    def inferred(self, value: Iterable[tuple] | None) -> None:
        self.inferred_triples = None if value is None else frozenset(value)

    def asserted_triples(self) -> Iterator[tuple]:
        """Reference data, every document and the cross-document links (may repeat a triple)."""
        yield from self.reference
        yield from self.documents.all_triples()
        yield from self.links

    @property
    def asserted(self) -> Graph:
        """Reference data plus every document graph (no inferred triples)."""
        g = new_graph()
        g.addN((*t, g) for t in self.asserted_triples())
        return g

    @property
    def graph(self) -> Graph:
        """Everything: asserted plus inferred triples."""
        g = self.asserted
        if self.inferred_triples is not None:
            g.addN((*t, g) for t in self.inferred_triples)
        return g

    @property
    def quarantined(self) -> list[InputRecord]:
        return [r for r in self.records if r.status == "quarantined"]


def reference_graph() -> Graph:
    """Ontology, concept schemes, actor registry and gazetteer."""
    g = new_graph()
    for p in [*ontology_files(), *registry_files()]:
        if p.exists():
            g.parse(p, format="turtle")
    return g


def build(paths: list[str] | list[Path], *, check: bool = True, progress: bool = False,
          reason: bool = True, skip_hashes: Set[str] = frozenset(), jobs: int = 1) -> BuildResult:
    """Build the claims graph of the texts under ``paths``.

    Args:
        paths: files and folders of ``.txt`` news reports.
        check: validate each document's graph with the SHACL shapes.
        progress: show a progress bar on stderr (when it is a terminal).
        reason: compute the OWL 2 RL closure (kg.reason) into ``result.inferred``.
        skip_hashes: content hashes (SHA-256 hex) of documents already built, for example
            those a store holds: they are not extracted, and their record gets the status
            ``known``.
        jobs: worker processes for the per-document stages (extract, map, validate,
            reason; see :mod:`kg.parallel`). The result is the same for any number.
    """
    ing: IngestResult = ingest(list(paths))
    result = BuildResult(reference=reference_graph(), records=ing.records)
    by_hash = {r.content_hash: r for r in ing.records if r.status == "ingested"}
    articles = ing.articles
    if skip_hashes:
        for art in articles:
            if art.content_hash in skip_hashes:
                by_hash[art.content_hash].status = "known"
                by_hash[art.content_hash].reason = "already in the store"
        articles = [a for a in articles if a.content_hash not in skip_hashes]
    if jobs > 1 and len(articles) > 1:
        _build_parallel(result, articles, by_hash, check=check, reason=reason, jobs=jobs,
                        progress=progress)
        return result
    if progress and sys.stderr.isatty():
        from tqdm import tqdm

        articles = tqdm(articles, desc="build", unit="doc", file=sys.stderr)
    for art in articles:
        x = extract(art)
        triples = to_triples(x)
        rec = by_hash[art.content_hash]
        if check:
            report = validate(triples)
            result.reports[art.doc_id] = report
            if not report.conforms:
                rec.status, rec.reason = "quarantined", f"{len(report.results)} SHACL violation(s)"
                continue
        result.extractions.append(x)
        result.documents[graph_iri(art)] = frozenset(triples)
    result.links = links_to_rdf(find_links(result.extractions), new_graph())
    if reason:
        from kg.reason import load_tbox
        from kg.reason.documents import infer_documents

        docs = [result.documents.triples(k) for k in sorted(result.documents)]
        if len(result.links):
            docs.append(frozenset(result.links))
        result.inferred_triples = frozenset(
            infer_documents(docs, reference=result.reference, ontology=load_tbox()))
    return result


def _build_parallel(result: BuildResult, articles: list, by_hash: dict, *, check: bool, reason: bool,
                    jobs: int, progress: bool) -> None:
    """The per-document stages in ``jobs`` processes, then the cross-document pass.

    Gives the same result as the serial loop of :func:`build`: per-document reasoning is
    the same closure (document + the reference data it reaches), and the union is filtered
    of what the reference data or any document asserts, as
    :func:`kg.reason.documents.infer_documents` does.
    """
    from kg.parallel import Interner, run, unpack
    from kg.validate.report import ValidationReport

    terms = Interner()
    inferred: set | None = set() if reason else None
    for art, out in zip(articles, run(articles, jobs=jobs, check=check, reason=reason,
                                      progress=progress), strict=True):
        rec = by_hash[art.content_hash]
        if out.conforms is not None:
            report = ValidationReport(conforms=out.conforms, results=out.results,
                                      graph=unpack(out.report))
            result.reports[art.doc_id] = report
            if not report.conforms:
                rec.status, rec.reason = "quarantined", f"{len(report.results)} SHACL violation(s)"
                continue
        result.extractions.append(out.extraction)
        result.documents[graph_iri(art)] = terms.triples(out.graph)
        if inferred is not None:
            inferred.update(terms.triples(out.inferred))
    result.links = links_to_rdf(find_links(result.extractions), new_graph())
    if inferred is not None:
        from kg.reason import load_tbox
        from kg.reason.documents import infer_documents

        if len(result.links):
            inferred |= infer_documents([frozenset(result.links)], reference=result.reference,
                                        ontology=load_tbox())
        for k in result.documents:
            inferred -= result.documents.triples(k)
        inferred -= set(result.links)
        inferred -= set(result.reference)
        result.inferred_triples = frozenset(inferred)
