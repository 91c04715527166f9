"""A study with every kind of personal item planted in every place an export reads, built
through the real command line; and the searches the redaction tests run over what leaves.

Kinds: e-mails, phone numbers in several national formats (one-digit first groups, an
extension), URLs and bare domains, participants' and speakers' full names, first names,
surnames, short names, names inside identifiers and possessives, street addresses and
postcodes (US ZIP, UK postcode, number + street word in English, French and German), company
names given as ``--redact-term`` (with spacing and joining variants), survey respondents' real
names from columns marked personal at import, IP addresses.

Places: transcripts, survey answers, memos, code names and descriptions, source names
(file-derived), participant attribute names and values, the study name.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

STUDY_FILE = "acme_corp_jane_doe.icstudy"  # the study's name is its file name: a place too
SNAPSHOT = "before Jane Doe"  # snapshot names head the Changes sheet
TERMS = ["Acme Corp"]

TRANSCRIPTS = {
    "acme_won_jane_doe.txt": (
        "Sam Rivers (Interviewer): Thanks for joining. How did you find us?\n\n"
        "Jane Doe: I'm Jane Doe, I run operations at Acme Corp. Write to "
        "jane.doe@acme-corp.com or call +33 6 12 34 56 78. My portfolio is "
        "https://janedoe.dev/work and my blog janedoe.dev tells the story. Our office is at "
        "221B Baker Street, London NW1 6XE; my cell is +1-202-555-0143, my laptop "
        "fe80::1ff:fe23:4567:890a.\n\n"
        "Sam Rivers: And how did the decision go?\n\n"
        "Jane Doe: Doe's rule was to compare three vendors. On Slack I am jane_doe, on GitHub "
        "JaneDoe, in the directory jane.doe; AcmeCorp moved fast once Sam Rivers called Jane.\n"),
    "carlos_mendes.txt": (
        "Interviewer: Tell me about the trial.\n\n"
        "Carlos Mendes: Mendes here. Carlos's team ran the trial from our office at 12 rue de "
        "la Paix, 75002 Paris, later 5 avenue Victor Hugo; prices at www.acme-corp.com/pricing. "
        "Call +61 2 9876 5432 or (415) 555-0132 ext. 22, and carlos "
        "will send the pricing sheet.\n"),
    "interview-li-wei.txt": (
        "Interviewer: What worried you?\n\n"
        "Li Wei: Li here. Our German office is at Hauptstraße 5, 10117 Berlin, the warehouse "
        "at Berliner Str. 12a. The US team sits at 1600 Amphitheatre Parkway, Mountain View, "
        "CA 94043, the UK one near SW1A 1AA. The VPN showed 192.168.14.27 and Wei's boss "
        "said acme would wait. Ship to 742 Evergreen Terrace, Springfield, IL 62704.\n"),
}
SURVEY = "exit_survey.csv"
SURVEY_ROWS = [
    ["RespondentID", "Email Address", "First Name", "Last Name", "IP Address", "Company size",
     "What nearly stopped you?"],
    ["", "", "", "", "", "", "Open-Ended Response"],
    ["11401234560", "priya.raman@example.org", "Priya", "Raman", "203.0.113.45", "51-500",
     "Priya Raman here: the Acme Corp contract scared us, call me on 020 7946 0958."],
    ["11401234561", "tomas@ortega.example", "Tomás", "Ortega", "198.51.100.7", "500+",
     "Ortega's team wanted single sign-on before anything else."],
]
CODES = [  # (code, description): code names become matrix and Map sheet headers
    ("step/Call with Jane Doe", "Ask jane.doe@acme-corp.com, or +44 20 7946 0958"),
    ("anxiety/Acme Corp lock-in", "Raised by Carlos Mendes at 12 rue de la Paix"),
    ("influence/Referral by Li Wei", "See https://janedoe.dev/work"),
]
CODE_MEMOS = {  # the Codebook sheet's Memo column (issue 13)
    "step/Call with Jane Doe": "Sam Rivers asked Jane at 221B Baker Street, London NW1 6XE",
    "anxiety/Acme Corp lock-in": "AcmeCorp via carlos_mendes, +33 6 12 34 56 78",
}
SOURCE_MEMOS = {  # the Sources sheet's and sources.csv's Memo column (issue 13)
    "acme_won_jane_doe": "Jane Doe, janedoe.dev, fe80::1ff:fe23:4567:890a",
    "interview-li-wei": "Li Wei at Hauptstraße 5, 10117 Berlin; Wei's VPN 192.168.14.27",
}
MEMOS = {"Jane Doe": "Follow up with Jane Doe, jane.doe@acme-corp.com",
         "Carlos Mendes": "Carlos Mendes: +61 2 9876 5432",
         "Li Wei": "Li Wei gave 192.168.14.27"}
CODE_OF = {"Jane Doe": "step/Call with Jane Doe", "Carlos Mendes": "anxiety/Acme Corp lock-in",
           "Li Wei": "influence/Referral by Li Wei"}
ATTRIBUTES = {"Jane Doe": ["Doe's employer=Acme Corp",
                           "Office=221B Baker Street, London NW1 6XE"],
              "Carlos Mendes": ["Mobile=+33 6 12 34 56 78"]}
OUTCOMES = {"Jane Doe": "won", "Carlos Mendes": "lost", "Li Wei": "churned"}

PLANTED = {
    "email": ["jane.doe@acme-corp.com", "priya.raman@example.org", "tomas@ortega.example"],
    "phone": ["+33 6 12 34 56 78", "+61 2 9876 5432", "(415) 555-0132 ext. 22",
              "020 7946 0958", "+44 20 7946 0958", "+1-202-555-0143"],
    "url": ["https://janedoe.dev/work", "janedoe.dev", "www.acme-corp.com/pricing"],
    "name": ["Jane Doe", "Jane", "Doe", "Carlos Mendes", "Carlos", "carlos", "Mendes",
             "Li Wei", "Li", "Wei", "Sam Rivers", "Sam", "Rivers", "Priya Raman", "Priya",
             "Raman", "Tomás", "Ortega"],
    "identifier": ["jane_doe", "JaneDoe", "jane.doe", "Doe's", "Carlos's", "Wei's",
                   "Ortega's", "acme_won_jane_doe", "carlos_mendes", "interview-li-wei",
                   "acme_corp_jane_doe"],
    "address": ["221B Baker Street, London NW1 6XE", "12 rue de la Paix, 75002 Paris",
                "Hauptstraße 5, 10117 Berlin", "Berliner Str. 12a",
                "1600 Amphitheatre Parkway, Mountain View, CA 94043", "SW1A 1AA",
                "5 avenue Victor Hugo", "742 Evergreen Terrace, Springfield, IL 62704"],
    "term": ["Acme Corp", "AcmeCorp", "acme"],
    "ip": ["192.168.14.27", "203.0.113.45", "198.51.100.7", "fe80::1ff:fe23:4567:890a"],
}
GENERIC = {  # words that are not personal on their own (a fragment must hold another one)
    "street", "str", "rue", "de", "la", "parkway", "ext", "corp", "https", "dev", "com", "org",
    "example", "work", "s", "interview", "won", "the", "at", "of", "avenue", "www", "pricing",
    "terrace",
}
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,40}\]")
_TOKEN = re.compile(r"[^\W_]+")
_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])")
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
"""A REFI GUID: random hex, which now and then holds a planted fragment (``fe23``) by chance."""


def build(tmp: Path, run) -> Path:  # noqa: ANN001 - run is the in-process CLI of the tests
    """Make the planted study in ``tmp`` with the command line; return its path. A snapshot
    (named after a participant) is taken half way, so a ``--since`` export's Changes sheet
    lists codes, a rename and new participants too."""
    study = tmp / STUDY_FILE
    assert run("new", str(study), "--template", "blank")[0] == 0
    files = []
    for name, text in TRANSCRIPTS.items():
        (tmp / name).write_text(text, encoding="utf-8")
        files.append(str(tmp / name))
    code, out, err = run("import", str(study), *files)
    assert code == 0, err
    for ref, description in CODES:
        first = ref if ref != CODES[2][0] else "influence/Tip from Li"
        assert run("codebook", str(study), "add", first, "--description", description)[0] == 0
    _memos(study)
    _code_every_participant_turn(study, {"Li Wei": "influence/Tip from Li"})
    assert run("snapshot", str(study), "--name", SNAPSHOT)[0] == 0
    assert run("codebook", str(study), "rename", "influence/Tip from Li",
               CODES[2][0].split("/", 1)[1])[0] == 0
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(SURVEY_ROWS)
    (tmp / SURVEY).write_text(buffer.getvalue(), encoding="utf-8")
    code, out, err = run("import", str(study), str(tmp / SURVEY))
    assert code == 0, err
    for person, attrs in ATTRIBUTES.items():
        args = [a for attr in attrs for a in ("--attr", attr)]
        assert run("participants", str(study), "set", person, "--outcome", OUTCOMES[person],
                   *args)[0] == 0
    assert run("participants", str(study), "set", "Li Wei", "--outcome", "churned")[0] == 0
    _code_every_participant_turn(study, skip_coded=True)
    return study


def _memos(path: Path) -> None:
    """Code memos and source memos, through the services (the command line has no memo
    command for them)."""
    from interviewcoder.services import codebook, sources
    from interviewcoder.services.studies import open_study

    with open_study(path) as study:
        for ref, memo in CODE_MEMOS.items():
            codebook.update_code(study, codebook.resolve(study, ref).id, "tester", memo=memo)
        for source in study.sources.list():
            if source.name in SOURCE_MEMOS:
                sources.set_memo(study, source.id, SOURCE_MEMOS[source.name], "tester")
    assert all(m in "".join(_memo_texts(path)) for m in [*CODE_MEMOS.values(), *SOURCE_MEMOS.values()])


def _memo_texts(path: Path) -> list[str]:
    from interviewcoder.services.studies import open_study

    with open_study(path) as study:
        return [c.memo for c in study.codes.list()] + [s.memo for s in study.sources.list()]


def _code_every_participant_turn(path: Path, refs: dict[str, str] | None = None,
                                 skip_coded: bool = False) -> None:
    from interviewcoder.services import codebook, coding
    from interviewcoder.services.studies import open_study

    with open_study(path) as study:
        for source in study.sources.list():
            coded = {(q.start, q.end) for q in study.quotes.for_source(source.id)}
            for turn in study.sources.turns(source.id):
                if turn.role.value == "interviewer" or turn.participant_id is None:
                    continue
                if skip_coded and (turn.start, turn.end) in coded:
                    continue
                person = study.participants.get(turn.participant_id).name
                ref = (refs or {}).get(person) or CODE_OF.get(person, "anxiety/Acme Corp lock-in")
                code = codebook.resolve(study, ref)
                coding.add_quote(study, source.id, turn.start, turn.end, [code.id], "tester",
                                 memo=MEMOS.get(person, "Priya Raman said it"))


# --- reading what left -------------------------------------------------------------------------


def xlsx_strings(path: Path) -> list[str]:
    """Every sheet name and every text cell (note rows and headers are cells too)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    out = list(book.sheetnames)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            out.extend(v for v in row if isinstance(v, str))
    book.close()
    return out


