"""The maintained evidence tallies: tables, their first fill, and the triggers that keep them.

Frozen: migration ``0011_tallies`` ran exactly these statements. A later change is a new
migration that drops and recreates what it changes; never edit this file's SQL.

What is kept, and why (``store/tallies.py`` reads it, ``services/tally_check.py`` recounts it):

- ``quote_participants(quote_id, participant_id)``: whom each quote counts for, the
  participants whose counting turns (not an interviewer's, linked to a participant) it overlaps.
- ``code_participants(code_id, participant_id, outcome, persona, quotes, solo)``: per code and
  participant, how many of the code's quotes count for them (``quotes``) and how many of those
  count for them alone (``solo``). The participant's outcome and persona are copied in, so a
  cell can be left after the participant is gone.
- ``code_cells(code_id, outcome, persona, participants, solo)``: the same summed per outcome ×
  persona cell. A participant is in one cell, so participants add up over cells; quotes that
  count for one participant are in one cell, so their count (``solo``) adds up too.
- ``shared_quotes(quote_id)``: the quotes that count for two participants or more (a focus
  group's exchange, a quote across two answers). They are the only ones whose mentions do not
  add up over cells, so readers count them apart, as distinct quotes.
- ``source_tallies(source_id, turn_max, quote_max, quotes)``: upper bounds of a source's turn
  and quote lengths (they never shrink), so an overlap search is an index range scan
  (``start >= other.start - bound``), and the source's number of quotes.
- ``code_quotes(code_id, quotes)``: how many quotes carry each code (counting for anyone or
  not), what the codebook shows beside its participants.

Every write to quotes, quote_codes, turns and participants keeps them in the same statement
(SQLite triggers), so every write path (coding, imports, merges, source replacement, other
tools writing the file) keeps them, inside its own transaction. Persona ``NULL`` is kept as
``'(no persona)'`` (``core.evidence.NO_PERSONA``), as the evidence groups it.
"""

from __future__ import annotations

NO_PERSONA_SQL = "'(no persona)'"

