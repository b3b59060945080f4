"""Control Room: live support for police officers in the field.

demo     the hub, a simulated shift and the desktop app on this machine, signed in
hub      the service officers' devices (and Traccar, TAK) report to
app      the desktop app for dispatchers, intelligence officers, sergeants, supervisors
sim      play a simulated shift against a hub, through its device API
replay   send a recorded GPX track through the device API
admin    users, devices and the audit log
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # "start" for the time-to-live-map figure

import argparse  # noqa: E402
import getpass  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import NoReturn  # noqa: E402

DEFAULT_PORT = 8740


def _store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="database URL (default: SQLite in the data directory)")
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("CONTROLROOM_DATA_DIR", "data"),
        help="where the SQLite store and attachments live (default: ./data)",
    )


def _connection_options(hub: argparse.ArgumentParser) -> None:
    from controlroom.hub.limits import LIMITS

    group = hub.add_argument_group("connection limits (every HTTP port)")
    group.add_argument(
        "--max-connections",
        type=int,
        default=LIMITS.max_connections,
        help="open connections at most (fewer if the descriptor limit is lower); beyond: 503",
    )
    group.add_argument(
        "--header-timeout",
        type=float,
        default=LIMITS.header_timeout_s,
        help="seconds for a request's headers to arrive in full",
    )
    group.add_argument(
        "--body-timeout",
        type=float,
        default=LIMITS.body_timeout_s,
        help="seconds without a byte while a request body is being received",
    )
    group.add_argument(
        "--write-timeout",
        type=float,
        default=LIMITS.write_timeout_s,
        help="seconds a client may leave a response unread before it is dropped",
    )


def _interop_options(hub: argparse.ArgumentParser) -> None:
    group = hub.add_argument_group("interop listeners (off unless a port is given; 0: any free)")
    group.add_argument("--osmand-port", type=int, help="OsmAnd (Traccar Client) HTTP port")
    group.add_argument("--cot-port", type=int, help="Cursor-on-Target TCP port")
    group.add_argument("--cot-tls-port", type=int, help="Cursor-on-Target TLS port")
    group.add_argument("--tls-cert", help="server certificate (PEM) for --cot-tls-port")
    group.add_argument("--tls-key", help="server private key (PEM) for --cot-tls-port")
    group.add_argument("--client-ca", help="CA (PEM) whose client certificates are admitted")
    group.add_argument(
        "--cot-idle-timeout",
        type=float,
        default=120.0,
        help="close a CoT connection that sends no complete event for this many seconds",
    )
    group.add_argument(
        "--accept-unknown-devices",
        action="store_true",
        help="provision devices with an unregistered id as new units, marked unverified",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="controlroom",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)

    hub = commands.add_parser("hub", help="run the hub service")
    _store_options(hub)
    hub.add_argument("--host", default="127.0.0.1")
    hub.add_argument("--port", type=int, default=DEFAULT_PORT)
    hub.add_argument("--keepalive", type=float, default=15.0, help="SSE keep-alive seconds")
    hub.add_argument(
        "--stale-after",
        type=float,
        default=120.0,
        help="seconds of silence after which a unit is stale (committed units raise an alert)",
    )
    hub.add_argument(
        "--lazy-geo",
        action="store_true",
        help="load the road networks and gazetteer on first use rather than in the background "
        "at start (tests that never route)",
    )
    hub.add_argument(
        "--attachment-sweep",
        type=float,
        default=600.0,
        help="seconds between sweeps of attachment files no capture references",
    )
    hub.add_argument(
        "--require-reason",
        type=_sensitive_reads,
        default=frozenset(),
        metavar="restricted,exhibit",
        help="reads that must state why (428 without ?reason=): restricted (a code-C "
        "capture), exhibit (an attachment)",
    )
    hub.add_argument(
        "--instance",
        type=_instance_name,
        help="this hub's name in /api/v1/health, where several hubs serve one store "
        "(letters, digits and . _ : - /, up to 64; default host:port/pid)",
    )
    _connection_options(hub)
    _interop_options(hub)
    hub.set_defaults(run=_run_hub)

    admin = commands.add_parser("admin", help="administer users and devices")
    actions = admin.add_subparsers(dest="action", required=True)
    create_user = actions.add_parser("create-user", help="create a user")
    create_user.add_argument("username")
    create_user.add_argument("--role", required=True)
    _store_options(create_user)
    create_user.set_defaults(run=_create_user)
    set_user = actions.add_parser("set-user", help="change a user's role, or disable the account")
    set_user.add_argument("username")
    set_user.add_argument("--role")
    enabled = set_user.add_mutually_exclusive_group()
    enabled.add_argument("--disable", dest="active", action="store_false", default=None)
    enabled.add_argument("--enable", dest="active", action="store_true")
    _store_options(set_user)
    set_user.set_defaults(run=_set_user, active=None)
    register = actions.add_parser("register-device", help="register a device; prints its token")
    register.add_argument("callsign")
    register.add_argument("--mode", default="foot")
    register.add_argument("--external-id", help="the device's own id: OsmAnd id or CoT uid")
    register.add_argument(
        "--cert-fingerprint",
        help="SHA-256 of the client certificate that alone may speak for --external-id on CoT TLS",
    )
    register.add_argument("--replace", action="store_true", help="revoke the unit's other devices")
    register.add_argument("--team", help="the unit's team (the briefings it is sent)")
    _store_options(register)
    register.set_defaults(run=_register_device)
    revoke = actions.add_parser("revoke-device", help="revoke a device token")
    revoke.add_argument("device_id", type=int)
    _store_options(revoke)
    revoke.set_defaults(run=_revoke_device)
    crimes = actions.add_parser(
        "import-crimes", help="import police.uk street-level crime CSV files as a context layer"
    )
    crimes.add_argument("files", nargs="+", type=Path, metavar="FILE.csv")
    _store_options(crimes)
    crimes.set_defaults(run=_import_crimes)
    verify = actions.add_parser("verify-audit", help="check the audit log's hash chain")
    _store_options(verify)
    verify.set_defaults(run=_verify_audit)
    app = commands.add_parser("app", help="run the desktop app")
    app.add_argument("--hub", help="hub URL (default: the last one used, or http://127.0.0.1:8740)")
    _screenshot_options(app)
    app.set_defaults(run=_run_app)

    demo = commands.add_parser("demo", help="hub, simulator and desktop app on this machine")
    demo.add_argument("--officers", type=int, default=40)
    demo.add_argument(
        "--speed", type=float, default=5.0, help="simulation speed-up (default 5: a lively shift)"
    )
    demo.add_argument(
        "--data-dir",
        default=os.environ.get("CONTROLROOM_DEMO_DIR"),
        help="the demo's store (default: the user's data folder, controlroom-demo)",
    )
    _screenshot_options(demo)
    demo.set_defaults(run=_run_demo)

    from controlroom.sim.cli import add_parser as add_sim

    add_sim(commands)
    from controlroom.replay.cli import add_parser as add_replay

    add_replay(commands)
    return parser


def _screenshot_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--screenshot", type=Path, help="save a PNG of the main window and exit")
    parser.add_argument(
        "--quit-after", type=float, help="seconds before the screenshot is taken and the app exits"
    )
    parser.add_argument(
        "--map-view",
        type=map_view,
        metavar="LAT,LON,ZOOM",
        help="open the map there (53.0245,-2.1794,16: Hanley at street zoom)",
    )


def map_view(text: str) -> tuple[float, float, float]:
    """``LAT,LON,ZOOM`` (degrees, and a zoom from 0 to 19) as three numbers."""
    try:
        lat, lon, zoom = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected LAT,LON,ZOOM such as 53.0245,-2.1794,16, not {text!r}"
        ) from None
    if not (-85 <= lat <= 85 and -180 <= lon <= 180 and 0 <= zoom <= 19):
        raise argparse.ArgumentTypeError(
            f"{text!r}: latitude must be within ±85, longitude ±180, zoom 0 to 19"
        )
    return lat, lon, zoom


def _display_ready(args) -> bool:
    """Whether the app has somewhere to appear; a screenshot needs no screen."""
    if sys.platform != "linux" or any(
        os.environ.get(name) for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    ):
        return True
    if args.screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return True
    print(
        "controlroom: there is no display to show the app on (neither DISPLAY nor "
        "WAYLAND_DISPLAY is set). Run it from a desktop session, or add --screenshot PATH "
        "--quit-after SECONDS to save a picture of it instead.",
        file=sys.stderr,
    )
    return False


def _run_app(args) -> int:
    if not _display_ready(args):
        return 2
    from ui.app import run  # the hub never imports Qt

    _leave(run(args.hub, args.screenshot, args.quit_after, started=STARTED, map_view=args.map_view))


def _run_demo(args) -> int:
    if not _display_ready(args):
        return 2
    from controlroom.demo import run_demo

    _leave(run_demo(args, started=STARTED))


def _leave(code: int) -> NoReturn:
    """Exit without the interpreter's final garbage collection: after a clean shutdown of the
    app, PySide6 6.12 with QtWebEngine can abort there (a refcount error in the binding)."""
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


def _engine(args):
    from controlroom.store.engine import database_url, ensure_data_dir, make_engine, migrate

    ensure_data_dir(args.data_dir)
    engine = make_engine(database_url(args.db, args.data_dir))
    migrate(engine)
    return engine


def _instance_name(text: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9._:/-]{1,64}", text):
        raise argparse.ArgumentTypeError(
            "an instance name is 1 to 64 letters, digits and . _ : - / (no spaces)"
        )
    return text


def _sensitive_reads(text: str) -> frozenset[str]:
    from controlroom.vocabulary import SENSITIVE_READS

    named = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = named - set(SENSITIVE_READS)
    if unknown:
        raise argparse.ArgumentTypeError(
            f"{', '.join(sorted(unknown))}: not one of {', '.join(SENSITIVE_READS)}"
        )
    return named


def _chain(args, engine):
    """The audit chain as this data directory's hub writes it (its key made on first use)."""
    from controlroom.hub.auditchain import AuditChain

    return AuditChain.open(engine, args.data_dir)


