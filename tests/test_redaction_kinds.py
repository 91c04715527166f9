"""Each kind the redactor finds, on its own: what it must catch and what it must leave."""

from __future__ import annotations

import pytest
from builders import run_cli
from hypothesis import given
from hypothesis import strategies as st

from interviewcoder.core.redaction import (
    ADDRESS,
    IP,
    PHONE,
    TERM,
    URL,
    Redactor,
    moved_offset,
    participant_pseudonyms,
    replace,
)
from interviewcoder.core.redaction_patterns import addresses, ip_addresses, urls
from interviewcoder.core.redaction_phones import phone_numbers, region_for

ADDRESSES = [
    "221B Baker Street, London NW1 6XE", "10 Downing St", "Flat 3, 12 High Street",
    "Suite 200, 55 Water Street", "350 5th Avenue, New York, NY 10118",
    "742 Evergreen Terrace, Springfield, IL 62704",
    "1600 Amphitheatre Parkway, Mountain View, CA 94043",
    "12 rue de la Paix, 75002 Paris", "5 avenue Victor Hugo", "10 place de l'Étoile",
    "3 bis boulevard Haussmann, 75009 Paris", "Hauptstraße 5, 10117 Berlin", "Berliner Str. 12a",
    "Kurfürstendamm 21", "Goethestr. 7", "Am Markt 3", "D-80331 München", "SW1A 1AA", "EC1V 9HX",
    "M1 1AE", "ZIP 10001", "zip code: 94107", "94107-1234", "PO Box 1234", "Postfach 10 20 30",
]
NOT_ADDRESSES = [
    "I spent 3 days there.", "We have 12 Product Managers.", "In 2021 Berlin was busy.",
    "We had 12000 Kunden and 50000 Euro.", "The price was 20,000 dollars in Q3 2024.",
    "On 2024-01-05 at 10:30 we had 20,000 users, 3.5% churn, 12 seats, version 1.2.3",
    "Spring 2021 was hard.", "Nürnberg 2019 conference", "we moved 3 Court cases",
    "Step 3 Review and 4 Decide", "We compared 3 vendors", "Route 66 is long", "Top 10 Tips",
]
PHONES = ["+33 6 12 34 56 78", "+61 2 9876 5432", "(415) 555-0132 ext. 22", "020 7946 0958",
          "+44 20 7946 0958", "+1-202-555-0143", "555.123.4567", "07700900123",
          "+33 1 23 45 67 89", "(555) 123-4567", "0049 30 1234567", "030 1234567"]
NOT_PHONES = ["2026-01-01T00:00:00+00:00", "On 2024-01-05 at 10:30 we had 20,000 users",
              "timestamp 00:01:02.500", "version 1.2.3.4", "R-0013", "0:01:02",
              "in 2019 2020 and 2021", "we spent 20 000 000 euros", "05/11/2024 and 2024/11/05",
              "Exported 2026-12-01 23:42 UTC by", "on 05.11.2024 10:30:15, then 11:45 and 12:00",
              "201-1000", "companies of 10000-50000 people", "order 5551234 shipped"]


def _found(fn, text: str) -> list[str]:
    return [text[a:b] for a, b in fn(text)]


@pytest.mark.parametrize("address", ADDRESSES)
def test_street_addresses_and_postcodes_are_found_whole(address: str) -> None:
    assert _found(addresses, f"We met at {address}. Then we left.") == [address]


@pytest.mark.parametrize("text", NOT_ADDRESSES)
def test_ordinary_numbers_are_not_addresses(text: str) -> None:
    assert _found(addresses, text) == []


@pytest.mark.parametrize("phone", PHONES)
def test_phone_numbers_in_national_and_international_forms(phone: str) -> None:
    assert _found(lambda t: phone_numbers(t, "US"), f"Call me on {phone}, thanks.") == [phone]


@pytest.mark.parametrize("text", NOT_PHONES)
def test_dates_times_versions_and_amounts_are_not_phones(text: str) -> None:
    assert _found(lambda t: phone_numbers(t, "US"), text) == []


def test_a_range_or_a_bare_local_number_is_a_phone_only_when_said_so() -> None:
    text = "call 555-1234, or my mobile: 5551234; 201-1000 staff; ring me on 202-5550"
    assert _found(lambda t: phone_numbers(t, "US"), text) == ["555-1234", "5551234", "202-5550"]


def test_the_region_hint_reads_national_numbers_of_that_country() -> None:
    text = "ring 06 12 34 56 78 or 0612345678"
    assert _found(lambda t: phone_numbers(t, "FR"), text) == ["06 12 34 56 78", "0612345678"]
    assert region_for("fr") == "FR" and region_for("de") == "DE" and region_for("en") == "US"
    assert region_for("en", "gb") == "GB" and region_for("xx") == "US"


def test_urls_bare_domains_and_ip_addresses() -> None:
    text = ("blog janedoe.dev, https://janedoe.dev/work. and www.acme-corp.com/pricing; G2.com "
            "but not jane.doe, readme.md, e.g. this or i.e. that")
    assert set(_found(urls, text)) >= {"janedoe.dev", "https://janedoe.dev/work",
                                       "www.acme-corp.com/pricing", "G2.com"}
    assert not {"jane.doe", "readme.md", "e.g", "i.e"} & set(_found(urls, text))
    text = "from 192.168.14.27. and fe80::1ff:fe23:4567:890a; at 10:30:00, v1.2.3, 999.1.1.1"
    assert _found(ip_addresses, text) == ["192.168.14.27", "fe80::1ff:fe23:4567:890a"]


