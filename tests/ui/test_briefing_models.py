"""The briefing models pass qtmodeltester and do what the sergeant asks of a pack: items grouped
by section in their order, moved up and down and dragged (within a section and to another),
removed, changed, and an offered item put in place of the one it updates."""

import msgspec
from PySide6.QtCore import QModelIndex, Qt

from controlroom.contract.briefings import BriefingItem
from controlroom.live.state import LiveState
from tests.live.test_briefing_state import STREAM
from ui.models.briefing_pack import CODE, FOR, MIME, TITLE, PackModel
from ui.models.briefings import BriefingsModel


def item(ident: str, section: str, **extra) -> BriefingItem:
    fields = {"kind": "note", "title": ident, **extra}
    return BriefingItem(id=ident, section=section, **fields)


PACK = [
    item("incident:1", "information", code="2-B-P"),
    item("incident:2", "information"),
    item("entity:3", "people"),
    item("incident:4", "information"),
    item("task:5", "method", kind="task", assigned_to="A1"),
]


def order(model: PackModel) -> list[str]:
    return [i.id for i in model.items()]


def test_pack_model_groups_moves_and_passes_the_tester(qapp, qtmodeltester):
    model = PackModel()
    qtmodeltester.check(model)
    model.set_items([msgspec.structs.replace(i) for i in PACK])
    qtmodeltester.check(model)
    assert order(model) == ["incident:1", "incident:2", "incident:4", "task:5", "entity:3"]
    first = model.index(0, 0, model.section_index("information"))
    assert model.index(0, CODE, first.parent()).data() == "2-B-P"
    model.change(first, handling_code="C")  # handled more strictly than its grading says
    assert model.index(0, CODE, first.parent()).data() == "2-B-P, handling C"
    assert model.section_index("information").data() == "Information  (3)"
    moved = model.move(first, 1)
    assert moved.row() == 1 and order(model)[:3] == ["incident:2", "incident:1", "incident:4"]
    assert model.move(model.index_of("incident:2"), -1).row() == 0  # already first: stays
    model.move_to_section(model.index_of("incident:4"), "risk")
    assert model.item_at(model.index_of("incident:4")).section == "risk"
    model.change(model.index_of("task:5"), note="Knock twice", assigned_to="B2")
    task = model.index_of("task:5")
    assert model.index(task.row(), FOR, task.parent()).data() == "B2"
    assert model.index(task.row(), TITLE, task.parent()).data().endswith("✎")
    assert model.remove(model.index_of("incident:1")).id == "incident:1"
    model.put(item("entity:3", "people", title="Wanted: arrested", text="in custody"))
    assert model.item_at(model.index_of("entity:3")).title == "Wanted: arrested"
    qtmodeltester.check(model)


def test_an_item_dragged_before_another_or_into_a_section(qapp):
    model = PackModel()
    model.set_items([msgspec.structs.replace(i) for i in PACK])
    info = model.section_index("information")
    drag = model.mimeData([model.index_of("incident:4")])
    assert drag.hasFormat(MIME)
    model.dropMimeData(drag, Qt.DropAction.MoveAction, -1, -1, model.index_of("incident:1"))
    assert order(model)[:3] == ["incident:4", "incident:1", "incident:2"]
    drag = model.mimeData([model.index_of("incident:4")])
    model.dropMimeData(drag, Qt.DropAction.MoveAction, 2, 0, info)  # after incident:1
    assert order(model)[:3] == ["incident:1", "incident:4", "incident:2"]
    drag = model.mimeData([model.index_of("entity:3")])
    model.dropMimeData(drag, Qt.DropAction.MoveAction, -1, -1, model.section_index("places"))
    assert model.item_at(model.index_of("entity:3")).section == "places"
    assert not model.dropMimeData(drag, Qt.DropAction.MoveAction, 0, 0, QModelIndex())


def test_the_list_of_briefings_follows_the_stream(qapp, qtmodeltester):
    state = LiveState()
    model = BriefingsModel(state)
    qtmodeltester.check(model)
    for event in STREAM:
        state.apply(event)
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(3)] == [
        "Early turn",
        "01 Dec 07:00–17:00",
        "v2: 1 of 2",
    ]
