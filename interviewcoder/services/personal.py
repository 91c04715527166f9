"""Personal data the study holds: which participant attributes are personal (marked at import,
from survey columns such as ``Email Address``, ``IP Address``, ``First Name``), and the values
the redactor must know — respondents' real names and other identifying values.

Kept in the study (``study_meta``, key ``personal_attributes``: attribute name → kind), so no
schema change is needed. Personal attributes stay in the study but leave it only when an export
asks for them, and never in a redacted export.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from interviewcoder.store import Study

PERSONAL_KEY = "personal_attributes"
_NOT_A_NAME = {"", "-", "anonymous", "anonym", "anonyme", "anonimo", "anónimo", "anon", "n/a",
               "na", "none", "unknown", "null", "test"}
_FIRST = ("first", "given", "vorname", "prénom", "voornaam", "nombre", "nome", "imię")
_LAST = ("last", "family", "surname", "nachname", "nom de famille", "achternaam", "apellido",
         "cognome", "nazwisko")


def personal_attributes(study: Study) -> dict[str, str]:
    """Attribute name → kind of personal data (name, email, ip, location, phone, address)."""
    try:
        value = json.loads(study.meta(PERSONAL_KEY) or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def mark_personal(study: Study, columns: Mapping[str, str]) -> dict[str, str]:
    """Add attributes to the study's personal ones (call inside the import's transaction)."""
    known = personal_attributes(study)
    if not set(columns) - set(known):
        return known
    known.update(columns)
    study.set_meta(PERSONAL_KEY, json.dumps(known, ensure_ascii=False, sort_keys=True))
    return known


def without_personal(attributes: Mapping[str, str], personal: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in attributes.items() if k not in personal}


def personal_names(study: Study) -> dict[str, list[str]]:
    """Participant name → the real names their personal name columns give (first and last
    name joined, and each as given), for the redactor."""
    personal = personal_attributes(study)
    name_keys = [k for k, kind in personal.items() if kind == "name"]
    found: dict[str, list[str]] = {}
    if not name_keys:
        return found
    for person in study.participants.list():
        values = {k: person.attributes[k].strip() for k in name_keys
                  if person.attributes.get(k, "").strip().casefold() not in _NOT_A_NAME}
        if not values:
            continue
        first = next((v for k, v in values.items() if k.casefold().startswith(_FIRST)
                      or "firstname" in k.casefold()), None)
        last = next((v for k, v in values.items() if k.casefold().startswith(_LAST)
                     or "lastname" in k.casefold()), None)
        names = [f"{first} {last}"] if first and last else []
        names += [v for v in values.values() if v not in names]
        found[person.name] = names
    return found


def personal_values(study: Study) -> list[str]:
    """Other personal values (e-mail and IP addresses, phones, addresses, coordinates) of every
    participant, as terms to redact."""
    personal = personal_attributes(study)
    keys = [k for k, kind in personal.items() if kind != "name"]
    values: set[str] = set()
    for person in study.participants.list():
        for key in keys:
            value = person.attributes.get(key, "").strip()
            if value.casefold() not in _NOT_A_NAME and len(value) >= 3:
                values.add(value)
    return sorted(values)