def _write(args, job):
    """Run one job (each returns a document); prints why and returns None if it was refused."""
    from controlroom.hub.errors import ApiError
    from controlroom.hub.keys import KeyFileError
    from controlroom.hub.writer import run_now

    try:
        engine = _engine(args)
        return run_now(engine, job, _chain(args, engine))
    except (ApiError, KeyFileError) as exc:
        print(f"controlroom: {getattr(exc, 'detail', exc)}", file=sys.stderr)
        return None


def _run_hub(args) -> int:
    from controlroom.hub.keys import KeyFileError
    from controlroom.hub.serve import serve

    if args.cot_tls_port is not None and not (args.tls_cert and args.tls_key and args.client_ca):
        print("controlroom: --cot-tls-port needs --tls-cert, --tls-key and --client-ca")
        return 2
    try:
        return serve(args)
    except KeyFileError as exc:
        print(f"controlroom: {exc}", file=sys.stderr)
        return 1


def _operator() -> str:
    return f"cli:{getpass.getuser()}"


def _create_user(args) -> int:
    from controlroom.hub.accounts import create_user

    password = os.environ.get("CONTROLROOM_PASSWORD")
    if not password:
        if not sys.stdin.isatty():
            print(
                "controlroom: no password: set CONTROLROOM_PASSWORD, or run this at a terminal"
                " to be asked for one",
                file=sys.stderr,
            )
            return 2
        password = getpass.getpass(f"Password for {args.username}: ")
    user = _write(
        args, create_user(args.username, args.role, password, _operator(), "command line")
    )
    if user is None:
        return 1
    print(f"created user {user['username']} with role {user['role']}")
    return 0


