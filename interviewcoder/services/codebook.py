"""The codebook: add, change, reorder, merge and delete codes, each an undoable operation."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace

from interviewcoder.core.errors import InvalidInput, NotFound
from interviewcoder.core.types import Code, Dimension
from interviewcoder.services.operations import Applied, Changes, Composite, Operation, execute
from interviewcoder.store import Study

# Light hues, one family per dimension, readable behind black text.
PALETTE = {
    Dimension.STEP: ["#9ecae1", "#6baed6", "#c6dbef", "#4292c6", "#b3cde3"],
    Dimension.ANXIETY: ["#fcae91", "#fb6a4a", "#fdd0a2", "#fc9272", "#fdae6b"],
    Dimension.INFLUENCE: ["#a1d99b", "#74c476", "#c7e9c0", "#41ab5d", "#b8e186"],
    Dimension.TRIGGER: ["#dadaeb", "#bcbddc", "#9e9ac8"],
    Dimension.JOB: ["#fee391", "#fec44f", "#ffffb2"],
    Dimension.VALUE: ["#c2a5cf", "#e7d4e8", "#d4b9da"],
    Dimension.THEME: ["#d9d9d9", "#bdbdbd", "#f0f0f0"],
}
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def default_colour(dimension: Dimension, index: int) -> str:
    family = PALETTE[dimension]
    return family[index % len(family)]


def parse_dimension(value: str) -> Dimension:
    try:
        return Dimension(value.strip().lower())
    except ValueError:
        names = ", ".join(d.value for d in Dimension)
        raise InvalidInput(f"unknown dimension {value!r} (use one of: {names})") from None


def resolve(study: Study, ref: str) -> Code:
    """Find a code by ``dimension/Name`` (case-insensitive name), a GUID, or a numeric id."""
    ref = ref.strip()
    if ref.isdigit():
        code = study.codes.get(int(ref))
    elif "/" in ref:
        dim, name = ref.split("/", 1)
        code = study.codes.find_nocase(parse_dimension(dim), name.strip())
    else:
        code = study.codes.by_guid(ref)
    if code is None:
        raise NotFound(f"no code {ref!r} in the codebook (name codes as dimension/Name)")
    return code


def _code(study: Study, code_id: int) -> Code:
    code = study.codes.get(code_id)
    if code is None:
        raise NotFound(f"no code with id {code_id}")
    return code


def _check_name(study: Study, dimension: Dimension, name: str, code_id: int = 0) -> str:
    name = name.strip()
    if not name:
        raise InvalidInput("a code needs a name")
    if "/" in name:
        raise InvalidInput(f"code name {name!r} may not contain '/'")
    other = study.codes.find_nocase(dimension, name)
    if other is not None and other.id != code_id:
        raise InvalidInput(f"the codebook already has {dimension.value}/{other.name}")
    return name


def _check_colour(colour: str) -> str:
    if not _COLOUR.match(colour):
        raise InvalidInput(f"colour {colour!r} is not of the form #RRGGBB")
    return colour.lower()


@dataclass(frozen=True)
class AddCode(Operation):
    dimension: Dimension
    name: str
    description: str = ""
    colour: str = ""
    parent_id: int | None = None
    ord: int | None = None
    guid: str = ""
    code_id: int = 0  # set when restoring a deleted code
    memo: str = ""
    action = "add_code"

    def target(self) -> str:
        return f"code:{self.dimension.value}/{self.name}"

    def run(self, study: Study, coder: str) -> Applied:
        name = _check_name(study, self.dimension, self.name)
        ord_ = study.codes.next_ord(self.dimension) if self.ord is None else self.ord
        colour = _check_colour(self.colour) if self.colour else default_colour(self.dimension, ord_)
        if self.parent_id is not None:
            _code(study, self.parent_id)
        code = Code(self.code_id, self.guid or str(uuid.uuid4()), self.dimension, name,
                    self.description, colour, self.parent_id, ord_, self.memo)
        cid = study.codes.insert(code)
        return Applied(Changes(codes=frozenset({cid}), codebook=True), DeleteCode(cid), cid)


@dataclass(frozen=True)
class UpdateCode(Operation):
    """Rename, recolour, describe, re-parent or move a code to another dimension."""

    code_id: int
    name: str | None = None
    description: str | None = None
    colour: str | None = None
    parent_id: int | None | bool = False  # False: unchanged; None: no parent
    dimension: Dimension | None = None
    memo: str | None = None
    action = "update_code"

    def target(self) -> str:
        return f"code:{self.code_id}"

    def detail(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for key in ("name", "description", "colour", "dimension", "memo"):
            value = getattr(self, key)
            if value is not None:
                out[key] = str(value)
        if self.parent_id is not False:
            out["parent_id"] = self.parent_id
        return out

    def run(self, study: Study, coder: str) -> Applied:
        old = _code(study, self.code_id)
        dimension = self.dimension or old.dimension
        name = old.name if self.name is None else self.name
        name = _check_name(study, dimension, name, old.id)
        colour = old.colour if self.colour is None else _check_colour(self.colour)
        parent = old.parent_id if self.parent_id is False else self.parent_id
        if parent is not None:
            if parent == old.id:
                raise InvalidInput("a code cannot be its own parent")
            _code(study, int(parent))
        ord_ = old.ord if dimension == old.dimension else study.codes.next_ord(dimension)
        new = replace(old, dimension=dimension, name=name, colour=colour,
                      description=old.description if self.description is None else self.description,
                      parent_id=parent, ord=ord_, memo=old.memo if self.memo is None else self.memo)
        study.codes.update(new)
        inverse = UpdateCode(old.id, old.name, old.description, old.colour, old.parent_id,
                             old.dimension, old.memo)
        if dimension != old.dimension:
            inverse = Composite((inverse, ReorderCodes(old.dimension, _order(study, old.dimension,
                                                                             old))), "Move code")
        return Applied(Changes(codes=frozenset({old.id}), codebook=True), inverse)


def _order(study: Study, dimension: Dimension, include: Code | None = None) -> tuple[int, ...]:
    codes = study.codes.in_dimension(dimension)
    if include is not None and all(c.id != include.id for c in codes):
        codes.append(include)
        codes.sort(key=lambda c: c.ord)
    return tuple(c.id for c in codes)


@dataclass(frozen=True)
class ReorderCodes(Operation):
    """Set the order of a dimension's codes to ``code_ids`` (codes not listed go last)."""

    dimension: Dimension
    code_ids: tuple[int, ...]
    action = "reorder_codes"

    def target(self) -> str:
        return f"dimension:{self.dimension.value}"

    def run(self, study: Study, coder: str) -> Applied:
        before = _order(study, self.dimension)
        present = set(before)
        wanted = [c for c in self.code_ids if c in present]
        wanted += [c for c in before if c not in set(wanted)]
        study.codes.set_orders([(cid, i) for i, cid in enumerate(wanted)])
        return Applied(Changes(codes=frozenset(wanted), codebook=True),
                       ReorderCodes(self.dimension, before))


