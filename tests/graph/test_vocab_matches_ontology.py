"""graph/vocab.py and ontology.ttl declare the same pkg: terms, and the export uses no other."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.namespace import SKOS

from policykg.graph.build import records_to_graph
from policykg.graph.model import Label, Rel
from policykg.graph.sinks.rdf_export import DIRECT, INVERSE, LABEL_CLASS, to_rdf
from policykg.graph.vocab import PKG
from policykg.loaders.plan import extract_plan

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "plans"
NS = str(PKG._NS)
# Namespaces the export may use besides pkg: (instance IRIs are under the id/ namespace)
KNOWN = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://purl.org/dc/terms/",
         "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/oa#",
         "http://www.w3.org/ns/prov#", "https://w3id.org/policykg/id/")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ROOT / "ontology.ttl", format="turtle")


@pytest.fixture(scope="module")
def declared(ontology) -> set[URIRef]:
    return {s for s in ontology.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(NS)}


@pytest.fixture(scope="module")
def seed_export() -> rdflib.Graph:
    records = [extract_plan(p) for p in sorted(SAMPLES.glob("*.txt"))]
    return to_rdf(records_to_graph(records))


def vocab_terms() -> set[URIRef]:
    return {PKG[name] for name in PKG.__annotations__ if not name.startswith("_")}


def test_ontology_parses_with_its_iri(ontology):
    assert (URIRef("https://w3id.org/policykg/ontology"), RDF.type, OWL.Ontology) in ontology
    assert len(ontology) > 400


def test_vocab_matches_ontology(declared):
    assert vocab_terms() == declared


def test_every_term_has_a_chinese_and_english_label_and_a_definition(ontology, declared):
    for term in sorted(declared):
        languages = sorted(label.language for label in ontology.objects(term, RDFS.label))
        assert languages == ["en", "zh"], term
        assert ontology.value(term, SKOS.definition) is not None, term


def test_every_term_is_a_class_property_or_individual(ontology, declared):
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
    for term in declared:
        assert set(ontology.objects(term, RDF.type)) & kinds, term


def test_mapped_to_established_vocabularies(ontology):
    eli = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
    org = rdflib.Namespace("http://www.w3.org/ns/org#")
    schema = rdflib.Namespace("https://schema.org/")
    assert (PKG.Document, RDFS.subClassOf, eli.LegalResource) in ontology
    assert (PKG.implements, RDFS.subPropertyOf, eli.based_on) in ontology
    assert (PKG.references, RDFS.subPropertyOf, eli.cites) in ontology
    assert (PKG.docNumber, RDFS.subPropertyOf, eli.id_local) in ontology
    assert (PKG.Agency, RDFS.subClassOf, org.Organization) in ontology
    assert (PKG.Hospital, RDFS.subClassOf, schema.Hospital) in ontology
    assert (PKG.Jurisdiction, RDFS.subClassOf, schema.AdministrativeArea) in ontology
    # eli:responsibility_of is who drafts a legal resource, not who carries out a task
    assert (None, None, eli.responsibility_of) not in ontology


def test_unknown_term_fails_loudly():
    with pytest.raises(AttributeError, match="leedAgency"):
        _ = PKG.leedAgency


def test_every_label_and_relationship_type_has_a_term():
    assert set(LABEL_CLASS) == set(Label)
    assert set(DIRECT) | set(INVERSE) == set(Rel)
    assert not set(DIRECT) & set(INVERSE)


def test_no_pkg_term_is_used_undeclared(seed_export, declared):
    used = {term for triple in seed_export for term in triple
            if isinstance(term, URIRef) and str(term).startswith(NS)}
    assert used, "the export uses no pkg: term"
    assert used - declared == set()


def test_other_terms_come_from_known_vocabularies(seed_export):
    used = {term for s, p, o in seed_export for term in (p, o if p == RDF.type else None)
            if isinstance(term, URIRef) and not str(term).startswith(NS)}
    assert {str(t) for t in used if not str(t).startswith(KNOWN)} == set()
