"""``kg viz``: the files it writes, and the page driven in a real headless Chromium.

The browser tests need Debian's chromium and chromium-driver (.ci/setup.d/chromium.sh
installs them). Without them they are skipped locally and fail under CI.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from typer.testing import CliRunner

from kg.cli import app
from kg.export import to_networkx
from kg.viz import write_viz
from kg.viz.conflicts import conflict_panels
from kg.viz.timeline import timeline, timeline_html

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"

TTL = """
@prefix kg: <https://w3id.org/kg/ontology#> .
@prefix kga: <https://w3id.org/kg/actor/> .
@prefix kgc: <https://w3id.org/kg/concept/> .
@prefix kgd: <https://w3id.org/kg/data/> .
@prefix kgp: <https://w3id.org/kg/place/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

kga:hill-brigade a kg:ArmedGroup ; skos:prefLabel "Hill Brigade" .
kga:coast-army a kg:Military ; skos:prefLabel "Coast Army" .
kga:coast-gov a kg:Government ; skos:prefLabel "Coast Government" .
kga:wire a kg:MediaOutlet ; skos:prefLabel "Valley Wire" .
kga:league a kg:InternationalOrganisation ; skos:prefLabel "League of Towns" .
kga:discovered-omar-dale a kg:Person ; skos:prefLabel "Omar Dale" ; kg:discovered true .
kgp:port-sable a kg:Place ; skos:prefLabel "Port Sable" .

kgd:doc-a a kg:NewsArticle ; kg:fileName "alpha.txt" ; dcterms:title "Raid on the depot" ;
    dcterms:issued "2031-04-02"^^xsd:date .
kgd:doc-b a kg:NewsArticle ; kg:fileName "bravo.txt" ; dcterms:issued "2031-04-03"^^xsd:date .
kgd:doc-c a kg:NewsArticle ; kg:fileName "charlie.txt" .

kgd:event-raid a kg:Attack ; skos:prefLabel "depot raid" ; kg:startDate "2031-04-01"^^xsd:date ;
    kg:datePrecision "day" ; kg:place kgp:port-sable ; kg:mentionedIn kgd:doc-a .
kgd:event-sweep a kg:MilitaryOperation ; skos:prefLabel "hill sweep" ; kg:mentionedIn kgd:doc-b .
kgd:event-curfew a kg:PolicyMeasure ; skos:prefLabel "night curfew" ; kg:mentionedIn kgd:doc-c ;
    kg:startDate "--04-05"^^xsd:gMonthDay ; kg:datePrecision "month-day" .
kgd:event-raid-b a kg:Attack ; skos:prefLabel "attack on the depot" ; kg:mentionedIn kgd:doc-b ;
    kg:sameIncidentAs kgd:event-raid .

kgd:span-1 nif:anchorOf "The Coast Army said 25 brigade fighters died in the sweep." .
kgd:span-2 nif:anchorOf "The Hill Brigade said only 4 of its men were killed." .
kgd:span-3 nif:anchorOf "The Hill Brigade said it carried out the depot raid." .
kgd:span-4 nif:anchorOf "Omar Dale accused the Coast Army of burning fields." .
kgd:span-5 nif:anchorOf "The League of Towns condemned the depot raid." .
kgd:span-6 nif:anchorOf "The government denied that fields were burnt." .
kgd:span-7 nif:anchorOf "The Valley Wire counted 30 fighters killed." .

kgd:claim-1 a kg:Claim ; kg:claimant kga:coast-army ; kg:claimKind kgc:Casualty ; kg:count 25 ;
    kg:category kgc:militants-killed ; kg:aboutActor kga:hill-brigade ; kg:evidence kgd:span-1 ;
    kg:reportedIn kgd:doc-a .
kgd:claim-2 a kg:Claim ; kg:claimant kga:hill-brigade ; kg:claimKind kgc:Casualty ; kg:count 4 ;
    kg:qualifier kgc:only ; kg:category kgc:militants-killed ; kg:aboutActor kga:hill-brigade ;
    kg:evidence kgd:span-2 ; kg:reportedIn kgd:doc-b .
kgd:claim-3 a kg:Claim ; kg:claimant kga:hill-brigade ; kg:claimKind kgc:Responsibility ;
    kg:aboutEvent kgd:event-raid ; kg:evidence kgd:span-3 ; kg:reportedIn kgd:doc-a .
kgd:claim-4 a kg:Claim ; kg:claimant kga:discovered-omar-dale ; kg:claimKind kgc:Accusation ;
    kg:aboutActor kga:coast-army ; kg:evidence kgd:span-4 ; kg:reportedIn kgd:doc-c .
kgd:claim-5 a kg:Claim ; kg:claimant kga:league ; kg:claimKind kgc:Condemnation ;
    kg:aboutEvent kgd:event-raid ; kg:evidence kgd:span-5 ; kg:reportedIn kgd:doc-b .
