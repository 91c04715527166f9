"""The study schema, built only by named, ordered migrations (sqlite_utils.Migrations).

Never edit a migration that has shipped: add a new one at the end. ``PRAGMA user_version``
mirrors the number of migrations applied so any SQLite tool can tell a study's version; each
step stamps it in its own transaction, with the record of the step, so a crash cannot leave
the two apart.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATION_SET = "interviewcoder"


class _StampedMigrations(Migrations):
    """sqlite-utils' migrations, with ``PRAGMA user_version`` set in each step's transaction."""

    def _record_applied(self, db: Database, name: str) -> None:
        super()._record_applied(db, name)
        db.execute(f"PRAGMA user_version = {len(self.applied(db))}")


migrations = _StampedMigrations(MIGRATION_SET)


@migrations(name="0001_initial")
def _initial(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE study_meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            outcome TEXT NOT NULL DEFAULT 'unknown',
            persona TEXT,
            attributes TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('interview', 'survey')),
            original_name TEXT,
            sha256 TEXT NOT NULL,
            text TEXT NOT NULL,
            words INTEGER NOT NULL DEFAULT 0,
            format TEXT,
            meta TEXT NOT NULL DEFAULT '{}',
            imported_at TEXT NOT NULL
        )
        """,
        """
        CREATE INDEX sources_sha256 ON sources(sha256)
        """,
        """
        -- A source's text is immutable; appending (a survey re-import) keeps every offset valid.
        CREATE TRIGGER sources_text_immutable BEFORE UPDATE OF text ON sources
        WHEN substr(NEW.text, 1, length(OLD.text)) IS NOT OLD.text
        BEGIN
            SELECT RAISE(ABORT, 'a source''s text cannot change after import');
        END
        """,
        """
        CREATE TABLE turns (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            speaker TEXT,
            role TEXT NOT NULL CHECK (role IN ('interviewer', 'participant', 'answer')),
            participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
            start_ms INTEGER,
            CHECK (start >= 0 AND "end" >= start)
        )
        """,
        """
        CREATE INDEX turns_source ON turns(source_id, start)
        """,
        """
        CREATE INDEX turns_participant ON turns(participant_id)
        """,
        """
        CREATE TABLE coders (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        )
        """,
        """
        CREATE TABLE codes (
            id INTEGER PRIMARY KEY,
            guid TEXT NOT NULL UNIQUE,
            dimension TEXT NOT NULL,
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            colour TEXT NOT NULL DEFAULT '#cccccc',
            parent_id INTEGER REFERENCES codes(id) ON DELETE SET NULL,
            ord INTEGER NOT NULL DEFAULT 0,
            UNIQUE (dimension, name)
        )
        """,
        """
        CREATE TABLE quotes (
            id INTEGER PRIMARY KEY,
            guid TEXT NOT NULL UNIQUE,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            coder_id INTEGER NOT NULL REFERENCES coders(id),
            created_at TEXT NOT NULL,
            modified_at TEXT NOT NULL,
            memo TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL DEFAULT 'manual',
            CHECK (start >= 0 AND "end" > start)
        )
        """,
        """
        CREATE INDEX quotes_source ON quotes(source_id, start)
        """,
        """
        CREATE TABLE quote_codes (
            quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
            code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
            PRIMARY KEY (quote_id, code_id)
        ) WITHOUT ROWID
        """,
        """
        CREATE INDEX quote_codes_code ON quote_codes(code_id, quote_id)
        """,
        """
        CREATE TABLE changelog (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            coder TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}'
        )
        """,
        """
        CREATE TRIGGER changelog_no_update BEFORE UPDATE ON changelog
        BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END
        """,
        """
        CREATE TRIGGER changelog_no_delete BEFORE DELETE ON changelog
        BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END
        """,
    )


@migrations(name="0002_assistance")
def _assistance(db: Database) -> None:
    """Tables for spaCy assistance: user patterns, rejected suggestions, trained models."""
    _run(
        db,
        """
        CREATE TABLE code_patterns (
            id INTEGER PRIMARY KEY,
            code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
            pattern TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE suggestion_rejections (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            UNIQUE (source_id, start, "end", code_id)
        )
        """,
        """
        CREATE TABLE learned_models (
            name TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            language TEXT NOT NULL,
            data BLOB NOT NULL,
            metrics TEXT NOT NULL DEFAULT '{}'
        )
        """,
    )


