"""Study files from elsewhere: each hostile file is built here, then opened as a user would.

Every one must be refused (or bounded) with one line, the process must live on, and the file
must be byte for byte as it was once every connection is closed.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from interviewcoder.core.errors import StudyError
from interviewcoder.services.studies import create
from interviewcoder.services.suggestions import MODEL_NAME
from interviewcoder.store import Study
from interviewcoder.store.migrations import KNOWN, MIGRATION_SET
from interviewcoder.store.schema_check import expected_schema, normalise_sql
from tests.builders import add_source, run_cli
from tests.peak_rss import run_measured

ROOT = Path(__file__).resolve().parents[1]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def study_with_data(path: Path) -> int:
    """A real study with a source, a participant and their turns; returns the source id."""
    with create(path, template="journey") as study:
        sid, _ = add_source(study, "Interview", [("Ina", "interviewer", None, "What happened?"),
                                                 ("Ana", "participant", "Ana", "We compared.")])
    return sid


def tamper(path: Path, *statements: str) -> None:
    """Change a study with a plain SQLite connection (as another program would), then close
    it so the file holds everything (no -wal left)."""
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def one_line_refusal(capsys, path: Path, *args: str) -> str:  # noqa: ANN001
    code, out, err = run_cli(capsys, args[0], str(path), *args[1:])
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and err.startswith("interviewcoder: error: "), err
    return err


HOSTILE = {
    "a trigger that deletes every turn and participant on a new quote": (
        "CREATE TRIGGER wipe AFTER INSERT ON quotes BEGIN DELETE FROM turns; "
        "DELETE FROM participants; END",),
    "a trigger that rewrites memos and forges the change log": (
        "CREATE TRIGGER forge AFTER UPDATE ON codes BEGIN UPDATE quotes SET memo = 'pwned'; "
        "INSERT INTO changelog(at, coder, action, target) VALUES ('x', 'boss', 'ok', 'x'); END",),
    "a view with an endless recursive query": (
        "CREATE VIEW endless AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
        "SELECT n FROM r",),
    "a table swapped for an endless view of the same name": (
        "ALTER TABLE participants RENAME TO people_kept",
        "CREATE VIEW participants AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 "
        "FROM r) SELECT n AS id, 'x' AS name, 'won' AS outcome, NULL AS persona, '{}' AS "
        "attributes, '' AS created_at FROM r",),
    "one of our triggers changed": (
        "DROP TRIGGER changelog_no_delete",
        "CREATE TRIGGER changelog_no_delete BEFORE DELETE ON changelog BEGIN SELECT 1; END",),
    "an extra index with an expression": (
        "CREATE INDEX sneaky ON quotes(length(text) * 2)",),
    "a table of ours given another column": (
        "ALTER TABLE quotes ADD COLUMN extra TEXT DEFAULT 'x'",),
    "a trigger on the migrations table": (
        "CREATE TRIGGER steps AFTER INSERT ON _sqlite_migrations BEGIN DELETE FROM quotes; END",),
}


@pytest.mark.parametrize("statements", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_changed_schema_is_refused_with_one_line_and_the_file_is_unchanged(
        capsys, tmp_path: Path, statements: tuple[str, ...]) -> None:
    path = tmp_path / "hostile.icstudy"
    sid = study_with_data(path)
    tamper(path, *statements)
    before = digest(path)
    started = time.monotonic()
    err = one_line_refusal(capsys, path, "code", "--source", str(sid), "--start", "0", "--end", "4",
                           "--code", "step/Compared vendors")
    assert "refused" in err and "never makes" in err
    one_line_refusal(capsys, path, "participants")
    assert time.monotonic() - started < 30  # refused, not run (the view would never end)
    assert digest(path) == before
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT count(*) FROM turns").fetchone()[0] == 2


def test_the_refusal_names_what_differs(tmp_path: Path) -> None:
    path = tmp_path / "hostile.icstudy"
    study_with_data(path)
    tamper(path, *HOSTILE["a trigger that deletes every turn and participant on a new quote"])
    with pytest.raises(StudyError, match="unexpected trigger 'wipe'"):
        Study.open(path)


def test_a_study_from_a_newer_version_is_refused_before_anything_changes(tmp_path: Path) -> None:
    path = tmp_path / "future.icstudy"
    study_with_data(path)
    tamper(path,
           "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
           f"VALUES ('{MIGRATION_SET}', '0099_from_the_future', '2030-01-01')",
           "CREATE TABLE future_things(id INTEGER PRIMARY KEY)",
           "CREATE TRIGGER future_rule AFTER INSERT ON future_things BEGIN SELECT 1; END")
    tamper(path, "PRAGMA journal_mode=DELETE")
    before = digest(path)
    with pytest.raises(StudyError, match="newer version of interviewcoder"):
        Study.open(path)
    assert digest(path) == before
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not made WAL


def test_another_apps_sqlite_file_is_refused_and_left_alone(capsys, tmp_path: Path) -> None:
    path = tmp_path / "other.icstudy"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("CREATE TRIGGER touch AFTER INSERT ON notes BEGIN SELECT 1; END")
        conn.execute("INSERT INTO notes(body) VALUES ('mine')")
    conn.close()
    before = digest(path)
    err = one_line_refusal(capsys, path, "sources")
    assert "not an interviewcoder study" in err
    assert digest(path) == before
    assert not path.with_name(path.name + "-wal").exists()  # never switched to WAL
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_stale_version_stamp_is_mended_and_one_ahead_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "stamp.icstudy"
    study_with_data(path)
    tamper(path, "PRAGMA user_version = 2")  # as a crash between a step and its stamp left it
    with Study.open(path) as study:
        assert study.schema_version() == len(KNOWN)
    tamper(path, f"PRAGMA user_version = {len(KNOWN) + 3}")
    before = digest(path)
    with pytest.raises(StudyError, match="version stamp"):
        Study.open(path)
    assert digest(path) == before


def test_schema_steps_out_of_order_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "gap.icstudy"
    study_with_data(path)
    tamper(path, f"DELETE FROM _sqlite_migrations WHERE name = '{KNOWN[1]}'")
    with pytest.raises(StudyError, match="not a sequence"):
        Study.open(path)


def test_every_migration_stamps_user_version_in_its_own_transaction(tmp_path: Path) -> None:
    import sqlite_utils

    from interviewcoder.store.migrations import migrations

    for n, name in enumerate(KNOWN):
        path = tmp_path / f"v{n}.db"
        db = sqlite_utils.Database(path)
        migrations.apply(db, stop_before=name)
        assert db.execute("PRAGMA user_version").fetchone()[0] == n
        db.close()

    path = tmp_path / "crash.db"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before=KNOWN[-1])
    step = migrations._migrations[-1]
    original = step.fn

    def crash_after(db_: sqlite_utils.Database) -> None:
        original(db_)
        db_.execute(f"PRAGMA user_version = {len(KNOWN)}")  # a stamp the crash must undo
        raise KeyboardInterrupt  # killed before the step's record was written

    step.fn = crash_after
    try:
        with pytest.raises(KeyboardInterrupt):
            migrations.apply(db)
    finally:
        step.fn = original
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(KNOWN) - 1
    assert [m.name for m in migrations.pending(db)] == [KNOWN[-1]]
    db.close()


def test_the_expected_schema_is_what_a_new_study_has(tmp_path: Path) -> None:
    from interviewcoder.store.schema_check import schema_objects

    with Study.create(tmp_path / "new.icstudy") as study:
        assert schema_objects(study.db.conn) == expected_schema()
    assert {k for k in expected_schema() if k[0] == "trigger"} >= {
        ("trigger", "sources_text_immutable"), ("trigger", "changelog_no_update"),
        ("trigger", "changelog_no_delete")}  # our own triggers are part of what is expected


def test_the_schema_snapshot_is_what_the_migrations_make() -> None:
    """A study is checked against the committed snapshot (it spares every start replaying
    the migrations), so it must be exactly what they make, written as the maker writes it."""
    from interviewcoder.store import schema_snapshot
    from interviewcoder.store.schema_check import REMAKE, made_by_migrations, snapshot_source

    assert schema_snapshot.STEPS == tuple(KNOWN), f"a migration was added: {REMAKE}"
    assert schema_snapshot.OBJECTS == made_by_migrations(len(KNOWN)), f"remake it: {REMAKE}"
    assert Path(schema_snapshot.__file__).read_text(encoding="utf-8") == snapshot_source()
    assert expected_schema() == schema_snapshot.OBJECTS
    assert expected_schema(len(KNOWN) - 1) == made_by_migrations(len(KNOWN) - 1) != expected_schema()


@pytest.mark.parametrize("a, b", [
    ('CREATE TABLE t (a INT, "end" TEXT) -- note', "create table t(a int,[end] text)"),
    ("CREATE INDEX i ON t(a,\n    b)", "create  index i on t ( a , b )"),
])
def test_sql_is_compared_without_spacing_case_or_quoting(a: str, b: str) -> None:
    assert normalise_sql(a) == normalise_sql(b)


def test_sql_with_other_meaning_stays_different() -> None:
    same: Callable[[str, str], bool] = lambda x, y: normalise_sql(x) == normalise_sql(y)  # noqa: E731
    assert not same("SELECT RAISE(ABORT, 'it''s')", "SELECT RAISE(ABORT, 'its')")
    assert not same("CREATE TABLE t(a)", "CREATE TABLE t(a, b)")
    assert not same("WHEN a IS NOT b", "WHEN a IS b")


def test_a_catastrophic_regex_pattern_in_a_study_is_left_out(capsys, tmp_path: Path) -> None:
    path = tmp_path / "regex.icstudy"
    with create(path, template="journey") as study:
        add_source(study, "Interview", [("Ana", "participant", "Ana",
                                         "a" * 40 + "b. We compared three vendors.")])
        code_id = next(c.id for c in study.codes.list() if c.name == "Compared vendors")
    tamper(path, "INSERT INTO code_patterns(code_id, pattern, created_at) VALUES "
                 f"({code_id}, '[{{\"TEXT\": {{\"REGEX\": \"^(a+)+$\"}}}}]', 'x'), "
                 f"({code_id}, '[{{\"OP\": \"*\"}}, {{\"LOWER\": \"zzz\"}}]', 'x'), "
                 f"({code_id}, '\"compared three\"', 'x')")
    before = digest(path)
    started = time.monotonic()
    code, out, err = run_cli(capsys, "suggest", str(path), "--json", "--no-learned")
    assert code == 0, err
    assert time.monotonic() - started < 60
    warnings = err.splitlines()
    assert len(warnings) == 2 and all(w.startswith("interviewcoder: warning: left out pattern")
                                      for w in warnings)
    assert "REGEX" in warnings[0] and "without bound" in warnings[1]
    assert any("compared three" in s["reason"] for s in json.loads(out))  # the sound one is used
    assert digest(path) == before


def test_a_slow_pattern_in_a_study_is_stopped_by_its_time_budget(capsys, tmp_path: Path,
                                                                  monkeypatch) -> None:
    """Within the allowed subset, three optional tokens over thousands of matching words still
    cost seconds per pattern (0.4-4 s each on 20,000 words): a study's own token patterns run
    on a CPU-time budget, stop between windows when it is spent, and the run says so."""
    from interviewcoder.nlp import patterns

    monkeypatch.setattr(patterns, "STUDY_PATTERN_SECONDS", 0.0)  # spent after the first window
    path = tmp_path / "slow.icstudy"
    with create(path, template="journey") as study:
        add_source(study, "Interview", [("Ana", "participant", "Ana",
                                         "a b " * 3000 + "\nWe compared three vendors.")])
        code_id = next(c.id for c in study.codes.list() if c.name == "Compared vendors")
    hostile = json.dumps([{"IS_ALPHA": True, "OP": "?"}] * 3 + [{"IS_ALPHA": True, "OP": "{5}"}] * 9)
    tamper(path, "INSERT INTO code_patterns(code_id, pattern, created_at) VALUES "
                 f"({code_id}, '{hostile}', 'x'), ({code_id}, '\"compared three\"', 'x')")
    code, out, err = run_cli(capsys, "suggest", str(path), "--json", "--no-learned")
    assert code == 0, err
    warnings = err.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("interviewcoder: warning: stopped pattern")
    assert "step/Compared vendors" in warnings[0] and "incomplete" in warnings[0]
    assert any("compared three" in s["reason"] for s in json.loads(out))  # the others still run
    monkeypatch.setattr(patterns, "STUDY_PATTERN_SECONDS", 600.0)
    code, _, err = run_cli(capsys, "suggest", str(path), "--json", "--no-learned")
    assert code == 0 and err == ""  # with time enough nothing is stopped


def bomb(inflated_gb: int = 4) -> bytes:
    """A zlib stream of ~4 MB that inflates to gigabytes of zeros (blocks made independent by
    full flushes, repeated)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(b"\0" * (16 << 20)) + packer.flush(zlib.Z_FULL_FLUSH)
    return b"\x78\xda" + block * (inflated_gb * 64) + packer.flush()


def test_a_model_blob_that_inflates_to_gigabytes_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.icstudy"
    with create(path, template="journey") as study:
        add_source(study, "Interview", [("Ana", "participant", "Ana", "We compared vendors.")])
    data = bomb()
    assert len(data) < 5 << 20
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO learned_models(name, created_at, language, data) "
                 "VALUES (?, 'x', 'en', ?)", [MODEL_NAME, data])
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(path)
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as sink:
        status, peak_mb = run_measured([sys.executable, "-m", "interviewcoder", "suggest", str(path)],
                                       tmp_path / "rusage.json", stdout=subprocess.DEVNULL,
                                       stderr=sink, cwd=ROOT)
    err = errors.read_text()
    assert status == 2, err
    assert err.count("\n") == 1 and "inflates past" in err
    assert peak_mb < 300, f"peak RSS {peak_mb:.0f} MB"  # 117 MB measured; the bomb is 4 GB
    assert digest(path) == before
