"""Changes made to a study by someone else: another process (the command line, a second
window) or one of the app's own workers. The app polls ``changed_elsewhere`` and, when it
says so, refreshes every view from ``everything``.
"""

from __future__ import annotations

from collections.abc import Iterable

from interviewcoder.services.operations import Changes
from interviewcoder.store import Study


class ExternalWatch:
    """Remembers the study's ``data_version``; ``changed_elsewhere()`` says when it moved."""

    def __init__(self, study: Study) -> None:
        self.study = study
        self._seen = study.data_version()

    def changed_elsewhere(self) -> bool:
        now = self.study.data_version()
        if now == self._seen:
            return False
        self._seen = now
        return True


def everything(study: Study, known_participants: Iterable[int] = (),
               known_sources: Iterable[int] = ()) -> Changes:
    """A change touching every participant, source, quote and code (those the views know of
    too, so that what was deleted elsewhere goes from them)."""
    ids = study.all_ids()
    return Changes(quotes=ids["quotes"], codes=ids["codes"],
                   participants=ids["participants"] | frozenset(known_participants),
                   sources=ids["sources"] | frozenset(known_sources), codebook=True)
