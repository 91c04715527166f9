"""Redaction that holds: every kind of personal item planted in every place an export reads,
then every cell, header, note row and sheet name of the redacted workbook and CSV tables (and
the journey map's text) searched for the planted strings and their pieces. The unredacted
export must contain every one of them, so these tests can fail."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from builders import run_cli
from redaction_plant import (
    PLANTED,
    SNAPSHOT,
    TERMS,
    build,
    csv_strings,
    leaks,
    missing,
    qdpx_strings,
    svg_strings,
    whole_items_in,
    xlsx_strings,
    xlsx_xml,
    xml_strings,
)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("planted")

    def run(*args: str):
        from interviewcoder.cli import main

        return main(list(args)), "", ""

    return build(tmp, run)


def _redact_args() -> list[str]:
    return ["--redact", *[a for t in TERMS for a in ("--redact-term", t)]]


def _exports(study, out_dir, capsys, *extra: str) -> dict[str, list[str]]:
    """The workbook (with a Changes sheet), one CSV table, and every CSV table (``--csv``
    into a folder), each file as the strings it holds."""
    out_dir.mkdir(exist_ok=True)
    found = {}
    for name, args in (("book.xlsx", ("--since", SNAPSHOT)), ("quotes.csv", ("--quotes",)),
                       ("tables", ("--csv",))):
        path = out_dir / name
        code, _, err = run_cli(capsys, "export", str(study), str(path), *args, *extra)
        assert code == 0, err
        if name.endswith(".xlsx"):
            found[name] = xlsx_strings(path)
            found[name + " (xml)"] = [xlsx_xml(path)]
        elif path.is_dir():
            tables = sorted(path.glob("*.csv"))
            assert len(tables) >= 9, tables
            for table in tables:
                found[f"{name}/{table.name}"] = csv_strings(table) + [table.stem]
        else:
            found[name] = csv_strings(path)
    return found


def test_the_unredacted_export_holds_every_planted_item(planted, tmp_path, capsys) -> None:
    strings = _exports(planted, tmp_path / "plain", capsys, "--include-personal")
    everything = [s for name, values in strings.items() if "(xml)" not in name for s in values]
    assert missing(everything) == []
    assert sum(len(v) for v in PLANTED.values()) >= 56


def test_nothing_planted_leaves_in_a_redacted_export(planted, tmp_path, capsys) -> None:
    strings = _exports(planted, tmp_path / "redacted", capsys, *_redact_args())
    for name, values in strings.items():
        if name.endswith("(xml)"):  # every part of the file: no planted string whole
            assert whole_items_in(values[0]) == [], name
        else:  # every string: no planted string nor piece of one
            assert leaks(values) == [], name
    book = strings["book.xlsx"]
    assert any("[Participant 1]" in s for s in book) and any("[email]" in s for s in book)
    assert any("Changes before [Participant " in s for s in book)  # the Changes sheet
    assert any("renamed from Tip from [Participant " in s for s in book)
    assert any("[address]" in s for s in book) and any("[phone]" in s for s in book)
    assert not [s for s in book if s.startswith("Study: ") and "[phone]" in s]  # the date is kept


def test_pseudonyms_are_the_same_person_in_every_sheet_and_file(planted, tmp_path, capsys) -> None:
    strings = _exports(planted, tmp_path / "same", capsys, *_redact_args())
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "same" / "book.xlsx", read_only=True)
    rows = list(book["Quotes"].iter_rows(values_only=True))
    book.close()
    at = next(i for i, row in enumerate(rows) if "Participant" in row and "Text" in row)
    header, quotes = rows[at], rows[at + 1:]
    who, text, source = header.index("Participant"), header.index("Text"), header.index("Source")
    first = next(row for row in quotes if "I run operations" in row[text])
    jane = first[who]
    assert jane.startswith("[Participant ")
    assert f"I'm {jane}, I run operations at [redacted]" in first[text]
    assert first[source] == f"[redacted]_won_{jane}"  # acme_won_jane_doe
    second = next(row for row in quotes if "rule was to compare" in row[text])
    assert second[who] == jane and second[text].startswith(f"{jane}'s rule")
    assert f"in the directory {jane}; [redacted] moved fast" in second[text]
    assert any(f"[redacted]_won_{jane}" in s for s in strings["quotes.csv"])
    assert any(f"[redacted]_won_{jane}" in s for s in strings["tables/quotes.csv"])
    assert any(s == f"Call with {jane}" for s in strings["tables/codebook.csv"])
    assert any(s == f"Call with {jane}" for s in strings["book.xlsx"])  # a code name, a header
    # code memos (the Codebook sheet) and source memos (the Sources sheet, sources.csv) leave,
    # redacted with the same pseudonyms
    for where in ("book.xlsx", "tables/codebook.csv"):
        assert any(s.endswith(f"asked {jane} at [address]") for s in strings[where]), where
    for where in ("book.xlsx", "tables/sources.csv"):
        assert f"{jane}, [url], [ip]" in strings[where], where


def test_the_redacted_journey_map_draws_nothing_planted(planted, tmp_path, capsys) -> None:
    out = tmp_path / "map.svg"
    code, _, err = run_cli(capsys, "map", str(planted), str(out), *_redact_args())
    assert code == 0, err
    assert leaks(svg_strings(out)) == []
    plain = tmp_path / "plain.svg"
    assert run_cli(capsys, "map", str(planted), str(plain))[0] == 0
    drawn = "\n".join(svg_strings(plain))
    assert "Jane Doe" in drawn and "acme_corp_jane_doe" in drawn  # so the check can fail


def test_a_missing_ner_pipeline_is_a_one_line_error(planted, tmp_path, capsys) -> None:
    out = tmp_path / "x.xlsx"
    code, _, err = run_cli(capsys, "export", str(planted), str(out), "--redact",
                           "--ner-pipeline", "xx_no_such_pipeline")
    assert code == 2 and err.count("\n") == 1 and "xx_no_such_pipeline" in err, err
    assert not out.exists()
    code, _, err = run_cli(capsys, "map", str(planted), str(tmp_path / "m.svg"), "--redact",
                           "--ner-pipeline", "xx_no_such_pipeline")
    assert code == 2 and "xx_no_such_pipeline" in err, err


def test_a_redacted_refi_project_keeps_nothing_planted_and_its_codings_on_their_words(
        planted, tmp_path, capsys) -> None:
    import csv

    out = tmp_path / "shared.qdpx"
    code, _, err = run_cli(capsys, "export", str(planted), str(out), *_redact_args())
    assert code == 0, err
    strings, xml, texts = qdpx_strings(out)
    assert leaks(strings) == [] and whole_items_in(xml) == []
    from refi_schema import assert_valid, project_schema

    assert_valid(project_schema(), xml.encode("utf-8"))
    quotes = tmp_path / "q.csv"
    assert run_cli(capsys, "export", str(planted), str(quotes), "--quotes", *_redact_args())[0] == 0
    with quotes.open(encoding="utf-8-sig", newline="") as fh:
        redacted_quotes = {row["Text"] for row in csv.DictReader(fh)}
    coded = []
    for source in ET.fromstring(xml).iter("{urn:QDA-XML:project:1.0}TextSource"):
        text = texts[f"sources/{source.get('guid')}.txt"]
        for sel in source.iter("{urn:QDA-XML:project:1.0}PlainTextSelection"):
            if sel.find("{urn:QDA-XML:project:1.0}Coding") is not None:
                coded.append(text[int(sel.get("startPosition")):int(sel.get("endPosition"))])
    assert len(coded) == len(redacted_quotes) == 6
    assert set(coded) == redacted_quotes  # each coding still covers its quote's (redacted) words
    plain = tmp_path / "plain.qdpx"
    assert run_cli(capsys, "export", str(planted), str(plain))[0] == 0
    everything = "\n".join(qdpx_strings(plain)[0])
    assert "Jane Doe" in everything and "jane.doe@acme-corp.com" in everything
    assert "acme_won_jane_doe" in everything and "12 rue de la Paix" in everything


def test_a_redacted_refi_codebook_keeps_no_planted_code_name(planted, tmp_path, capsys) -> None:
    out = tmp_path / "codes.qdc"
    assert run_cli(capsys, "export", str(planted), str(out), *_redact_args())[0] == 0
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    strings = xml_strings(root)
    assert leaks(strings) == [] and any(s.startswith("Call with [Participant ") for s in strings)


def test_the_redaction_report_counts_every_kind_and_names_no_one(planted, tmp_path, capsys) -> None:
    out = tmp_path / "shared.xlsx"
    code, said, err = run_cli(capsys, "export", str(planted), str(out), *_redact_args(),
                              "--redaction-report")
    assert code == 0, err
    report = tmp_path / "shared.xlsx.redaction-report.txt"
    assert f"wrote {report}" in said and "do not share it" in said
    text = report.read_text(encoding="utf-8")
    counts = {line.rsplit(None, 1)[0].strip(): int(line.rsplit(None, 1)[1].replace(",", ""))
              for line in text.splitlines() if line.startswith("  ") and line.split()[-1][0].isdigit()}
    for kind in ("names of participants, speakers and respondents", "e-mail addresses",
                 "phone numbers", "URLs and domains", "street addresses and postcodes",
                 "IP addresses", "terms (--redact-term, personal survey values)"):
        assert counts[kind] > 0, kind
    assert counts["people and organisations found by the NER pipeline"] == 0
    assert counts["[Participant 1]"] > 0 and "read as US numbers" in text
    assert "Email Address" in text  # the personal attributes left out are named
    assert leaks(text.splitlines()) == []