@migrations(name="0003_snapshots")
def _snapshots(db: Database) -> None:
    """Frozen copies of the evidence, for comparing month to month."""
    _run(
        db,
        """
        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            taken_at TEXT NOT NULL,
            evidence TEXT NOT NULL
        )
        """,
    )


def _run(db: Database, *statements: str) -> None:
    # executescript() would COMMIT the migration's transaction: run statements one by one.
    for statement in statements:
        db.execute(statement)


@migrations(name="0004_evidence_indexes")
def _evidence_indexes(db: Database) -> None:
    """Covering indexes for the evidence query's quote-turn overlap join (store/evidence.py)."""
    _run(
        db,
        'CREATE INDEX quotes_span ON quotes(source_id, start, "end")',
        'CREATE INDEX turns_span ON turns(source_id, start, "end", role, participant_id)',
    )


@migrations(name="0005_history")
def _history(db: Database) -> None:
    """Snapshots made immutable and attributed; a source's earlier texts kept when it is
    replaced by a corrected transcript (the only write path allowed to change a text)."""
    _run(
        db,
        "ALTER TABLE snapshots ADD COLUMN coder TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE snapshots ADD COLUMN note TEXT NOT NULL DEFAULT ''",
        "CREATE UNIQUE INDEX snapshots_name ON snapshots(name)",
        """
        CREATE TRIGGER snapshots_immutable BEFORE UPDATE ON snapshots
        BEGIN SELECT RAISE(ABORT, 'a snapshot cannot change'); END
        """,
        """
        CREATE TABLE source_history (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            replaced_at TEXT NOT NULL,
            coder TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            text TEXT NOT NULL,
            state TEXT NOT NULL
        )
        """,
        "CREATE INDEX source_history_source ON source_history(source_id)",
        """
        CREATE TRIGGER source_history_no_update BEFORE UPDATE ON source_history
        BEGIN SELECT RAISE(ABORT, 'a source''s history cannot change'); END
        """,
        """
        -- A row here, for one statement inside one transaction, lets a source's text become
        -- exactly the text whose sha256 it names (store/history.py). Nothing else may change it.
        CREATE TABLE source_text_grants (
            source_id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL
        )
        """,
        "DROP TRIGGER sources_text_immutable",
        """
        CREATE TRIGGER sources_text_immutable BEFORE UPDATE OF text ON sources
        WHEN substr(NEW.text, 1, length(OLD.text)) IS NOT OLD.text
         AND NOT EXISTS (SELECT 1 FROM source_text_grants g
                         WHERE g.source_id = OLD.id AND g.sha256 = NEW.sha256)
        BEGIN
            SELECT RAISE(ABORT, 'a source''s text cannot change after import');
        END
        """,
    )


