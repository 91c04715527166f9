"""The study's redactor for sharing exports: one place builds it, for the CLI and the GUI."""

from __future__ import annotations

from collections.abc import Iterable

from interviewcoder.core.redaction import Redactor, participant_pseudonyms
from interviewcoder.core.types import Role
from interviewcoder.store import Study
from interviewcoder.store import evidence as sql


def study_redactor(study: Study, extra_terms: Iterable[str] = (),
                   ner_pipeline: str | None = None) -> Redactor:
    """Participants become ``[Participant n]`` (in id order); a speaker mapped to a participant
    takes that participant's pseudonym, other speakers ``[Speaker n]``, interviewers
    ``[Interviewer n]``; respondents' real names from columns marked personal at import take
    their participant's pseudonym, other personal values (e-mail and IP addresses, phones...)
    are terms; e-mails, phones, URLs and ``extra_terms`` are replaced too, and, with an
    installed NER pipeline named by ``ner_pipeline``, PERSON/ORG entities."""
    from interviewcoder.services.personal import personal_names, personal_values

    participants = sorted(study.participants.list(), key=lambda p: p.id)
    pseudonyms = participant_pseudonyms([p.name for p in participants])
    by_id = {p.id: pseudonyms.get(p.name) for p in participants}
    names = dict(pseudonyms)
    counters = {"Speaker": 0, "Interviewer": 0}
    for speaker, role, pid in sql.speakers(study.db):
        if not speaker or speaker in names:
            continue
        pseudonym = by_id.get(pid) if pid is not None else None
        if pseudonym is None:
            kind = "Interviewer" if role == Role.INTERVIEWER.value else "Speaker"
            counters[kind] += 1
            pseudonym = f"[{kind} {counters[kind]}]"
        names[speaker] = pseudonym
    for participant, real_names in personal_names(study).items():
        for real in real_names:
            if participant in pseudonyms:
                names.setdefault(real, pseudonyms[participant])
    extra_terms = [*extra_terms, *personal_values(study)]
    finder = None
    if ner_pipeline:
        from interviewcoder.nlp.entities import entity_finder

        finder = entity_finder(ner_pipeline)
    return Redactor(names, extra_terms, finder)
