"""An independent recount of the evidence workbook from a study's raw tables.

Plain Python over ``SELECT *`` of participants, sources, turns, quotes, quote_codes, codes and
coders: its own overlap test, interviewer rule, filters and the denominator rule (a share's
denominator is the participants the participant filters admit with at least one participant
turn in the sources the filters keep). It shares no query and no counting code with the app;
only the Wilson formula (tested against published values) and the dimension labels.

``expected_sheets(study, filters)`` gives, per sheet, the rows a workbook must hold
(header -> value dicts, in row order).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from interviewcoder.core.evidence import Filters
from interviewcoder.core.sorting import natural_key
from interviewcoder.core.types import DIMENSION_LABELS, Dimension
from interviewcoder.core.values import typed_column
from interviewcoder.core.wilson import wilson

DIMENSIONS = [d.value for d in Dimension]
THIN = 3


@dataclass
class Raw:
    participants: dict[int, dict[str, Any]]
    sources: dict[int, dict[str, Any]]
    turns: list[dict[str, Any]]
    quotes: dict[int, dict[str, Any]]
    codes: list[dict[str, Any]]  # codebook order
    links: dict[int, set[int]] = field(default_factory=dict)  # quote id -> code ids
    vocabulary: list[str] = field(default_factory=lambda: ["won", "lost", "churned"])


def read(study: Any) -> Raw:
    def rows(sql: str) -> list[dict[str, Any]]:
        cur = study.db.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    people = {r["id"]: {**r, "attributes": json.loads(r["attributes"])}
              for r in rows("SELECT * FROM participants")}
    sources = {r["id"]: r for r in rows("SELECT * FROM sources")}
    turns = rows("SELECT * FROM turns")
    coders = {r["id"]: r["name"] for r in rows("SELECT * FROM coders")}
    quotes = {r["id"]: {**r, "coder": coders[r["coder_id"]]} for r in rows("SELECT * FROM quotes")}
    codes = rows("SELECT * FROM codes")
    codes.sort(key=lambda c: (DIMENSIONS.index(c["dimension"]) if c["dimension"] in DIMENSIONS
                              else 99, c["ord"], c["name"]))
    links: dict[int, set[int]] = defaultdict(set)
    for r in rows("SELECT * FROM quote_codes"):
        links[r["quote_id"]].add(r["code_id"])
    tables = {r["name"] for r in rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
    vocabulary = ([r["name"] for r in rows("SELECT * FROM outcomes ORDER BY ord, name")]
                  if "outcomes" in tables else ["won", "lost", "churned"])
    return Raw(people, sources, turns, quotes, codes, dict(links), vocabulary)


def order_groups(groups: set[str], vocabulary: list[str]) -> list[str]:
    """The study's outcomes in the order its vocabulary lists them, others alphabetically,
    unknown last."""
    first = [g for g in vocabulary if g in groups and g != "unknown"]
    rest = sorted(g for g in groups if g not in first and g != "unknown")
    return first + rest + (["unknown"] if "unknown" in groups else [])


class Recount:
    """Everything the workbook shows, counted from ``Raw`` for one set of filters."""

    def __init__(self, raw: Raw, f: Filters) -> None:
        self.raw, self.f = raw, f
        self.kept_sources = {sid for sid, s in raw.sources.items() if self._keeps_source(s)}
        self.admitted = {pid for pid, p in raw.participants.items() if self._admits(p)}
        speaking = {t["participant_id"] for t in raw.turns if t["role"] != "interviewer"
                    and t["participant_id"] is not None and t["source_id"] in self.kept_sources}
        self.population = self.admitted & speaking
        self.kept_quotes = {qid: q for qid, q in raw.quotes.items()
                            if q["source_id"] in self.kept_sources
                            and (f.coder is None or q["coder"] == f.coder)}
        self.turns_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for t in raw.turns:
            self.turns_of[t["source_id"]].append(t)
        for ts in self.turns_of.values():
            ts.sort(key=lambda t: t["ord"])
        # (quote, code, participant, turn) for every quote that counts for someone admitted
        self.hits: list[tuple[int, int, int, int]] = []
        for qid, q in self.kept_quotes.items():
            for t in self.counting_turns(q):
                self.hits += [(qid, c, t["participant_id"], t["id"]) for c in raw.links.get(qid, ())]
        self.group = {pid: raw.participants[pid]["outcome"] for pid in self.population}
        self.outcomes = order_groups(set(self.group.values()), raw.vocabulary)
        self.size = defaultdict(int)
        for g in self.group.values():
            self.size[g] += 1

    # --- filters ------------------------------------------------------------------------

    def _keeps_source(self, s: dict[str, Any]) -> bool:
        f, day = self.f, s["imported_at"][:10]
        return ((f.kind is None or s["kind"] == f.kind)
                and (f.imported_from is None or day >= f.imported_from)
                and (f.imported_to is None or day <= f.imported_to))

    def _admits(self, p: dict[str, Any]) -> bool:
        f = self.f
        return ((f.persona is None or p["persona"] == f.persona)
                and (f.outcome is None or p["outcome"] == f.outcome)
                and all(str(p["attributes"].get(k)) == v and k in p["attributes"]
                        for k, v in f.attributes))

    # --- overlaps -----------------------------------------------------------------------

    def overlapping(self, q: dict[str, Any]) -> list[dict[str, Any]]:
        return [t for t in self.turns_of[q["source_id"]]
                if t["start"] < q["end"] and t["end"] > q["start"]]

    def counting_turns(self, q: dict[str, Any]) -> list[dict[str, Any]]:
        return [t for t in self.overlapping(q) if t["role"] != "interviewer"
                and t["participant_id"] in self.admitted]

    def counts_for_no_one(self, q: dict[str, Any]) -> bool:
        return not any(t["role"] != "interviewer" and t["participant_id"] is not None
                       for t in self.overlapping(q))

    # --- evidence -----------------------------------------------------------------------

    def cell(self, code_id: int, group: str | None) -> tuple[int, int]:
        people = {p for _, c, p, _ in self.hits if c == code_id
                  and (group is None or self.group[p] == group)}
        quotes = {q for q, c, p, _ in self.hits if c == code_id
                  and (group is None or self.group[p] == group)}
        return len(people), len(quotes)

    def evidence_rows(self) -> list[dict[str, Any]]:
        out = []
        for code in self.raw.codes:
            n, mentions = self.cell(code["id"], None)
            row: dict[str, Any] = {"Dimension": code["dimension"], "Code": code["name"],
                                   "Participants": n, "Mentions": mentions}
            shares, thin = {}, {}
            for g in self.outcomes:
                k, m = self.cell(code["id"], g)
                size = self.size[g]
                low, high = wilson(k, size)
                shares[g], thin[g] = k / size, k < THIN
                row |= {f"{g} participants (of {size})": k, f"{g} share": k / size,
                        f"{g} low 95%": low, f"{g} high 95%": high, f"{g} mentions": m}
            row["Thin cells"] = "all" if n < THIN else "; ".join(g for g in self.outcomes if thin[g])
            contrasts = [g for g in ("lost", "churned") if g in shares and "won" in shares]
            for g in contrasts:
                row[f"{g} − won"] = shares[g] - shares["won"]
            row["Thin differentials (vs won)"] = "; ".join(g for g in contrasts
                                                           if thin[g] or thin["won"])
            out.append(row)
        return out

    def codebook_rows(self) -> list[dict[str, Any]]:
        names = {c["id"]: c["name"] for c in self.raw.codes}
        out = []
        for c in self.raw.codes:
            n, mentions = self.cell(c["id"], None)
            no_one = sum(1 for qid, q in self.kept_quotes.items()
                         if c["id"] in self.raw.links.get(qid, ()) and self.counts_for_no_one(q))
            out.append({"Dimension": c["dimension"], "Code": c["name"],
                        "Description": c["description"] or None, "Memo": c["memo"] or None,
                        "Colour": c["colour"],
                        "Parent": names.get(c["parent_id"]), "Participants": n,
                        "Quotes": mentions, "Quotes for no one": no_one})
        return out

    # --- matrices -----------------------------------------------------------------------

    def pairs(self, row_dim: str, col_dim: str, measure: str) -> dict[tuple[int, int, str], int]:
        dim = {c["id"]: c["dimension"] for c in self.raw.codes}
        windows: dict[tuple[int, int], set[int]] = defaultdict(set)
        for q, c, p, t in self.hits:
            windows[(q if measure == "quote" else t), p].add(c)
        people: dict[tuple[int, int, str], set[int]] = defaultdict(set)
        for (_, p), codes in windows.items():
            for r in codes:
                for c in codes:
                    if r != c and dim[r] == row_dim and dim[c] == col_dim:
                        people[r, c, self.group[p]].add(p)
        return {k: len(v) for k, v in people.items()}

    def matrix_rows(self, col_dim: str) -> list[dict[str, Any]]:
        rows = [c for c in self.raw.codes if c["dimension"] == "step"]
        cols = [c for c in self.raw.codes if c["dimension"] == col_dim]
        out = []
        for measure, label in (("quote", "both on one quote"), ("turn", "both in one answer (turn)")):
            pairs = self.pairs("step", col_dim, measure)
            for outcome in [None, *self.outcomes]:
                for r in rows:
                    row = {"Measure": label, "Outcome": outcome or "all", "Step": r["name"]}
                    for c in cols:
                        row[c["name"]] = sum(n for (a, b, g), n in pairs.items() if a == r["id"]
                                             and b == c["id"] and (outcome is None or g == outcome))
                    out.append(row)
        return out

    # --- summary ------------------------------------------------------------------------

    def summary_rows(self) -> list[dict[str, Any]]:
        evidence = {r["Code"]: r for r in self.evidence_rows() if r["Dimension"] == "step"}
        names = {c["id"]: c["name"] for c in self.raw.codes}
        out = []
        for c in self.raw.codes:
            if c["dimension"] != "step":
                continue
            e = evidence[c["name"]]
            row: dict[str, Any] = {"Step": c["name"], "Participants": e["Participants"]}
            for g in self.outcomes:
                row[f"{g} n"] = e[f"{g} participants (of {self.size[g]})"]
                row[f"{g} %"] = e[f"{g} share"]
            for dim, header in (("anxiety", "Top anxieties (participants)"),
                                ("influence", "Top influences (participants)")):
                pairs = self.pairs("step", dim, "turn")
                counts = defaultdict(int)
                for (a, b, _), n in pairs.items():
                    if a == c["id"]:
                        counts[b] += n
                best = sorted(((n, names[b]) for b, n in counts.items() if n),
                              key=lambda x: (-x[0], x[1]))[:3]
                row[header] = "; ".join(f"{name} ({n})" for n, name in best) or None
            shares = {g: e[f"{g} share"] for g in self.outcomes}
            quote = self.representative(c["id"], shares)
            row["Representative quote"] = quote[0] if quote else None
            row["Quoted participant"] = quote[1] if quote else None
            row["Quote id"] = quote[2] if quote else None
            out.append(row)
        return out

    def representative(self, code_id: int, shares: dict[str, float]) -> tuple[str, str, int] | None:
        """Brute force over character positions (the app merges intervals)."""
        friction = None
        if "won" in shares:
            gaps = [(shares[g] - shares["won"], -i, g) for i, g in enumerate(("lost", "churned"))
                    if g in shares]
            if gaps and max(gaps)[0] > 0:
                friction = max(gaps)[2]
        best = None
        for qid, q in self.kept_quotes.items():
            if code_id not in self.raw.links.get(qid, ()):
                continue
            turns = self.counting_turns(q)
            if not turns:
                continue
            chars: dict[int, set[int]] = defaultdict(set)  # participant -> positions
            for t in turns:
                chars[t["participant_id"]].update(range(max(t["start"], q["start"]),
                                                        min(t["end"], q["end"])))
            spoken = len(set().union(*chars.values()))
            fraction = spoken / (q["end"] - q["start"])
            who = sorted(chars, key=lambda p: (self.group[p] != friction, -len(chars[p]), p))[0]
            in_group = friction is not None and any(self.group[p] == friction for p in chars)
            src = self.raw.sources[q["source_id"]]
            key = (not fraction > 0.5, not in_group, len(chars[who]) < 20, -round(fraction, 6),
                   (src["imported_at"], src["id"], q["start"], qid))
            if best is None or key < best[0]:
                best = (key, q, who, turns)
        if best is None:
            return None
        _, q, who, turns = best
        parts = []
        for t in sorted(turns, key=lambda t: t["start"]):
            if t["participant_id"] == who:
                a, b = max(t["start"], q["start"]), min(t["end"], q["end"])
                words = " ".join(q["text"][a - q["start"]:b - q["start"]].split())
                if words:
                    parts.append(words)
        return " … ".join(parts), self.raw.participants[who]["name"], q["id"]

    # --- paths --------------------------------------------------------------------------

    def stages(self) -> dict[int, list[list[int]]]:
        """Each participant's path in stages (steps that happened together)."""
        steps = [c["id"] for c in self.raw.codes if c["dimension"] == "step"]
        step_set = set(steps)
        mine: dict[int, set[tuple[int, int]]] = defaultdict(set)  # pid -> (quote, step)
        for q, c, p, _ in self.hits:
            if c in step_set:
                mine[p].add((q, c))
        out = {}
        for pid, pairs in mine.items():
            items = []
            for qid, step in pairs:
                q = self.raw.quotes[qid]
                codes = sorted(c for qq, c in pairs if qq == qid)
                pos = q["start"]
                if len(codes) > 1:
                    subs = {}
                    for c in codes:
                        inside = [self.raw.quotes[r]["start"] for r, cc in pairs if cc == c
                                  and self.raw.quotes[r]["source_id"] == q["source_id"]
                                  and self.raw.quotes[r]["start"] >= q["start"]
                                  and self.raw.quotes[r]["end"] <= q["end"]
                                  and self.raw.quotes[r]["end"] - self.raw.quotes[r]["start"]
                                  < q["end"] - q["start"]]
                        subs[c] = min(inside) if inside else None
                    if all(v is not None for v in subs.values()):
                        pos = subs[step]
                src = self.raw.sources[q["source_id"]]
                items.append(((src["imported_at"], src["id"], pos, qid, steps.index(step)),
                              step, (qid, pos)))
            items.sort()
            stages: list[list[int]] = []
            last = None
            for _, step, moment in items:
                if moment == last:
                    stages[-1].append(step)
                else:
                    stages.append([step])
                last = moment
            folded: list[list[int]] = []
            for stage in stages:
                kept = [s for s in dict.fromkeys(stage) if not folded or s not in folded[-1]]
                if kept:
                    folded.append(kept)
            out[pid] = folded
        return out

    def paths_rows(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        names = {c["id"]: c["name"] for c in self.raw.codes}
        people = self.raw.participants
        stages = self.stages()
        rows = []
        for pid in sorted(stages, key=lambda p: (people[p]["name"].casefold(), p)):
            flat = [s for st in stages[pid] for s in st]
            seen, loops = set(), []
            for s in flat:
                if s in seen and s not in loops:
                    loops.append(s)
                seen.add(s)
            rows.append({"Participant": people[pid]["name"], "Outcome": people[pid]["outcome"],
                         "Persona": people[pid]["persona"], "Steps": len(flat),
                         "Path": " → ".join(" + ".join(names[s] for s in st) for st in stages[pid]),
                         "Loops (steps revisited)": "; ".join(names[s] for s in loops) or None})
        moves: dict[tuple[int, int], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        times: dict[tuple[int, int], int] = defaultdict(int)
        for pid, st in stages.items():
            for before, after in zip(st, st[1:], strict=False):
                for a in before:
                    for b in after:
                        moves[a, b][self.group[pid]].add(pid)
                        times[a, b] += 1
        outcomes = self.outcomes
        ordered = sorted(moves, key=lambda ab: (-sum(len(v) for v in moves[ab].values()),
                                                -times[ab], ab[0], ab[1]))
        transitions = []
        for a, b in ordered:
            row = {"From step": names[a], "To step": names[b],
                   "Participants": sum(len(v) for v in moves[a, b].values())}
            row |= {f"{g} participants": len(moves[a, b].get(g, ())) for g in outcomes}
            row["Times"] = times[a, b]
            transitions.append(row)
        return rows, transitions

    # --- quotes and participants ----------------------------------------------------------

    def quotes_rows(self) -> list[dict[str, Any]]:
        people = self.raw.participants
        by_id = {c["id"]: c for c in self.raw.codes}
        used = {by_id[c]["dimension"] for codes in self.raw.links.values() for c in codes}
        dims = [d for d in Dimension if d.value in used]
        participant_filter = bool(self.f.persona or self.f.outcome or self.f.attributes)
        out = []
        for qid, q in sorted(self.kept_quotes.items(), key=lambda kv: (
                self.raw.sources[kv[1]["source_id"]]["imported_at"], kv[1]["source_id"],
                kv[1]["start"], kv[0])):
            counting = self.counting_turns(q)
            if participant_filter and not counting:
                continue
            who = {t["participant_id"] for t in counting}
            overlapping = self.overlapping(q)
            turn = counting[0] if counting else (overlapping[0] if overlapping else None)
            source = self.raw.sources[q["source_id"]]
            row: dict[str, Any] = {
                "Quote id": qid,
                "Participant": {people[p]["name"] for p in who} or None,
                "Outcome": {people[p]["outcome"] for p in who} or None,
                "Persona": {people[p]["persona"] for p in who if people[p]["persona"]} or None,
                "Source": source["name"], "Location": location(source["kind"], turn),
                "Text": q["text"] or None}
            for d in dims:
                names = sorted(by_id[c]["name"] for c in self.raw.links.get(qid, ())
                               if by_id[c]["dimension"] == d.value)
                row[DIMENSION_LABELS[d]] = "; ".join(names) or None
            row |= {"Coder": q["coder"], "Memo": q["memo"] or None, "Created": q["created_at"],
                    "Source id": q["source_id"], "Turn": turn["ord"] + 1 if turn else None,
                    "Time": clock(turn["start_ms"]) if turn else None,
                    "Start": q["start"], "End": q["end"]}
            out.append(row)
        return out

    def sources_rows(self) -> list[dict[str, Any]]:
        """Every source (the study's inventory, whatever the filters), in the order imported,
        with the distinct participants and outcomes heard in it."""
        out = []
        for sid in sorted(self.raw.sources):
            s = self.raw.sources[sid]
            heard = {t["participant_id"] for t in self.raw.turns
                     if t["source_id"] == sid and t["participant_id"] is not None}
            people = [self.raw.participants[p] for p in heard]
            names = sorted({p["name"] for p in people})
            outcomes = sorted({p["outcome"] for p in people if p["outcome"] is not None})
            out.append({
                "Id": sid, "Source": s["name"], "Kind": s["kind"],
                "Participants": "; ".join(names) or None, "Outcomes": "; ".join(outcomes) or None,
                "Turns": sum(t["source_id"] == sid for t in self.raw.turns), "Words": s["words"],
                "Quotes": sum(q["source_id"] == sid for q in self.raw.quotes.values()),
                "Imported": (s["imported_at"] or "")[:10] or None, "Memo": s["memo"] or None})
        return out

    def participants_rows(self) -> list[dict[str, Any]]:
        """The population by name (numbers by value), then, without participant filters, the
        interviewers' labels (in no group); attributes in the order first given."""
        people = [self.raw.participants[p] for p in self.population]
        people.sort(key=lambda p: natural_key(p["name"]))
        keys = list(dict.fromkeys(k for p in sorted(people, key=lambda p: p["id"])
                                  for k in p["attributes"]))
        typed = {k: typed_column([p["attributes"].get(k) for p in people]) for k in keys}
        rows = [{"Id": p["id"], "Participant": p["name"], "Role": "participant",
                 "Outcome": p["outcome"], "Persona": p["persona"]} | {k: typed[k][i] for k in keys}
                for i, p in enumerate(people)]
        if not (self.f.persona or self.f.outcome or self.f.attributes):
            labels = {t["speaker"] for t in self.raw.turns
                      if t["role"] == "interviewer" and t["speaker"] is not None}
            rows += [{"Id": None, "Participant": label, "Role": "interviewer", "Outcome": None,
                      "Persona": None} | dict.fromkeys(keys) for label in sorted(labels, key=natural_key)]
        return rows


def clock(ms: int | None) -> str | None:
    if ms is None:
        return None
    s = ms // 1000
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def location(kind: str, turn: dict[str, Any] | None) -> str:
    if turn is None:
        return "outside every turn"
    text = f"{'answer' if kind == 'survey' else 'turn'} {turn['ord'] + 1}"
    if turn["role"] == "interviewer":
        text += " (interviewer)"
    elif turn["participant_id"] is None:
        text += " (speaker not linked to a participant)"
    stamp = clock(turn["start_ms"])
    return text + (f" · {stamp}" if stamp else "")


def expected_sheets(study: Any, f: Filters) -> dict[str, list[dict[str, Any]]]:
    r = Recount(read(study), f)
    paths, transitions = r.paths_rows()
    return {"Summary": r.summary_rows(), "Evidence": r.evidence_rows(),
            "Step x Anxiety": r.matrix_rows("anxiety"), "Step x Influence": r.matrix_rows("influence"),
            "Paths": paths, "Transitions": transitions, "Quotes": r.quotes_rows(),
            "Participants": r.participants_rows(), "Codebook": r.codebook_rows(),
            "Sources": r.sources_rows()}