kgd:claim-6 a kg:Claim ; kg:claimant kga:coast-gov ; kg:claimKind kgc:Denial ;
    kg:aboutText "fields were burnt" ; kg:answers kgd:claim-4 ; kg:evidence kgd:span-6 ;
    kg:reportedIn kgd:doc-c .
kgd:claim-7 a kg:Claim ; kg:claimant kga:wire ; kg:claimKind kgc:Casualty ; kg:count 30 ;
    kg:category kgc:militants-killed ; kg:aboutText "fighters" ; kg:evidence kgd:span-7 ;
    kg:reportedIn kgd:doc-c .
"""

A = "https://w3id.org/kg/actor/"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(data=TTL, format="turtle")


@pytest.fixture(scope="module")
def site(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("viz")
    write_viz(graph, out)
    return out


# ---------------------------------------------------------------- files


def test_viz_writes_all_files(site: Path) -> None:
    names = sorted(p.name for p in site.iterdir())
    assert names == ["conflicts.svg", "graph.gexf", "graph.graphml", "network.html", "overview.svg"]


def test_viz_page_is_self_contained(site: Path, graph: Graph) -> None:
    html = (site / "network.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "vis-network" in html and "new vis.Network" in html
    assert f'data-node-count="{len(to_networkx(graph))}"' in html
    assert "Omar Dale accused the Coast Army of burning fields." in html


def test_viz_deterministic(graph: Graph, site: Path, tmp_path: Path) -> None:
    for p in write_viz(graph, tmp_path):
        assert p.read_bytes() == (site / p.name).read_bytes(), p.name


def test_viz_graphml_gexf_match_projection(site: Path, graph: Graph) -> None:
    G = to_networkx(graph)
    for reader, name in ((nx.read_graphml, "graph.graphml"), (nx.read_gexf, "graph.gexf")):
        back = reader(site / name)
        assert (back.number_of_nodes(), back.number_of_edges()) == (len(G), G.number_of_edges())


def test_viz_conflicts_chart(graph: Graph, site: Path) -> None:
    panels = conflict_panels(to_networkx(graph))
    assert [p["category"] for p in panels] == ["militants killed"]
    rows = panels[0]["rows"]
    assert [(r["claimant"], r["count"], r["source"]) for r in rows] == [
        ("Valley Wire", 30, "charlie.txt"),
        ("Coast Army", 25, "alpha.txt"),
        ("Hill Brigade", 4, "bravo.txt"),
    ]
    assert panels[0]["conflicting"]
    svg = (site / "conflicts.svg").read_text(encoding="utf-8")
    assert (
        svg.startswith("<svg") and "conflicting figures" in svg and "only 4 militants killed" in svg
    )


def test_viz_timeline_dated_first_then_by_first_mention(graph: Graph) -> None:
    events = timeline(graph)
    # dated, then dated without a year, then undated by first mention (issued date, file)
    assert [e["label"] for e in events] == [
        "depot raid",
        "night curfew",
        "attack on the depot",
        "hill sweep",
    ]
    raid = events[0]
    assert raid["dated"] and raid["start"] == "2031-04-01" and raid["places"] == ["Port Sable"]
    assert len(raid["claims"]) == 2
    assert raid["same_as"] == ["attack on the depot (in bravo.txt)"]
    assert events[2]["same_as"] == ["depot raid (in alpha.txt)"] and not events[2]["dated"]
    html = timeline_html(events)
    assert "04-05 (year not given)" in html and "first mentioned 2031-04-03 in bravo.txt" in html


def test_viz_cli_graph_file(graph: Graph, tmp_path: Path) -> None:
    src = tmp_path / "g.ttl"
    graph.serialize(src, format="turtle")
    res = CliRunner().invoke(app, ["viz", "--graph", str(src), "-o", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert "network.html" in res.output and (tmp_path / "out" / "graph.gexf").exists()


def test_viz_cli_usage_errors(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["viz", "-o", str(tmp_path)])
    assert res.exit_code == 2
    res = CliRunner().invoke(
        app, ["viz", "--graph", str(tmp_path / "missing.ttl"), "-o", str(tmp_path)]
    )
    assert res.exit_code == 2


def test_viz_cli_without_the_extra_exits_3(
    graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.viz.page

    monkeypatch.setattr(kg.viz.page, "_pyvis_root", lambda: None)
    src = tmp_path / "g.ttl"
    graph.serialize(src, format="turtle")
    res = CliRunner().invoke(app, ["viz", "--graph", str(src), "-o", str(tmp_path / "out")])
    assert res.exit_code == 3
    assert "kg[viz]" in res.output
    assert not (tmp_path / "out").exists()


def test_viz_cli_texts(tmp_path: Path) -> None:
    inputs = sorted(str(p) for p in (ROOT / "tests" / "golden").glob("*/input.txt"))
    res = CliRunner().invoke(app, ["viz", *inputs, "-o", str(tmp_path)])
    assert res.exit_code == 0, res.output
    back = nx.read_graphml(tmp_path / "graph.graphml")
    assert back.number_of_edges() > 0
    html = (tmp_path / "network.html").read_text(encoding="utf-8")
    assert f'data-node-count="{back.number_of_nodes()}"' in html


# ---------------------------------------------------------------- browser


def _need(ok: bool, why: str) -> None:
    if not ok:
        if os.environ.get("CI"):
            pytest.fail(f"{why} (run .ci/setup.d/chromium.sh)")
        pytest.skip(why)


@pytest.fixture(scope="module")
def browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _need(False, "selenium is not installed (pip install -e '.[test]')")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    _need(
        bool(chromium) and Path(driver_path).exists(), "chromium and chromedriver are not installed"
    )
    profile = tempfile.mkdtemp(prefix="kg-viz-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        f"--user-data-dir={profile}",
    ):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=opts)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _open(driver, page: Path) -> list[dict]:
    """Load a page, wait until the network has settled; return the console log."""
    driver.get(page.resolve().as_uri())
    deadline = time.monotonic() + 30
    while not driver.execute_script("return !!(window.kgViz && window.kgViz.ready)"):
        assert time.monotonic() < deadline, "the page did not become ready"
        time.sleep(0.1)
    return driver.get_log("browser")


def _severe(log: list[dict]) -> list[dict]:
    return [e for e in log if e.get("level") == "SEVERE"]


@pytest.mark.slow
def test_viz_page_in_chromium(browser, site: Path, graph: Graph) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    G = to_networkx(graph)
    log = _open(browser, site / "network.html")
    assert not _severe(log), _severe(log)
    # everything came from the page itself: no request for any other resource
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert browser.execute_script("return kgViz.nodeCount()") == len(G)
    assert browser.execute_script("return kgViz.visibleEdgeCount()") == G.number_of_edges()

    # a real mouse click on the Coast Army node lists its claims, both ways, with quotes
    army = A + "coast-army"
    x, y = browser.execute_script(
        "var n = kgViz.network, p = n.canvasToDOM(n.getPositions([arguments[0]])[arguments[0]]);"
        "return [p.x, p.y];",
        army,
    )
    canvas = browser.find_element(By.CSS_SELECTOR, "#network canvas")
    ActionChains(browser).move_to_element_with_offset(
        canvas, int(x - canvas.size["width"] / 2), int(y - canvas.size["height"] / 2)
    ).click().perform()
    panel = browser.find_element(By.ID, "panel")
    assert panel.get_attribute("data-node") == army
    assert "Coast Army" in panel.text
    assert "The Coast Army said 25 brigade fighters died in the sweep." in panel.text
    assert "Omar Dale accused the Coast Army of burning fields." in panel.text
    assert "alpha.txt" in panel.text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "viz-network.png"))

    # filters: by claim kind (a real click on a checkbox), by source, by actor
    browser.find_element(By.CSS_SELECTOR, "#filter-kind input[value='casualty']").click()
    casualty = sum(1 for *_, d in G.edges(keys=True, data=True) if d["kind"] == "casualty")
    assert (
        browser.execute_script("return kgViz.visibleEdgeCount()") == G.number_of_edges() - casualty
    )
    browser.find_element(By.ID, "filter-reset").click()
    Select(browser.find_element(By.ID, "filter-source")).select_by_value("charlie.txt")
    assert browser.execute_script("return kgViz.visibleEdgeCount()") == 3
    Select(browser.find_element(By.ID, "filter-source")).select_by_value("")
    Select(browser.find_element(By.ID, "filter-actor")).select_by_value(A + "hill-brigade")
    # its claims (one about itself), and the claim about it: three links among three nodes
    assert browser.execute_script("return kgViz.visibleEdgeCount()") == 3
    assert browser.execute_script("return kgViz.visibleNodeCount()") == 3

    # the other two tabs
    browser.find_element(By.CSS_SELECTOR, "button[data-tab='tab-conflicts']").click()
    chart = browser.find_element(By.CSS_SELECTOR, "#tab-conflicts svg")
    assert chart.is_displayed() and "militants killed" in chart.text
    browser.find_element(By.CSS_SELECTOR, "button[data-tab='tab-timeline']").click()
    rows = browser.find_elements(By.CSS_SELECTOR, "#tab-timeline tbody tr")
    assert [r.find_element(By.TAG_NAME, "b").text for r in rows] == [
        "depot raid",
        "night curfew",
        "attack on the depot",
        "hill sweep",
    ]
    browser.save_screenshot(str(ARTIFACTS / "viz-timeline.png"))
    assert not _severe(browser.get_log("browser"))


@pytest.mark.slow
def test_viz_page_of_built_texts_in_chromium(browser, tmp_path: Path) -> None:
    from kg.pipeline import build

    g = build(sorted((ROOT / "tests" / "golden").glob("*/input.txt")), check=False).graph
    write_viz(g, tmp_path)
    log = _open(browser, tmp_path / "network.html")
    assert not _severe(log), _severe(log)
    assert browser.execute_script("return kgViz.nodeCount()") == len(to_networkx(g))
