"""Redaction for sharing: planted e-mails, phones, URLs, names and terms never survive."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from interviewcoder.core.redaction import (
    AMBIGUOUS_NAME,
    EMAIL,
    PHONE,
    URL,
    Redactor,
    participant_pseudonyms,
)

EMAILS = ["ana.silva@example.com", "bo+crm@sub.mail.co.uk", "X_Y-z@acme-corp.io"]
PHONES = ["+44 20 7946 0958", "(555) 123-4567", "555.123.4567", "+1-202-555-0143",
          "020 7946 0958", "+33 1 23 45 67 89", "07700900123"]
URLS = ["https://www.example.com/pricing?plan=pro", "http://acme.io", "www.foo.org/bar",
        "docs.vendor.com/start/guide"]
NAMES = ["Ana Silva", "Bo Chen", "Dominik Böhler", "Saurabh Swaroop’s iPad"]


def _redactor(**kw) -> Redactor:
    return Redactor(participant_pseudonyms(NAMES), extra_terms=["Acme Corp", "Project Falcon"],
                    **kw)


def test_every_planted_item_is_replaced_by_its_pseudonym() -> None:
    parts = []
    for i, (e, p, u) in enumerate(zip(EMAILS, PHONES, URLS, strict=False)):
        parts.append(f"Line {i}: write to {e}, call {p} or see {u}.")
    parts.append(f"Also call {PHONES[-1]}, {PHONES[-2]}, {PHONES[-3]}. Docs: {URLS[3]}")
    parts.append("Ana Silva told Bo Chen; later Ana and Chen met Dominik Böhler.")
    parts.append("Acme  Corp runs Project Falcon, acme corp said.")
    text = "\n".join(parts)
    out = _redactor().redact(text)
    for secret in EMAILS + PHONES + URLS + ["Ana", "Silva", "Bo Chen", "Chen", "Böhler",
                                            "Dominik", "Acme", "Falcon"]:
        assert secret.casefold() not in out.casefold(), (secret, out)
    assert out.count(EMAIL) == 3 and out.count(URL) == 4 and out.count(PHONE) == 6
    assert "[Participant 1] told [Participant 2]" in out
    assert "later [Participant 1] and [Participant 2] met [Participant 3]" in out
    assert out.count("[redacted]") == 3


def test_pseudonyms_are_stable_across_texts() -> None:
    r = _redactor()
    assert r.redact("Bo Chen here.") == "[Participant 2] here."
    assert r.redact("Later, Bo.") == "Later, [Participant 2]."  # a short name too, any case
    assert r.redact("later, bo.") == "later, [Participant 2]."
    assert r.redact("Chen again.") == "[Participant 2] again."
    assert r.counts.kinds["name"] == 4 and r.counts.pseudonyms["[Participant 2]"] == 4


def test_ordinary_numbers_dates_and_words_are_kept() -> None:
    text = ("On 2024-01-05 at 10:30 we had 20,000 users, 3.5% churn, 12 seats, version 1.2.3; "
            "timestamp 00:01:02.500. I will ask; the boat was fine, anastasia, silvan.")
    assert _redactor().redact(text) == text


def test_a_name_part_shared_by_two_people_becomes_a_neutral_name() -> None:
    r = Redactor(participant_pseudonyms(["Sam Lee", "Sam Park"]))
    assert r.redact("Sam Lee and Sam Park; Sam said.") == (
        f"[Participant 1] and [Participant 2]; {AMBIGUOUS_NAME} said."
    )


def test_an_entity_finder_adds_numbered_person_and_org_pseudonyms() -> None:
    def finder(text: str):
        for m in re.finditer(r"Zed Quinn|Globex|Initech", text):
            yield m.start(), m.end(), "PERSON" if m.group() == "Zed Quinn" else "ORG"
        yield 0, 3, "DATE"  # ignored label

    r = _redactor(extra_entities=finder)
    assert r.redact("Zed Quinn of Globex met Initech.") == (
        "[Person 1] of [Organisation 1] met [Organisation 2]."
    )
    assert r.redact("Globex again, and Zed Quinn.") == "[Organisation 1] again, and [Person 1]."


def test_kinds_can_be_switched_off() -> None:
    r = Redactor(emails=False, phones=False, urls=False)
    text = "a@b.com +44 20 7946 0958 https://x.org"
    assert r.redact(text) == text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_redaction_never_crashes_and_leaves_no_planted_email(noise: str) -> None:
    text = f"{noise} contact ana.silva@example.com {noise}"
    out = _redactor().redact(text)
    assert "ana.silva@example.com" not in out


def test_a_named_ner_pipeline_that_is_not_installed_is_an_error() -> None:
    import pytest

    from interviewcoder.core.errors import InvalidInput
    from interviewcoder.nlp.entities import entity_finder

    assert entity_finder(None) is None
    with pytest.raises(InvalidInput, match="no_such_pipeline_installed_xyz"):
        entity_finder("no_such_pipeline_installed_xyz")


def test_an_exported_workbook_keeps_no_planted_email_phone_or_name(tmp_path) -> None:
    """Plant identifying text in coded quotes, export with the study's redactor, read back."""
    from openpyxl import load_workbook

    from interviewcoder.core.types import Dimension
    from interviewcoder.services import exporting
    from interviewcoder.services import suggestions as sg
    from interviewcoder.services.coding import add_quote
    from interviewcoder.services.studies import create
    from tests.builders import add_source

    study = create(tmp_path / "r.icstudy")
    planted_people = ["Ana Silva", "Bo Chen"]
    planted = ["ana.silva@example.com", "+44 20 7946 0958", "(555) 123-4567",
               "https://acme.example.com/deal", "Project Falcon"]
    sid, spans = add_source(study, "interview", [
        ("Moderator Mia", "interviewer", None, "Ana Silva, how did it go? Tell me, Ana."),
        ("Ana Silva", "participant", "Ana Silva",
         "Mail me at ana.silva@example.com or call +44 20 7946 0958. Bo Chen read G2 reviews."),
        ("Bo Chen", "participant", "Bo Chen",
         "Call me on (555) 123-4567; the deal is at https://acme.example.com/deal for "
         "Project Falcon. Ana Silva agreed."),
    ])
    code = study.codes.find(Dimension.INFLUENCE, "Review sites").id
    for start, end in spans[1:]:
        add_quote(study, sid, start, end, [code], "tester", memo="Ana Silva said so")
    redactor = sg.study_redactor(study, extra_terms=["Project Falcon"])
    out = exporting.export(study, tmp_path / "shared.xlsx", redact=redactor.redact)
    study.close()

    cells = []
    book = load_workbook(out, read_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells.extend(str(v) for v in row if v is not None)
    book.close()
    everything = "\n".join(cells)
    assert "[Participant 1]" in everything and "[email]" in everything
    for secret in planted + planted_people + ["Silva", "Chen", "Moderator Mia"]:
        assert secret not in everything, secret
