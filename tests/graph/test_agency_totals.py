"""The agencies' task totals the bulk path carries in its import files (neo4j_replay.py
agency_task_counts()): graph/cypher.py ADD_AGENCY_TASKS read as Python, so no count over the
whole graph follows a bulk import. The real server and the embedded store check the sums
against the online writer (tests/stores/test_bulk_import.py)."""

from policykg.graph.model import DocumentGraph, Label, Node, Rel, Relationship
from policykg.graph.sinks.neo4j_replay import GraphState, agency_task_counts, split

SHA = "a" * 64


def document(sha: str, suffix: str) -> DocumentGraph:
    """One plan: task 1 with two rows, task 2 with none; 区医保局 leads task 1 and both of its
    rows, 区财政局 cooperates on a row of task 1 and answers for task 2, 区民政局 has a role
    only on a row that names no task."""
    task_1, task_2 = f"task:{suffix}:1", f"task:{suffix}:2"
    rows = [Node(f"row:{suffix}:{n}", Label.ASSIGNMENT, {"task": task_1, "order": n})
            for n in (1, 2)]
    loose = Node(f"row:{suffix}:3", Label.ASSIGNMENT, {"order": 3})
    agencies = [Node(f"agency:{name}", Label.AGENCY, {"name": name}, shared=True)
                for name in ("区医保局", "区财政局", "区民政局")]
    nodes = [Node(task_1, Label.TASK, {"title": "推进医保支付方式改革"}),
             Node(task_2, Label.TASK, {"title": "加强财政投入"}), *rows, loose, *agencies]
    roles = [Relationship(Rel.LEADS, "agency:区医保局", key) for key in
             (task_1, rows[0].key, rows[1].key)]
    roles += [Relationship(Rel.COOPERATES_ON, "agency:区财政局", rows[1].key),
              Relationship(Rel.RESPONSIBLE_FOR, "agency:区财政局", task_2),
              Relationship(Rel.LEADS, "agency:区民政局", loose.key)]
    return DocumentGraph(f"{suffix}.txt", sha, f"plan:{suffix}", nodes, roles)


def test_a_task_counts_once_whether_the_role_is_on_it_or_its_rows():
    plan = document(SHA, "a")
    counts = agency_task_counts(plan.node_rows_by_label(), plan.relationship_rows())
    assert counts == {"agency:区医保局": 1, "agency:区财政局": 2, "agency:区民政局": 0}


def test_totals_add_up_over_documents_in_the_state_and_in_split():
    whole, parted = GraphState(), GraphState()
    for sha, suffix in ((SHA, "a"), ("b" * 64, "b")):
        whole.write(document(sha, suffix))
        _, shared = split(document(sha, suffix))
        parted.write_shared(shared)
    for state in (whole, parted):
        totals = {key: node.props.get("total_tasks") for key, node in state.nodes.items()
                  if Label.AGENCY in node.labels}
        assert totals == {"agency:区医保局": 2, "agency:区财政局": 4, "agency:区民政局": 0}