def _set_user(args) -> int:
    from controlroom.hub.accounts import update_user

    user = _write(
        args, update_user(args.username, args.role, args.active, _operator(), "command line")
    )
    if user is None:
        return 1
    state = "active" if user["active"] else "disabled"
    print(f"user {user['username']}: role {user['role']}, {state}")
    return 0


def _register_device(args) -> int:
    from controlroom.hub.accounts import register_device

    device = _write(
        args,
        register_device(
            args.callsign,
            args.mode,
            args.replace,
            args.external_id,
            _operator(),
            "command line",
            cert_fingerprint=args.cert_fingerprint,
            team=args.team,
        ),
    )
    if device is None:
        return 1
    print(f"registered device {device['device_id']} for {device['callsign']}; its token:")
    print(device["token"])
    return 0


def _revoke_device(args) -> int:
    from controlroom.hub.accounts import revoke_device

    if _write(args, revoke_device(args.device_id, _operator(), "command line")) is None:
        return 1
    print(f"revoked device {args.device_id}")
    return 0


def _import_crimes(args) -> int:
    """Exit 0 when every row of every file is held, 2 when some rows were refused (the rest
    kept), 1 when a file could not be imported at all."""
    from controlroom.context.crimes import FileRefused, read_crimes
    from controlroom.hub.crime_import import import_crimes
    from controlroom.hub.keys import KeyFileError
    from controlroom.hub.writer import run_now

    engine = _engine(args)
    try:
        chain = _chain(args, engine)
    except KeyFileError as exc:
        print(f"controlroom: {exc}", file=sys.stderr)
        return 1
    files_refused = rows_refused = False
    for path in args.files:
        try:
            crimes = read_crimes(path.read_bytes())
        except (OSError, FileRefused) as exc:
            print(f"{path}: not imported: {exc}", file=sys.stderr)
            files_refused = True
            continue
        job = import_crimes(path.name, crimes, _operator(), "command line")
        report = run_now(engine, job, chain)
        for line, why in crimes.refused:
            print(f"{path}:{line}: refused: {why}", file=sys.stderr)
        print(f"{path}: {report['rows']} rows: {report['added']} added, {report['held']} held "
              f"already, {report['refused']} refused")  # fmt: skip
        rows_refused = rows_refused or crimes.refused_count > 0
    return 1 if files_refused else 2 if rows_refused else 0