TABLES = (
    """
    CREATE TABLE source_tallies (
        source_id INTEGER PRIMARY KEY,
        turn_max INTEGER NOT NULL DEFAULT 0,
        quote_max INTEGER NOT NULL DEFAULT 0,
        quotes INTEGER NOT NULL DEFAULT 0
    )
    """,
    """
    CREATE TABLE code_quotes (code_id INTEGER PRIMARY KEY, quotes INTEGER NOT NULL)
    """,
    """
    CREATE TABLE quote_participants (
        quote_id INTEGER NOT NULL,
        participant_id INTEGER NOT NULL,
        PRIMARY KEY (quote_id, participant_id)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE shared_quotes (quote_id INTEGER PRIMARY KEY)
    """,
    """
    CREATE TABLE code_participants (
        code_id INTEGER NOT NULL,
        participant_id INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        persona TEXT NOT NULL,
        quotes INTEGER NOT NULL,
        solo INTEGER NOT NULL,
        PRIMARY KEY (code_id, participant_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX code_participants_participant ON code_participants(participant_id)",
    """
    CREATE TABLE code_cells (
        code_id INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        persona TEXT NOT NULL,
        participants INTEGER NOT NULL,
        solo INTEGER NOT NULL,
        PRIMARY KEY (code_id, outcome, persona)
    ) WITHOUT ROWID
    """,
)

FILL = (
    """
    INSERT INTO source_tallies(source_id, turn_max, quote_max, quotes)
    SELECT source_id, max(tm), max(qm), sum(n) FROM (
        SELECT source_id, max("end" - start) AS tm, 0 AS qm, 0 AS n FROM turns GROUP BY source_id
        UNION ALL
        SELECT source_id, 0, max("end" - start), count(*) FROM quotes GROUP BY source_id)
    GROUP BY source_id
    """,
    """
    INSERT INTO code_quotes(code_id, quotes)
    SELECT code_id, count(*) FROM quote_codes GROUP BY code_id
    """,
    """
    INSERT INTO quote_participants(quote_id, participant_id)
    SELECT DISTINCT q.id, t.participant_id
    FROM source_tallies b
    CROSS JOIN quotes q ON q.source_id = b.source_id
    CROSS JOIN turns t ON t.source_id = q.source_id AND t.start >= q.start - b.turn_max
        AND t.start < q."end" AND t."end" > q.start
    WHERE t.role != 'interviewer' AND t.participant_id IS NOT NULL
    """,
    """
    INSERT INTO shared_quotes(quote_id)
    SELECT quote_id FROM quote_participants GROUP BY quote_id HAVING count(*) > 1
    """,
    f"""
    INSERT INTO code_participants(code_id, participant_id, outcome, persona, quotes, solo)
    SELECT qc.code_id, qp.participant_id, p.outcome, coalesce(p.persona, {NO_PERSONA_SQL}),
           count(*), sum(sq.quote_id IS NULL)
    FROM quote_participants qp
    JOIN quote_codes qc ON qc.quote_id = qp.quote_id
    JOIN participants p ON p.id = qp.participant_id
    LEFT JOIN shared_quotes sq ON sq.quote_id = qp.quote_id
    GROUP BY qc.code_id, qp.participant_id
    """,
    """
    INSERT INTO code_cells(code_id, outcome, persona, participants, solo)
    SELECT code_id, outcome, persona, count(*), sum(solo) FROM code_participants
    GROUP BY code_id, outcome, persona
    """,
)


_UNBOUNDED = 1 << 62

# Upserts (``INSERT ... ON CONFLICT DO ...``) rather than an UPDATE and an INSERT that reads its
# own table: one statement, no temporary copy of the rows, and an outer statement's ``OR
# IGNORE``/``OR REPLACE`` does not change them (it would change a plain ``OR IGNORE`` inside).


def _bound(kind: str, row: str) -> str:
    """The source's bound on turn (``turn_max``) or quote length; no bound if unknown."""
    return (f"coalesce((SELECT {kind} FROM source_tallies WHERE source_id = {row}.source_id), "
            f"{_UNBOUNDED})")


def _raise_bound(kind: str, row: str, quotes: int = 0) -> str:
    length = f'{row}."end" - {row}.start'
    count = f", quotes = quotes + {quotes}" if quotes else ""
    return f"""
        INSERT INTO source_tallies(source_id, {kind}, quotes)
        VALUES ({row}.source_id, {length}, {max(quotes, 0)})
        ON CONFLICT(source_id) DO UPDATE SET {kind} = max({kind}, excluded.{kind}){count};"""


def _turns_of_quote(row: str) -> str:
    """Counting turns a quote (``NEW``/``OLD`` of quotes) overlaps."""
    return f"""turns t WHERE t.source_id = {row}.source_id
        AND t.start >= {row}.start - {_bound("turn_max", row)}
        AND t.start < {row}."end" AND t."end" > {row}.start
        AND t.role != 'interviewer' AND t.participant_id IS NOT NULL"""


def _quotes_of_turn(row: str) -> str:
    """Quotes a turn (``NEW``/``OLD`` of turns) overlaps, if the turn counts for anyone."""
    return f"""quotes q WHERE {row}.role != 'interviewer' AND {row}.participant_id IS NOT NULL
        AND q.source_id = {row}.source_id
        AND q.start >= {row}.start - {_bound("quote_max", row)}
        AND q.start < {row}."end" AND q."end" > {row}.start"""


def _turn_gone(row: str) -> str:
    """Drop (quote, participant) pairs that the turn ``row`` carried and no other turn does."""
    return f"""
        DELETE FROM quote_participants
        WHERE participant_id = {row}.participant_id AND quote_id IN (
            SELECT q.id FROM {_quotes_of_turn(row)}
            AND NOT EXISTS (
                SELECT 1 FROM turns t WHERE t.source_id = q.source_id
                AND t.start >= q.start - {_bound("turn_max", row)}
                AND t.start < q."end" AND t."end" > q.start
                AND t.role != 'interviewer' AND t.participant_id = {row}.participant_id));"""


def _turn_here(row: str) -> str:
    """Add the (quote, participant) pairs the turn ``row`` carries."""
    return f"""
        INSERT INTO quote_participants(quote_id, participant_id)
        SELECT q.id, {row}.participant_id FROM {_quotes_of_turn(row)}
        ON CONFLICT DO NOTHING;"""


def _quote_here(row: str) -> str:
    """Add the (quote, participant) pairs of the quote ``row``."""
    return f"""
        INSERT INTO quote_participants(quote_id, participant_id)
        SELECT {row}.id, t.participant_id FROM {_turns_of_quote(row)}
        ON CONFLICT DO NOTHING;"""


def _reach(row: str) -> str:
    return f"(SELECT count(*) FROM quote_participants WHERE quote_id = {row}.quote_id)"


def _codes_of(row: str) -> str:
    return f"(SELECT code_id FROM quote_codes WHERE quote_id = {row}.quote_id)"


def _people_of(row: str) -> str:
    return f"(SELECT participant_id FROM quote_participants WHERE quote_id = {row}.quote_id)"


_COUNT_MORE = """
        ON CONFLICT(code_id, participant_id)
        DO UPDATE SET quotes = quotes + 1, solo = solo + excluded.solo;"""


def _link_added(row: str) -> str:
    """A code link (``row`` of quote_codes) added: the code counts once more for the quote's
    participants."""
    return f"""
        INSERT INTO code_quotes(code_id, quotes) VALUES ({row}.code_id, 1)
        ON CONFLICT(code_id) DO UPDATE SET quotes = quotes + 1;
        INSERT INTO code_participants(code_id, participant_id, outcome, persona, quotes, solo)
        SELECT {row}.code_id, qp.participant_id, p.outcome, coalesce(p.persona, {NO_PERSONA_SQL}),
               1, {_reach(row)} = 1
        FROM quote_participants qp JOIN participants p ON p.id = qp.participant_id
        WHERE qp.quote_id = {row}.quote_id {_COUNT_MORE}"""


def _link_removed(row: str) -> str:
    return f"""
        UPDATE code_quotes SET quotes = quotes - 1 WHERE code_id = {row}.code_id;
        DELETE FROM code_quotes WHERE code_id = {row}.code_id AND quotes <= 0;
        UPDATE code_participants SET quotes = quotes - 1, solo = solo - ({_reach(row)} = 1)
        WHERE code_id = {row}.code_id AND participant_id IN {_people_of(row)};
        DELETE FROM code_participants WHERE code_id = {row}.code_id AND quotes <= 0
        AND participant_id IN {_people_of(row)};"""


def _cell_key(row: str) -> str:
    return f"code_id = {row}.code_id AND outcome = {row}.outcome AND persona = {row}.persona"


def _cell_add(row: str) -> str:
    return f"""
        INSERT INTO code_cells(code_id, outcome, persona, participants, solo)
        VALUES ({row}.code_id, {row}.outcome, {row}.persona, 1, {row}.solo)
        ON CONFLICT(code_id, outcome, persona)
        DO UPDATE SET participants = participants + 1, solo = solo + excluded.solo;"""


def _cell_remove(row: str) -> str:
    return f"""
        UPDATE code_cells SET participants = participants - 1, solo = solo - {row}.solo
        WHERE {_cell_key(row)};
        DELETE FROM code_cells WHERE {_cell_key(row)} AND participants <= 0;"""


_QUOTE_SPAN_CHANGED = ('OLD.source_id IS NOT NEW.source_id OR OLD.start IS NOT NEW.start '
                       'OR OLD."end" IS NOT NEW."end"')
_TURN_CHANGED = (_QUOTE_SPAN_CHANGED + " OR OLD.role IS NOT NEW.role "
                 "OR OLD.participant_id IS NOT NEW.participant_id")
_CELL_KEY_CHANGED = ("OLD.code_id IS NOT NEW.code_id OR OLD.outcome IS NOT NEW.outcome "
                     "OR OLD.persona IS NOT NEW.persona")

TRIGGERS = (
    # --- quotes and turns -> quote_participants ----------------------------------------------
    f"""
    CREATE TRIGGER tally_quote_insert AFTER INSERT ON quotes BEGIN
        {_raise_bound("quote_max", "NEW", quotes=1)}
        {_quote_here("NEW")}
    END
    """,
    f"""
    CREATE TRIGGER tally_quote_span AFTER UPDATE OF source_id, start, "end" ON quotes
    WHEN {_QUOTE_SPAN_CHANGED} BEGIN
        UPDATE source_tallies SET quotes = quotes - 1 WHERE source_id = OLD.source_id;
        {_raise_bound("quote_max", "NEW", quotes=1)}
        DELETE FROM quote_participants WHERE quote_id = NEW.id AND participant_id NOT IN (
            SELECT t.participant_id FROM {_turns_of_quote("NEW")});
        {_quote_here("NEW")}
    END
    """,
    # BEFORE: the quote's code links still exist, so its codes are taken off its participants.
    """
    CREATE TRIGGER tally_quote_delete BEFORE DELETE ON quotes BEGIN
        DELETE FROM quote_participants WHERE quote_id = OLD.id;
        UPDATE source_tallies SET quotes = quotes - 1 WHERE source_id = OLD.source_id;
    END
    """,
    f"""
    CREATE TRIGGER tally_turn_insert AFTER INSERT ON turns BEGIN
        {_raise_bound("turn_max", "NEW")}
        {_turn_here("NEW")}
    END
    """,
    f"""
    CREATE TRIGGER tally_turn_update AFTER UPDATE OF source_id, start, "end", role, participant_id
    ON turns WHEN {_TURN_CHANGED} BEGIN
        {_raise_bound("turn_max", "NEW")}
        {_turn_gone("OLD")}
        {_turn_here("NEW")}
    END
    """,
    f"""
    CREATE TRIGGER tally_turn_delete AFTER DELETE ON turns BEGIN
        {_turn_gone("OLD")}
    END
    """,
    """
    CREATE TRIGGER tally_source_delete AFTER DELETE ON sources BEGIN
        DELETE FROM source_tallies WHERE source_id = OLD.id;
    END
    """,
    # --- quote_participants and quote_codes -> code_participants -----------------------------
    f"""
    CREATE TRIGGER tally_reach_insert AFTER INSERT ON quote_participants
    WHEN EXISTS (SELECT 1 FROM quote_codes WHERE quote_id = NEW.quote_id) BEGIN
        INSERT INTO code_participants(code_id, participant_id, outcome, persona, quotes, solo)
        SELECT qc.code_id, NEW.participant_id, p.outcome, coalesce(p.persona, {NO_PERSONA_SQL}),
               1, {_reach("NEW")} = 1
        FROM quote_codes qc JOIN participants p ON p.id = NEW.participant_id
        WHERE qc.quote_id = NEW.quote_id {_COUNT_MORE}
    END
    """,
    # A second participant: the quote no longer counts for the first one alone.
    f"""
    CREATE TRIGGER tally_reach_shared AFTER INSERT ON quote_participants
    WHEN {_reach("NEW")} = 2 BEGIN
        UPDATE code_participants SET solo = solo - 1
        WHERE participant_id IN {_people_of("NEW")} AND participant_id != NEW.participant_id
        AND code_id IN {_codes_of("NEW")};
        INSERT INTO shared_quotes(quote_id) VALUES (NEW.quote_id) ON CONFLICT DO NOTHING;
    END
    """,
    f"""
    CREATE TRIGGER tally_reach_delete AFTER DELETE ON quote_participants BEGIN
        UPDATE code_participants SET quotes = quotes - 1, solo = solo - ({_reach("OLD")} = 0)
        WHERE participant_id = OLD.participant_id AND code_id IN {_codes_of("OLD")};
        DELETE FROM code_participants WHERE participant_id = OLD.participant_id AND quotes <= 0
        AND code_id IN {_codes_of("OLD")};
    END
    """,
    # One participant left: the quote counts for them alone again.
    f"""
    CREATE TRIGGER tally_reach_alone AFTER DELETE ON quote_participants
    WHEN {_reach("OLD")} = 1 BEGIN
        UPDATE code_participants SET solo = solo + 1
        WHERE participant_id IN {_people_of("OLD")} AND code_id IN {_codes_of("OLD")};
        DELETE FROM shared_quotes WHERE quote_id = OLD.quote_id;
    END
    """,
    f"""
    CREATE TRIGGER tally_link_insert AFTER INSERT ON quote_codes BEGIN
        {_link_added("NEW")}
    END
    """,
    f"""
    CREATE TRIGGER tally_link_delete AFTER DELETE ON quote_codes BEGIN
        {_link_removed("OLD")}
    END
    """,
    f"""
    CREATE TRIGGER tally_link_update AFTER UPDATE ON quote_codes
    WHEN OLD.quote_id IS NOT NEW.quote_id OR OLD.code_id IS NOT NEW.code_id BEGIN
        {_link_removed("OLD")}
        {_link_added("NEW")}
    END
    """,
    # --- participants and code_participants -> code_cells ------------------------------------
    f"""
    CREATE TRIGGER tally_participant_group AFTER UPDATE OF outcome, persona ON participants
    WHEN OLD.outcome IS NOT NEW.outcome OR OLD.persona IS NOT NEW.persona BEGIN
        UPDATE code_participants
        SET outcome = NEW.outcome, persona = coalesce(NEW.persona, {NO_PERSONA_SQL})
        WHERE participant_id = NEW.id;
    END
    """,
    f"""
    CREATE TRIGGER tally_cell_insert AFTER INSERT ON code_participants BEGIN
        {_cell_add("NEW")}
    END
    """,
    f"""
    CREATE TRIGGER tally_cell_delete AFTER DELETE ON code_participants BEGIN
        {_cell_remove("OLD")}
    END
    """,
    f"""
    CREATE TRIGGER tally_cell_solo AFTER UPDATE OF solo ON code_participants
    WHEN OLD.solo IS NOT NEW.solo AND NOT ({_CELL_KEY_CHANGED}) BEGIN
        UPDATE code_cells SET solo = solo + NEW.solo - OLD.solo WHERE {_cell_key("NEW")};
    END
    """,
    f"""
    CREATE TRIGGER tally_cell_move AFTER UPDATE OF code_id, outcome, persona ON code_participants
    WHEN {_CELL_KEY_CHANGED} BEGIN
        {_cell_remove("OLD")}
        {_cell_add("NEW")}
    END
    """,
)

STATEMENTS = TABLES + FILL + TRIGGERS
