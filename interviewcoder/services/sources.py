"""Changes to a source other than its text: its memo. Undoable, logged."""

from __future__ import annotations

from dataclasses import dataclass

from interviewcoder.core.errors import NotFound
from interviewcoder.services.operations import Applied, Changes, Operation, execute
from interviewcoder.store import Study


@dataclass(frozen=True)
class SetSourceMemo(Operation):
    source_id: int
    memo: str
    action = "set_source_memo"

    def target(self) -> str:
        return f"source:{self.source_id}"

    def detail(self) -> dict[str, object]:
        return {"memo": self.memo}

    def run(self, study: Study, coder: str) -> Applied:
        source = study.sources.get(self.source_id)
        if source is None:
            raise NotFound(f"no source with id {self.source_id}")
        study.sources.set_memo(self.source_id, self.memo)
        return Applied(Changes(source_details=frozenset({self.source_id})),
                       SetSourceMemo(self.source_id, source.memo))


def set_memo(study: Study, source_id: int, memo: str, coder: str) -> Applied:
    return execute(study, SetSourceMemo(source_id, memo), coder)