def _verify_audit(args) -> int:
    """Exit 0 when the chain is intact, 2 naming every break, 3 when it cannot be checked."""
    from controlroom.audit import NEEDS_KEY, verify_chain
    from controlroom.hub.auditchain import AuditChain
    from controlroom.hub.keys import KeyFileError, KeyMissing

    engine = _engine(args)
    chain: AuditChain | None = None
    try:
        chain = AuditChain.open(engine, args.data_dir, create=False)
    except KeyMissing as exc:  # a store from before the keyed chain can still be checked
        print(f"controlroom: {exc}: checking unkeyed hashes only", file=sys.stderr)
    except KeyFileError as exc:
        print(f"controlroom: cannot check the audit log: {exc}", file=sys.stderr)
        return 3
    report = verify_chain(engine, chain)
    counts = f"{report.keyed} in the keyed chain, {report.unkeyed} before it (unkeyed)"
    if report.ok:
        where = report.checkpoint.id if report.checkpoint else None
        found = f"reaches the checkpoint at record {where}" if where else "no checkpoint here"
        print(f"audit log intact: {report.records} records ({counts}); {found}")
        return 0
    unchecked = any(b.problem == NEEDS_KEY for b in report.breaks)
    verdict = "cannot be checked here" if unchecked else "BROKEN"
    print(f"audit log {verdict}: {len(report.breaks)} breaks in {report.records} records "
          f"({counts})", file=sys.stderr)  # fmt: skip
    for broken in report.breaks:
        print(f"  {broken.describe()}", file=sys.stderr)
    return 3 if unchecked else 2


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    return args.run(args) or 0


if __name__ == "__main__":
    sys.exit(main())
