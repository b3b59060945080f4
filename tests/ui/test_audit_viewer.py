"""The supervisor's audit viewer against a real hub: the log filtered by person, action, target
and time, paged back, exported as CSV; the chain verified on screen, and after two records are
edited behind the hub's back, both breaks named and their rows marked."""

from __future__ import annotations

import csv
import io

from sqlalchemy import text

from tests.hub.helpers import capture
from tests.ui.conftest import run, until
from tests.ui.test_live_app import open_app


def test_the_audit_viewer(hub, qtbot, qloop, settings_store, tmp_path):
    analyst, supervisor, device = hub.user("intelligence"), hub.user("supervisor"), hub.device()
    made = capture(kind="intelligence")
    assert device.post("/api/v1/device/captures", json=made).status_code == 201
    for _ in range(3):
        assert analyst.get(f"/api/v1/captures/{made['id']}").status_code == 200

    async def scenario():
        desktop = await open_app(hub, supervisor.username, settings_store)
        audit = desktop.window.desk.audit
        audit.person.setText(analyst.username)
        audit.action.setCurrentText("capture.read")
        audit.target.setText(f"capture:{made['id']}")
        audit.page_size = 2
        audit.search()
        await until(lambda: audit.model.rowCount() == 2, what="the first page")
        audit.older()
        await until(lambda: audit.model.rowCount() == 3, what="the older page below it")
        records = audit.model.rows
        assert {(r.actor, r.action) for r in records} == {
            (f"user:{analyst.username}", "capture.read")
        }
        assert [r.id for r in records] == sorted((r.id for r in records), reverse=True)

        audit.use_since.setChecked(True)
        audit.since.setDateTime(audit.since.dateTime().addDays(1))  # from tomorrow: nothing
        audit.search()
        await until(lambda: audit.model.rowCount() == 0, what="nothing from tomorrow")
        audit.use_since.setChecked(False)

        audit.export_csv(tmp_path / "audit.csv")
        await until(lambda: (tmp_path / "audit.csv").exists(), what="CSV written")
        rows = list(csv.DictReader(io.StringIO((tmp_path / "audit.csv").read_text())))
        assert len(rows) == 3 and {r["actor"] for r in rows} == {f"user:{analyst.username}"}

        audit.verify()
        await until(lambda: "intact" in audit.chain.text(), what="the chain checked")

        edited = [r.id for r in records[:2]]
        with hub.engine.begin() as connection:  # someone with the owner's rights edits two
            if hub.engine.dialect.name == "sqlite":
                connection.execute(text("DROP TRIGGER IF EXISTS audit_no_update"))
            else:
                connection.execute(text("ALTER TABLE audit DISABLE TRIGGER audit_no_change"))
            for ident in edited:
                connection.execute(
                    text("UPDATE audit SET reason = 'nothing to see' WHERE id = :id"), {"id": ident}
                )
        audit.search()
        audit.verify()
        await until(lambda: "BROKEN" in audit.chain.text(), what="the breaks named")
        said = audit.chain.text()
        assert "does not match its hash" in said and str(min(edited)) in said  # named
        assert set(audit.model.broken) == set(edited)
        await desktop.close()

    run(qtbot, scenario())