def move_to(study: Study, code_id: int, index: int, coder: str) -> Applied:
    """Move a code to position ``index`` within its dimension."""
    code = _code(study, code_id)
    order = [c for c in _order(study, code.dimension) if c != code_id]
    order.insert(max(0, min(index, len(order))), code_id)
    return execute(study, ReorderCodes(code.dimension, tuple(order)), coder)


@dataclass(frozen=True)
class DeleteCode(Operation):
    """Delete a code. Quotes left with no code are deleted too; undo restores everything."""

    code_id: int
    action = "delete_code"

    def target(self) -> str:
        return f"code:{self.code_id}"

    def run(self, study: Study, coder: str) -> Applied:
        from interviewcoder.services.coding import AddQuote, Retag

        code = _code(study, self.code_id)
        restore: list[Operation] = [
            AddCode(code.dimension, code.name, code.description, code.colour, code.parent_id,
                    code.ord, code.guid, code.id, code.memo)
        ]
        for child in study.codes.children(code.id):
            restore.append(UpdateCode(child.id, parent_id=code.id))
        touched: set[int] = set()
        lonely: list[int] = []
        for q in study.quotes.for_code(code.id):
            touched.add(q.id)
            if q.code_ids == (code.id,):
                lonely.append(q.id)
                restore.append(AddQuote(q.source_id, q.start, q.end, q.code_ids, q.memo, q.origin,
                                        q.id, q.guid, q.coder, q.created_at))
            else:
                restore.append(Retag(q.id, add=(code.id,)))
        for qid in lonely:
            study.quotes.delete(qid)
        study.codes.delete(code.id)
        return Applied(Changes(quotes=frozenset(touched), codes=frozenset({code.id}), codebook=True),
                       Composite(tuple(restore), "Restore code"))


def affected_quotes(study: Study, code_id: int) -> tuple[int, int]:
    """(quotes carrying the code, of which would be deleted with it) — for confirmations."""
    quotes = study.quotes.for_code(code_id)
    return len(quotes), sum(1 for q in quotes if q.code_ids == (code_id,))


@dataclass(frozen=True)
class MergeCodes(Operation):
    """Merge ``source_id`` into ``target_id``: every quote of source gets target; source goes."""

    source_id: int
    target_id: int
    action = "merge_codes"

    def target(self) -> str:
        return f"code:{self.source_id}->{self.target_id}"

    def run(self, study: Study, coder: str) -> Applied:
        from interviewcoder.services.coding import Retag

        if self.source_id == self.target_id:
            raise InvalidInput("cannot merge a code into itself")
        _code(study, self.target_id)
        _code(study, self.source_id)
        gained = [q.id for q in study.quotes.for_code(self.source_id)
                  if self.target_id not in q.code_ids]
        for qid in gained:
            study.quotes.link(qid, (self.target_id,))
        deleted = DeleteCode(self.source_id).run(study, coder)
        undo_links = tuple(Retag(qid, remove=(self.target_id,)) for qid in gained)
        return Applied(
            deleted.changes | Changes(quotes=frozenset(gained), codes=frozenset({self.target_id})),
            Composite((deleted.inverse, *undo_links), "Unmerge codes"),
        )


def add_code(study: Study, dimension: Dimension, name: str, coder: str, *, description: str = "",
             colour: str = "", parent_id: int | None = None) -> Applied:
    return execute(study, AddCode(dimension, name, description, colour, parent_id), coder)


def update_code(study: Study, code_id: int, coder: str, **fields: object) -> Applied:
    return execute(study, UpdateCode(code_id, **fields), coder)  # type: ignore[arg-type]


def delete_code(study: Study, code_id: int, coder: str) -> Applied:
    return execute(study, DeleteCode(code_id), coder)


def merge_codes(study: Study, source_id: int, target_id: int, coder: str) -> Applied:
    return execute(study, MergeCodes(source_id, target_id), coder)