@migrations(name="0006_refi")
def _refi(db: Database) -> None:
    """GUIDs for participants, sources and coders, so a REFI-QDA project imported again (or a
    study exported and read back) matches them instead of adding them twice. Codes and quotes
    have had GUIDs from the start; the code tree is ``codes.parent_id`` chains within a
    dimension, so it needs nothing new."""
    for table in ("participants", "sources", "coders"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN guid TEXT")
        db.execute(f"CREATE UNIQUE INDEX {table}_guid ON {table}(guid) WHERE guid IS NOT NULL")


@migrations(name="0007_identity")
def _identity(db: Database) -> None:
    """Who counts: the study's outcome vocabulary, memos on participants, and interviewer
    turns that belong to no participant (a participant who only ever spoke as interviewer is
    removed: interviewers are in no denominator)."""
    _run(
        db,
        "ALTER TABLE participants ADD COLUMN memo TEXT NOT NULL DEFAULT ''",
        """
        CREATE TABLE outcomes (
            name TEXT PRIMARY KEY,
            ord INTEGER NOT NULL
        )
        """,
        "INSERT INTO outcomes(name, ord) VALUES ('won', 0), ('lost', 1), ('churned', 2)",
        """
        INSERT INTO outcomes(name, ord)
        SELECT outcome, 2 + row_number() OVER (ORDER BY outcome) FROM (
            SELECT DISTINCT outcome FROM participants
            WHERE outcome NOT IN ('unknown', 'won', 'lost', 'churned'))
        """,
        """
        DELETE FROM participants WHERE id IN (
            SELECT participant_id FROM turns WHERE role = 'interviewer')
        AND id NOT IN (
            SELECT participant_id FROM turns
            WHERE role != 'interviewer' AND participant_id IS NOT NULL)
        """,
        "UPDATE turns SET participant_id = NULL WHERE role = 'interviewer'",
    )


@migrations(name="0008_search")
def _search(db: Database) -> None:
    """Full-text search over every turn (store/search.py): an FTS5 table holding each turn's
    text under the turn's id. Built here for the turns a study already has; the store's source
    writers keep it in step from then on."""
    _run(
        db,
        """
        CREATE VIRTUAL TABLE turn_search USING fts5(
            text, tokenize='unicode61 remove_diacritics 2', prefix='2 3')
        """,
        """
        INSERT INTO turn_search(rowid, text)
        SELECT t.id, substr(s.text, t.start + 1, t."end" - t.start)
        FROM turns t JOIN sources s ON s.id = t.source_id
        """,
    )


@migrations(name="0009_memos")
def _memos(db: Database) -> None:
    """A memo on each code (beside its description) and on each source: the researcher's
    own notes, shown and edited in the app and exported in the workbook."""
    _run(
        db,
        "ALTER TABLE codes ADD COLUMN memo TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE sources ADD COLUMN memo TEXT NOT NULL DEFAULT ''",
    )


@migrations(name="0010_merge")
def _merge(db: Database) -> None:
    """Merges of other coders' studies into this one: when, from which file, by whom, and what
    each added (kept for the record and shown in the change log)."""
    _run(
        db,
        """
        CREATE TABLE merges (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            coder TEXT NOT NULL,
            other_name TEXT NOT NULL,
            other_path TEXT NOT NULL,
            report TEXT NOT NULL DEFAULT '{}'
        )
        """,
    )


@migrations(name="0011_tallies")
def _tallies(db: Database) -> None:
    """Maintained evidence: whom each quote counts for, and per code x participant and code x
    outcome x persona tallies, filled from the study and kept by triggers (store/tally_schema.py,
    frozen). And a covering index for listing sources: their names, kinds and counts sit after
    the text in each row, and reading them walked every text's overflow pages (3 s for 2,000
    sources of 8,000 words, cold; 4 ms with the index). And an index of quotes by coder: which
    coders have quotes (the Agreement tab, on the way to the first window) was a scan of every
    quote."""
    from interviewcoder.store.tally_schema import STATEMENTS

    _run(db, *STATEMENTS,
         "CREATE INDEX sources_listing ON sources(name, kind, original_name, sha256, "
         "imported_at, format, words, memo)",
         "CREATE INDEX quotes_coder ON quotes(coder_id)")



@migrations(name="0012_text_guard")
def _text_guard(db: Database) -> None:
    """The source-text guard allows what it allowed (a text may only grow at its end, or
    become the text a grant names), but looks at the new text only when there is an old one.
    A survey question's text is first written whole into an empty source; reading that new
    text to compare an empty prefix held one more copy of it in SQLite's memory (16 MB more
    for a question of 100,000 answers)."""
    _run(
        db,
        "DROP TRIGGER sources_text_immutable",
        """
        CREATE TRIGGER sources_text_immutable BEFORE UPDATE OF text ON sources
        WHEN OLD.text <> ''
         AND substr(NEW.text, 1, length(OLD.text)) IS NOT OLD.text
         AND NOT EXISTS (SELECT 1 FROM source_text_grants g
                         WHERE g.source_id = OLD.id AND g.sha256 = NEW.sha256)
        BEGIN
            SELECT RAISE(ABORT, 'a source''s text cannot change after import');
        END
        """,
    )


KNOWN = [m.name for m in migrations._migrations]