def xlsx_xml(path: Path) -> str:
    """Every XML part of the workbook as text (properties, shared strings, sheets...)."""
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def csv_strings(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [v for row in csv.reader(fh) for v in row if v and not _number(v)]


def svg_strings(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return [(e.text or "") for e in root.iter() if e.tag.split("}")[-1] in ("text", "tspan")]


def _number(v: str) -> bool:
    try:
        float(v)
    except ValueError:
        return False
    return True


def fragments(item: str) -> set[str]:
    """The item and its pieces of 3+ characters: every run of its words (as written between
    them) that holds a word not in GENERIC; a lone number counts from four digits (``100``
    of an IP address is any number, ``0132`` of a phone number is not)."""
    tokens = list(_TOKEN.finditer(item))
    out = set()
    for i in range(len(tokens)):
        for j in range(i, len(tokens)):
            piece = item[tokens[i].start():tokens[j].end()]
            words = [t.group().casefold() for t in tokens[i:j + 1]]
            if len(piece) < 3 or all(w in GENERIC for w in words):
                continue
            if len(words) == 1 and words[0].isdigit() and len(piece) < 4:
                continue
            out.add(piece)
    return out


def leaks(strings: list[str], items: list[str] | None = None) -> list[tuple[str, str, str]]:
    """(item, fragment, where) for every planted string, or piece of it, found outside
    placeholders: whole words, any case, camelCase split ("[x]Doe" and "JaneDoe" count)."""
    items = items if items is not None else [i for kind in PLANTED.values() for i in kind]
    texts = [_CAMEL.sub(" ", PLACEHOLDER.sub(" ", _GUID.sub(" ", s))) for s in strings]
    found = []
    for item in items:
        pieces = fragments(item) | ({item} if len(item) >= 2 else set())
        for piece in sorted(pieces, key=len, reverse=True):
            pattern = re.compile(rf"(?<![^\W_]){re.escape(piece)}(?![^\W_])", re.IGNORECASE)
            where = next((s for s in texts if pattern.search(s)), None)
            if where is not None:
                found.append((item, piece, where[:160]))
                break
    return found


def whole_items_in(xml: str) -> list[str]:
    """Planted strings found whole in raw XML (written as is or XML-escaped)."""
    from xml.sax.saxutils import escape

    items = [i for kind in PLANTED.values() for i in kind if len(i) >= 4]
    return [i for i in items
            if i in xml or escape(i, {"'": "&apos;", '"': "&quot;"}) in xml or escape(i) in xml]


def missing(strings: list[str]) -> list[str]:
    """Planted strings the (unredacted) export does not contain as written."""
    joined = "\n".join(strings)
    return [i for kind in PLANTED.values() for i in kind if i not in joined]


def qdpx_strings(path: Path) -> tuple[list[str], str, dict[str, str]]:
    """Every attribute value and text of ``project.qde``, its XML, and each source's text."""
    with zipfile.ZipFile(path) as z:
        xml = z.read("project.qde").decode("utf-8")
        texts = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("sources/")}
    strings = xml_strings(ET.fromstring(xml)) + list(texts.values()) + list(texts)
    return [_GUID.sub(" ", s) for s in strings], xml, texts


def xml_strings(root: ET.Element) -> list[str]:
    """Every attribute value and text under ``root``, GUIDs blanked."""
    return [_GUID.sub(" ", v) for e in root.iter() for v in [*e.attrib.values(), e.text or ""]
            if v.strip()]