def test_names_every_part_any_case_inside_identifiers_and_possessives() -> None:
    r = Redactor(participant_pseudonyms(["Jane Doe", "Li Wei", "Will Smith"]))
    out = r.redact("Jane Doe, jane_doe, JaneDoe, jane.doe, janedoe, acme_won_jane_doe, "
                   "acmeWonJaneDoe, Doe's rule, DOE, li, Li, Wei's; Janet does LinkedIn.")
    assert out == ("[Participant 1], [Participant 1], [Participant 1], [Participant 1], "
                   "[Participant 1], acme_won_[Participant 1], acmeWon[Participant 1], "
                   "[Participant 1]'s rule, [Participant 1], [Participant 2], [Participant 2], "
                   "[Participant 2]'s; Janet does LinkedIn.")
    # a part that is an ordinary word counts with a capital, or joined to the rest of the name
    assert r.redact("I will call Will; will_smith.") == ("I will call [Participant 3]; "
                                                        "[Participant 3].")


def test_role_labels_are_no_ones_name_and_shared_parts_are_neutral() -> None:
    r = Redactor({"Interviewer": "[Interviewer 1]", "Speaker 2 (call)": "[Participant 1]",
                  "Sam Lee": "[Participant 2]", "Sam Park": "[Participant 3]",
                  "R-0013": "[Participant 4]"})
    assert r.redact("The interviewer asked Speaker 2 (call); Sam told Sam Park; R-0013.") == (
        "The interviewer asked [Participant 1]; [name] told [Participant 3]; [Participant 4].")


def test_terms_in_any_case_spacing_or_joining_and_exact_terms_whole() -> None:
    r = Redactor(extra_terms=["Acme Corp"], exact_terms=["ana@crm.example.org", "Berlin office"])
    out = r.redact("Acme Corp, AcmeCorp, acme_corp, ACME  CORP, acme, Corp alone; "
                   "Berlin office, the office in Berlin")
    assert out == (f"{TERM}, {TERM}, {TERM}, {TERM}, {TERM}, Corp alone; "
                   f"{TERM}, the office in Berlin")


def test_offsets_move_with_the_replacements() -> None:
    r = Redactor(participant_pseudonyms(["Jane Doe"]))
    text = "Hi, I am Jane Doe and my site is janedoe.dev today."
    found = r.spans(text)
    out = replace(text, found)
    start, end = text.index("my site"), text.index(" today")
    assert out[moved_offset(start, found):moved_offset(end, found, end=True)] == f"my site is {URL}"
    inside = text.index("Doe")  # a selection starting inside a name keeps the whole pseudonym
    assert out[moved_offset(inside, found):moved_offset(inside + 2, found, end=True)] == (
        "[Participant 1]")


def test_counts_follow_every_call_even_remembered_ones() -> None:
    r = Redactor(participant_pseudonyms(["Jane Doe"]), extra_terms=["Acme"])
    for _ in range(3):
        assert r.redact("Jane at Acme, +44 20 7946 0958, 221B Baker Street, 10.0.0.1") == (
            f"[Participant 1] at {TERM}, {PHONE}, {ADDRESS}, {IP}")
    assert r.counts.kinds == {"name": 3, "term": 3, "phone": 3, "address": 3, "ip": 3}
    assert r.counts.pseudonyms["[Participant 1]"] == 3 and r.counts.changed == 3


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120))
def test_redacting_twice_changes_nothing_more(noise: str) -> None:
    r = Redactor(participant_pseudonyms(["Jane Doe", "Li"]), extra_terms=["Acme Corp"])
    once = r.redact(f"{noise} Jane Doe of AcmeCorp, +33 6 12 34 56 78 {noise}")
    assert r.redact(once) == once
    assert "Jane" not in once and "AcmeCorp" not in once


def test_region_setting_and_bad_region(tmp_path, capsys) -> None:
    from interviewcoder.services.redaction import phone_region
    from interviewcoder.services.studies import open_study

    path = tmp_path / "gb.icstudy"
    code, _, err = run_cli(capsys, "new", str(tmp_path / "x.icstudy"), "--region", "QQ")
    assert code == 2 and "QQ" in err and not (tmp_path / "x.icstudy").exists()
    assert run_cli(capsys, "new", str(path), "--language", "fr", "--region", "gb")[0] == 0
    with open_study(path) as study:
        assert phone_region(study) == "GB" and phone_region(study, "de") == "DE"
    code, _, err = run_cli(capsys, "export", str(path), str(tmp_path / "o.csv"), "--redact",
                           "--region", "XX")
    assert code == 2 and err.count("\n") == 1 and "--region XX" in err
    code, _, err = run_cli(capsys, "export", str(path), str(tmp_path / "o.csv"),
                           "--redaction-report")
    assert code == 2 and "--redaction-report goes with --redact" in err
