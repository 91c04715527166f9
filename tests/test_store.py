"""The study file: creation, migrations, refusal of newer files, backups, integrity rules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from interviewcoder.core.errors import StudyError
from interviewcoder.core.types import Dimension
from interviewcoder.store import Study, search
from interviewcoder.store.migrations import KNOWN, MIGRATION_SET, migrations
from tests.builders import add_source


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _db_at(path: Path, stop_before: str | None) -> None:
    """A study file as an older version left it: migrations applied up to ``stop_before``."""
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before=stop_before)
    db.execute("INSERT INTO study_meta(key, value) VALUES ('app', 'interviewcoder')")
    db.conn.commit()
    db.conn.close()


def test_new_study_is_wal_with_foreign_keys_and_versioned(tmp_path: Path) -> None:
    s = Study.create(tmp_path / "a.icstudy")
    assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert s.schema_version() == len(KNOWN)
    assert s.language == "en"
    s.close()


def test_0001_initial_creates_the_core_tables(tmp_path: Path) -> None:
    path = tmp_path / "v1.icstudy"
    _db_at(path, stop_before="0002_assistance")
    assert {"participants", "sources", "turns", "codes", "quotes", "quote_codes", "coders",
            "changelog", "study_meta"} <= _tables(path)
    assert "code_patterns" not in _tables(path)


def test_0002_assistance_adds_the_nlp_tables_to_a_v1_file(tmp_path: Path) -> None:
    path = tmp_path / "v1.icstudy"
    _db_at(path, stop_before="0002_assistance")
    Study.open(path).close()
    assert {"code_patterns", "suggestion_rejections", "learned_models"} <= _tables(path)


def test_0003_snapshots_adds_the_snapshot_table_to_a_v2_file(tmp_path: Path) -> None:
    path = tmp_path / "v2.icstudy"
    _db_at(path, stop_before="0003_snapshots")
    assert "snapshots" not in _tables(path)
    Study.open(path).close()
    assert "snapshots" in _tables(path)


def test_0004_evidence_indexes_adds_covering_indexes_to_a_v3_file(tmp_path: Path) -> None:
    path = tmp_path / "v3.icstudy"
    _db_at(path, stop_before="0004_evidence_indexes")

    def indexes() -> set[str]:
        with sqlite3.connect(path) as conn:
            return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}

    assert "turns_span" not in indexes()
    with Study.open(path) as s:
        assert s.schema_version() == len(KNOWN)
    assert {"quotes_span", "turns_span"} <= indexes()


def test_0008_search_indexes_the_turns_of_an_older_study(tmp_path: Path) -> None:
    path = tmp_path / "before-search.icstudy"
    _db_at(path, stop_before="0008_search")
    text = "Interviewer: why?\n\nThe hidden costs of onboarding surprised us."
    with sqlite3.connect(path) as conn:  # written as the version before search would have
        conn.execute("INSERT INTO sources(id, name, kind, sha256, text, imported_at) "
                     "VALUES (1, 'a.txt', 'interview', 'x', ?, 'x')", [text])
        conn.execute("INSERT INTO turns(source_id, ord, start, \"end\", speaker, role) VALUES "
                     "(1, 0, 0, 17, 'Interviewer', 'interviewer'), (1, 1, 19, ?, 'Ana', 'participant')",
                     [len(text)])
    assert "turn_search" not in _tables(path)
    with Study.open(path) as s:
        turns, total = search.search(s.db, '"hidden costs"')
        assert total == 1 and turns[0].matches == ((23, 35),)
        assert text[23:35] == "hidden costs"
        assert search.check(s.db)
    assert list(tmp_path.glob("before-search.v*-backup-*.icstudy"))  # backed up first


def test_0009_memos_adds_empty_memos_to_codes_and_sources(tmp_path: Path) -> None:
    path = tmp_path / "before-memos.icstudy"
    _db_at(path, stop_before="0009_memos")
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO codes(guid, dimension, name) VALUES ('g1', 'step', 'Asked peers')")
        conn.execute("INSERT INTO sources(name, kind, sha256, text, imported_at) "
                     "VALUES ('a.txt', 'interview', 'x', 'text', 'x')")
    with Study.open(path) as s:
        code = s.codes.find(Dimension.STEP, "Asked peers")
        assert code is not None and code.memo == ""
        assert [x.memo for x in s.sources.list()] == [""]
        s.sources.set_memo(s.sources.list()[0].id, "Recorded on a bad line")
        assert s.sources.list()[0].memo == "Recorded on a bad line"
def test_0007_identity_adds_outcomes_and_memos_and_frees_interviewer_turns(tmp_path: Path) -> None:
    """From the file of the version before: its outcomes become the study's vocabulary, and a
    participant who only ever spoke as interviewer leaves (interviewers are in no group)."""
    path = tmp_path / "v6.icstudy"
    _db_at(path, stop_before="0007_identity")
    db = sqlite_utils.Database(path)
    for n, (name, outcome) in enumerate([("Jo", "churn"), ("Mod2", "churned"), ("Ana", "won"),
                                         ("Cy", "unknown")], 1):
        db.execute("INSERT INTO participants(id, name, outcome, created_at) VALUES (?, ?, ?, 'x')",
                   [n, name, outcome])
    db.execute("INSERT INTO sources(id, name, kind, sha256, text, imported_at) "
               "VALUES (1, 's', 'interview', 'h', 'abcdefgh', 'x')")
    for n, (role, pid) in enumerate([("participant", 1), ("interviewer", 2), ("interviewer", 3),
                                     ("participant", 3)]):
        db.execute('INSERT INTO turns(source_id, ord, start, "end", role, participant_id) '
                   "VALUES (1, ?, ?, ?, ?, ?)", [n, 2 * n, 2 * n + 1, role, pid])
    db.conn.commit()
    db.conn.close()
    assert "outcomes" not in _tables(path)
    with Study.open(path) as s:
        assert s.schema_version() == len(KNOWN)
        assert s.outcomes.names() == ["won", "lost", "churned", "churn"]
        assert [p.name for p in s.participants.list()] == ["Ana", "Cy", "Jo"]
        assert s.participants.by_name("Jo").memo == ""
        turns = s.sources.turns(1)
        assert [(t.role.value, t.participant_id) for t in turns] == [
            ("participant", 1), ("interviewer", None), ("interviewer", None), ("participant", 3)]


def test_every_known_migration_has_a_test_here() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    for name in KNOWN:
        assert f"test_{name}" in source or f'"{name}"' in source, name


def test_older_study_is_backed_up_before_migrating_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.icstudy"
    _db_at(path, stop_before="0002_assistance")
    db = sqlite_utils.Database(path)
    db.execute("INSERT INTO participants(name, outcome, created_at) VALUES ('Ana', 'won', 'x')")
    db.conn.commit()
    db.conn.close()
    study = Study.open(path)
    assert study.participants.by_name("Ana").outcome == "won"
    study.close()
    backups = list(tmp_path.glob("old.v1-backup-*.icstudy"))
    assert len(backups) == 1
    assert "code_patterns" not in _tables(backups[0])  # the backup is the file as it was
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT name FROM participants").fetchall() == [("Ana",)]


def test_current_study_opens_without_backup(tmp_path: Path) -> None:
    Study.create(tmp_path / "a.icstudy").close()
    Study.open(tmp_path / "a.icstudy").close()
    assert [p.name for p in tmp_path.iterdir() if "backup" in p.name] == []


def test_study_from_a_newer_version_is_refused_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "future.icstudy"
    Study.create(path).close()
    db = sqlite_utils.Database(path)
    db["_sqlite_migrations"].insert({"migration_set": MIGRATION_SET, "name": "0099_from_the_future",
                                     "applied_at": "2030-01-01"})
    db.conn.close()
    with pytest.raises(StudyError) as err:
        Study.open(path)
    assert "newer version" in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("content, expected", [
    (b"hello, I am a text file\n", "not an SQLite database"),
    (b"", "an empty file"),
    (b"SQLite format 3\x00" + b"\x00" * 200, "not an SQLite database"),
    (b"SQLite format 3\x00" + b"\x00" * 4000, "not an SQLite database, or one damaged"),
])
def test_corrupt_or_foreign_files_are_refused(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.icstudy"
    path.write_bytes(content)
    with pytest.raises(StudyError, match=expected):
        Study.open(path)


def test_plain_sqlite_database_is_not_a_study(tmp_path: Path) -> None:
    path = tmp_path / "other.icstudy"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t(x)")
    with pytest.raises(StudyError, match="not an interviewcoder study"):
        Study.open(path)


def test_missing_file_and_existing_target(tmp_path: Path) -> None:
    with pytest.raises(StudyError, match="no such study file"):
        Study.open(tmp_path / "nope.icstudy")
    Study.create(tmp_path / "a.icstudy").close()
    with pytest.raises(StudyError, match="already exists"):
        Study.create(tmp_path / "a.icstudy")


def test_source_text_is_immutable_but_may_grow(study: Study) -> None:
    sid, _ = add_source(study, "s", [("Ana", "participant", "Ana", "Hello there.")])
    with pytest.raises(sqlite3.IntegrityError, match="cannot change"), study.atomic():
        study.db.execute("UPDATE sources SET text = 'Changed' WHERE id = ?", [sid])
    with study.atomic():
        old_len = study.sources.append_text(sid, "\n\nMore.")
    assert old_len == len("Hello there.")
    assert study.sources.text(sid) == "Hello there.\n\nMore."


def test_change_log_is_append_only(study: Study) -> None:
    with study.atomic():
        study.log("ana", "test", "x")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), study.atomic():
        study.db.execute("DELETE FROM changelog")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), study.atomic():
        study.db.execute("UPDATE changelog SET coder = 'eve'")
    assert study.history(1)[0]["coder"] == "ana"


def test_save_copy_is_a_consistent_study(study: Study, tmp_path: Path) -> None:
    add_source(study, "s", [("Ana", "participant", "Ana", "Hello there.")])
    copy = study.save_copy(tmp_path / "copy.icstudy")
    with Study.open(copy) as other:
        assert [s.name for s in other.sources.list()] == ["s"]
        assert len(other.codes.list()) == len(study.codes.list())


def test_sqlite_substr_offsets_match_python_indices(study: Study) -> None:
    text = "Café 😀 naïve — “quoted”\u00a0end"
    sid, _ = add_source(study, "u", [("Ana", "participant", "Ana", text)])
    for start, end in [(0, 4), (5, 6), (7, 12), (15, 23), (5, len(text))]:
        assert study.sources.text_span(sid, start, end) == text[start:end]


def test_code_usage_matches_a_plain_python_recount(tmp_path: Path) -> None:
    from benchmarks.generate import generate

    path = tmp_path / "gen.icstudy"
    generate(path, sources=6, words=600, participants=9, codes=70, quotes=400, seed=3)
    with Study.open(path) as s:
        usage = s.codes.usage()
        turns = {src.id: s.sources.turns(src.id) for src in s.sources.list()}
        expected: dict[int, tuple[int, set[int]]] = {}
        for q in s.quotes.all():
            owners = {t.participant_id for t in turns[q.source_id]
                      if t.start < q.end and t.end > q.start and t.participant_id is not None
                      and t.role.value != "interviewer"}
            for c in q.code_ids:
                n, people = expected.get(c, (0, set()))
                expected[c] = (n + 1, people | owners)
        assert usage == {c: (n, len(p)) for c, (n, p) in expected.items()}
        assert sum(n for n, _ in usage.values()) > 400  # quotes carry 1-3 codes


def test_0005_history_keeps_old_snapshots_and_guards_texts_and_snapshots(tmp_path: Path) -> None:
    path = tmp_path / "v4.icstudy"
    _db_at(path, stop_before="0005_history")
    db = sqlite_utils.Database(path)
    db.execute("INSERT INTO snapshots(name, taken_at, evidence) VALUES ('2026-10', 't', '{}')")
    db.conn.commit()
    db.conn.close()
    with Study.open(path) as s:
        assert s.schema_version() == len(KNOWN)
        assert s.db.execute("SELECT name, coder, note FROM snapshots").fetchall() == [("2026-10", "", "")]
        with pytest.raises(sqlite3.IntegrityError, match="cannot change"):
            s.db.execute("UPDATE snapshots SET name = 'x'")
        sid, _ = add_source(s, "s", [("Ana", "participant", "Ana", "hello there")])
        with pytest.raises(sqlite3.IntegrityError, match="cannot change"):
            s.db.execute("UPDATE sources SET text = 'goodbye', sha256 = 'b' WHERE id = ?", [sid])
        with s.atomic():  # the one permitted path: a grant naming the new text's hash
            s.db.execute("INSERT INTO source_text_grants(source_id, sha256) VALUES (?, 'b')", [sid])
            s.db.execute("UPDATE sources SET text = 'goodbye', sha256 = 'b' WHERE id = ?", [sid])
            s.db.execute("DELETE FROM source_text_grants")
        assert s.sources.text(sid) == "goodbye"
def test_0006_refi_gives_participants_sources_and_coders_a_guid_column(tmp_path: Path) -> None:
    path = tmp_path / "v4.icstudy"
    _db_at(path, stop_before="0006_refi")
    db = sqlite_utils.Database(path)
    db.execute("INSERT INTO participants(name, outcome, created_at) VALUES ('Ana', 'won', 'x')")
    db.execute("INSERT INTO coders(name) VALUES ('cp')")
    db.conn.commit()
    assert "guid" not in db["participants"].columns_dict
    db.conn.close()
    with Study.open(path) as s:
        assert s.schema_version() == len(KNOWN)
        for table in ("participants", "sources", "coders"):
            assert "guid" in {r[1] for r in s.db.execute(f"PRAGMA table_info({table})")}
        assert s.participants.by_name("Ana").outcome == "won"
        from interviewcoder.store import guids

        with s.atomic():
            assert guids.set_guid(s.db, "coders", 1, "0f0e0d0c-0b0a-0908-0706-050403020100")
        assert guids.by_guid(s.db, "coders", "0f0e0d0c-0b0a-0908-0706-050403020100") == 1
        with pytest.raises(sqlite3.IntegrityError), s.atomic():  # one row per GUID
            s.db.execute("UPDATE participants SET guid = '0f0e0d0c-0b0a-0908-0706-050403020100'")
            s.db.execute("INSERT INTO participants(name, created_at, guid) VALUES "
                         "('Bo', 'x', '0f0e0d0c-0b0a-0908-0706-050403020100')")


def test_0010_merge_adds_the_merge_record_to_an_older_file(tmp_path: Path) -> None:
    path = tmp_path / "v5.icstudy"
    _db_at(path, stop_before="0010_merge")
    assert "merges" not in _tables(path)
    with Study.open(path) as s:
        assert s.schema_version() == len(KNOWN)
        s.db.execute("INSERT INTO merges(at, coder, other_name, other_path) VALUES ('t', 'c', 'b', 'b')")
        assert s.db.execute("SELECT report FROM merges").fetchall() == [("{}",)]
    assert "merges" in _tables(path)
    assert list(tmp_path.glob("v5.v*-backup-*.icstudy"))  # backed up before migrating


def test_0011_tallies_fills_the_tallies_of_a_v10_file_and_keeps_them(tmp_path: Path) -> None:
    from interviewcoder.core.types import Quote
    from interviewcoder.store import tallies

    path = tmp_path / "v10.icstudy"
    _db_at(path, stop_before="0011_tallies")
    old = Study(path, sqlite_utils.Database(path))  # the repositories, on the old schema
    with old.atomic():
        code = old.codes.insert(_code("step", "Trialed"))
        other = old.codes.insert(_code("anxiety", "Price"))
    sid, spans = add_source(old, "s", [("Sam", "interviewer", None, "what happened then"),
                                       ("Ana", "participant", "Ana", "we trialed it for a month"),
                                       ("Bo", "participant", "Bo", "and it was too expensive")])
    with old.atomic():
        for i, (start, end, codes) in enumerate([(spans[1][0], spans[1][1], (code,)),
                                                 (spans[1][0], spans[2][1], (code, other)),
                                                 (spans[0][0], spans[0][1], (other,))]):
            old.quotes.insert(Quote(0, f"g{i}", sid, start, end, "", "cp", "t", "t", "", codes))
    old.close()
    assert "code_cells" not in _tables(path)
    with Study.open(path) as s:
        assert s.schema_version() == len(KNOWN)
        assert tallies.recount(s.db) == {}
        assert tallies.code_usage(s.db, [code, other]) == {code: (2, 2), other: (2, 2)}
        assert s.db.execute("SELECT count(*) FROM shared_quotes").fetchone()[0] == 1
        from interviewcoder.services import coding

        coding.add_quote(s, sid, spans[2][0], spans[2][1], [other], "cp")  # triggers keep them
        assert tallies.code_usage(s.db, [other]) == {other: (3, 2)}
        assert tallies.recount(s.db) == {}
        from interviewcoder.store.coder_queries import coders_with_quotes

        s.db.execute("INSERT INTO coders(name) VALUES ('no quotes yet')")
        plan = " ".join(r[3] for r in s.db.execute(
            "EXPLAIN QUERY PLAN SELECT 1 FROM quotes WHERE coder_id = 1").fetchall())
        assert "quotes_coder" in plan  # which coders have quotes: an index probe each
        assert coders_with_quotes(s.db) == ["cp"]
    assert len(list(tmp_path.glob("v10.v10-backup-*.icstudy"))) == 1


def _code(dimension: str, name: str):  # noqa: ANN202
    from interviewcoder.core.types import Code, Dimension

    return Code(0, f"guid-{name}", Dimension(dimension), name, "", "#cccccc", None, 0)


def test_0011_tallies_from_a_wave_1_file_through_every_migration(tmp_path: Path) -> None:
    """A study the first version wrote (schema 0001, rows as it wrote them) opens with its
    evidence tallies filled, after the migrations between moved who counts (0007)."""
    from interviewcoder.store import tallies

    path = tmp_path / "wave1.icstudy"
    _db_at(path, stop_before="0002_assistance")
    text = "what happened then we trialed it for a month and it was too expensive"
    at = "2025-01-01T00:00:00+00:00"
    db = sqlite_utils.Database(path)
    db.executescript(f"""
        INSERT INTO participants(id, name, outcome, persona, created_at) VALUES
            (1, 'Sam', 'unknown', NULL, '{at}'), (2, 'Ana', 'won', 'A', '{at}'),
            (3, 'Bo', 'lost', NULL, '{at}');
        INSERT INTO sources(id, name, kind, sha256, text, words, imported_at)
            VALUES (1, 's', 'interview', 'x', '{text}', 14, '{at}');
        INSERT INTO turns(source_id, ord, start, "end", speaker, role, participant_id) VALUES
            (1, 0, 0, 18, 'Sam', 'interviewer', 1), (1, 1, 19, 44, 'Ana', 'participant', 2),
            (1, 2, 45, 69, 'Bo', 'participant', 3);
        INSERT INTO coders(id, name) VALUES (1, 'first');
        INSERT INTO codes(id, guid, dimension, name) VALUES (1, 'g1', 'step', 'Trialed'),
            (2, 'g2', 'anxiety', 'Price');
        INSERT INTO quotes(id, guid, source_id, start, "end", text, coder_id, created_at,
                           modified_at) VALUES
            (1, 'q1', 1, 22, 36, 'trialed it for', 1, '{at}', '{at}'),
            (2, 'q2', 1, 30, 69, 'x', 1, '{at}', '{at}'),
            (3, 'q3', 1, 0, 18, 'what happened then', 1, '{at}', '{at}');
        INSERT INTO quote_codes(quote_id, code_id) VALUES (1, 1), (2, 1), (2, 2), (3, 2);
    """)
    db.conn.commit()
    db.conn.close()
    with Study.open(path) as s:
        assert s.schema_version() == len(KNOWN)
        assert s.participants.by_name("Sam") is None  # interviewer only: removed by 0007
        assert tallies.recount(s.db) == {}
        # Trialed: Ana's quote and the one across Ana and Bo; Price: that one and Sam's
        assert tallies.code_usage(s.db, [1, 2]) == {1: (2, 2), 2: (2, 2)}
        assert s.db.execute("SELECT quote_id FROM shared_quotes").fetchall() == [(2,)]
        assert sorted(s.db.execute("SELECT quote_id, participant_id FROM quote_participants")
                      .fetchall()) == [(1, 2), (2, 2), (2, 3)]
        assert tallies.source_quote_counts(s.db) == {1: 3}
    assert list(tmp_path.glob("wave1.v1-backup-*.icstudy"))


def test_0012_text_guard_keeps_every_rule_of_the_source_text_guard(tmp_path: Path) -> None:
    """A v11 study, migrated: a text still only grows at its end (or becomes a granted one),
    and an empty text may be set whole: the case the new guard no longer reads the text for."""
    path = tmp_path / "v11.icstudy"
    _db_at(path, stop_before="0012_text_guard")
    db = sqlite_utils.Database(path)
    db.execute("INSERT INTO sources(id, name, kind, sha256, text, imported_at) VALUES "
               "(1, 'interview', 'interview', 'h1', 'we trialed it', 'x'), "
               "(2, 'question', 'survey', 'h2', '', 'x')")
    db.conn.commit()
    db.conn.close()
    with Study.open(path) as s:
        assert s.schema_version() == len(KNOWN)
        guard = s.db.execute("SELECT sql FROM sqlite_master "
                             "WHERE name = 'sources_text_immutable'").fetchone()[0]
        assert "OLD.text <> ''" in guard
        for text in ("we tried it", "", "we trialed"):
            with pytest.raises(sqlite3.IntegrityError, match="cannot change after import"):
                s.db.execute("UPDATE sources SET text = ? WHERE id = 1", [text])
        s.db.execute("UPDATE sources SET text = text || ' for a month' WHERE id = 1")
        s.db.execute("UPDATE sources SET text = 'first answer' WHERE id = 2")
        with pytest.raises(sqlite3.IntegrityError, match="cannot change after import"):
            s.db.execute("UPDATE sources SET text = 'another answer' WHERE id = 2")
        s.db.execute("INSERT INTO source_text_grants(source_id, sha256) VALUES (1, 'h9')")
        s.db.execute("UPDATE sources SET text = 'replaced', sha256 = 'h9' WHERE id = 1")
        assert [r[0] for r in s.db.execute("SELECT text FROM sources ORDER BY id")] == [
            "replaced", "first answer"]
    assert list(tmp_path.glob("v11.v11-backup-*.icstudy"))
