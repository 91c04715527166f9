"""The study's redactor for sharing exports: one place builds it, for every export path (the
workbook, each CSV table, the journey map picture), the CLI and the app; and the redaction
report the researcher reads before sending."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.redaction import KINDS, Redactor, participant_pseudonyms
from interviewcoder.core.redaction_names import generic_label
from interviewcoder.core.redaction_phones import region_for, supported_regions
from interviewcoder.core.types import Role
from interviewcoder.exporters.atomic import replacing
from interviewcoder.services.studies import SYSTEM_CODER
from interviewcoder.store import Study
from interviewcoder.store import evidence as sql

REGION_KEY = "phone_region"
REPORT_SUFFIX = ".redaction-report.txt"
KIND_LABELS = {
    "name": "names of participants, speakers and respondents",
    "email": "e-mail addresses",
    "phone": "phone numbers",
    "url": "URLs and domains",
    "address": "street addresses and postcodes",
    "ip": "IP addresses",
    "term": "terms (--redact-term, personal survey values)",
    "entity": "people and organisations found by the NER pipeline",
}


def phone_region(study: Study, region: str | None = None) -> str:
    """The region phone numbers are read in: ``region`` when given, else the study's setting
    (``study_meta`` key ``phone_region``), else the country of the study's language (en → US,
    fr → FR, de → DE...). Numbers written with a country code are read whatever it is."""
    return check_region(region_for(study.language, region or study.meta(REGION_KEY)))


def check_region(region: str) -> str:
    chosen = region.strip().upper()
    if chosen not in supported_regions():
        raise InvalidInput(f"--region {region}: not a region phonenumbers knows "
                           f"(use a two-letter country code such as US, GB, FR, DE)")
    return chosen


def set_phone_region(study: Study, region: str, coder: str = SYSTEM_CODER) -> str:
    """Keep the region phone numbers are read in with the study (checked; logged)."""
    chosen = phone_region(study, region.strip())
    with study.atomic():
        study.set_meta(REGION_KEY, chosen)
        study.log(coder, "set_phone_region", "study", {"region": chosen})
    return chosen


def study_redactor(study: Study, extra_terms: Iterable[str] = (),
                   ner_pipeline: str | None = None, region: str | None = None) -> Redactor:
    """Participants become ``[Participant n]`` (in id order); a speaker mapped to a participant
    takes that participant's pseudonym, other speakers ``[Speaker n]``, interviewers
    ``[Interviewer n]``; respondents' real names from columns marked personal at import take
    their participant's pseudonym, other personal values (e-mail and IP addresses, phones...)
    are replaced whole; e-mails, phones, URLs, addresses, IP addresses and ``extra_terms`` are
    replaced too, and, with the installed NER pipeline named by ``ner_pipeline``, PERSON/ORG
    entities (a pipeline that is not installed is an ``InvalidInput``)."""
    from interviewcoder.services.personal import personal_names, personal_values

    finder = None
    if ner_pipeline:
        from interviewcoder.nlp.entities import entity_finder

        finder = entity_finder(ner_pipeline)
    participants = sorted(study.participants.list(), key=lambda p: p.id)
    pseudonyms = participant_pseudonyms([p.name for p in participants])
    by_id = {p.id: pseudonyms.get(p.name) for p in participants}
    names = dict(pseudonyms)
    counters = {"Speaker": 0, "Interviewer": 0}
    for speaker, role, pid in sql.speakers(study.db):
        if not speaker or speaker in names or generic_label(speaker):
            continue  # a role label ("Interviewer", "Speaker 2") is no one's name
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
    return Redactor(names, [t for t in extra_terms if t.strip()], finder,
                    exact_terms=personal_values(study), region=phone_region(study, region))


def report_path(out: str | Path) -> Path:
    out = Path(out)
    return out.with_name(out.name + REPORT_SUFFIX)


def report_text(redactor: Redactor, out: str | Path, *, ner_pipeline: str | None = None,
                left_out: Iterable[str] = ()) -> str:
    """What the redactor replaced in the export ``out``, by kind, and the pseudonyms it wrote;
    no replaced value is named (the report may sit beside the export)."""
    counts = redactor.counts
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["interviewcoder redaction report: for the research team; do not share it.",
             f"Export: {Path(out).name}, written {stamp}.",
             f"{counts.strings:,} strings read, {counts.changed:,} of them changed.", "",
             "Replaced, by kind:"]
    width = max(len(v) for v in KIND_LABELS.values())
    for kind in KINDS:
        lines.append(f"  {KIND_LABELS[kind]:<{width}}  {counts.kinds.get(kind, 0):>8,}")
    lines += ["", "Pseudonyms written (how often):"]
    for pseudonym, n in sorted(counts.pseudonyms.items(), key=_pseudonym_order):
        lines.append(f"  {pseudonym:<24} {n:>8,}")
    lines += ["", f"Phone numbers read as {redactor.region} numbers when written without a "
              "country code (numbers with one are read whatever the country).",
              "People and organisations named nowhere in the study are found only by a NER "
              + (f"pipeline ({ner_pipeline} was used)." if ner_pipeline else
                 "pipeline (--ner-pipeline; none was used): check the quotes for them."),
              "Kept as they are: outcome and persona names, numbers, dates, coder names."]
    left = sorted(left_out)
    if left:
        lines.append("Participant attributes marked personal at import, left out: "
                     + ", ".join(left) + ".")
    return "\n".join(lines) + "\n"


def _pseudonym_order(item: tuple[str, int]) -> tuple[str, int]:
    head, _, number = item[0].strip("[]").rpartition(" ")
    return (head, int(number)) if number.isdigit() else (item[0], 0)


def write_report(redactor: Redactor, out: str | Path, **kwargs: object) -> Path:
    """Write the report beside the export ``out`` (``OUT.redaction-report.txt``)."""
    path = report_path(out)
    text = report_text(redactor, out, **kwargs)  # type: ignore[arg-type]
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path
