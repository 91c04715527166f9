"""The redaction options every sharing export takes (``export``, ``map``), and the study's
redactor built from them."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from interviewcoder.core.errors import InvalidInput

if TYPE_CHECKING:  # the redactor's patterns are compiled only for a command that redacts
    from interviewcoder.core.redaction import Redactor
    from interviewcoder.store import Study


def add_redaction_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("redaction")
    g.add_argument("--redact", action="store_true",
                   help="replace names (participants, speakers, respondents), e-mails, phones, "
                   "URLs, street addresses, postcodes and IP addresses in every exported string "
                   "with stable pseudonyms")
    g.add_argument("--redact-term", action="append", default=[], metavar="TERM",
                   help="with --redact: another term to replace in any case, spacing or joining "
                   "(repeatable), e.g. a company name: 'Acme Corp' also finds AcmeCorp and Acme")
    g.add_argument("--ner-pipeline", metavar="NAME",
                   help="with --redact: an installed spaCy pipeline whose PERSON/ORG entities "
                   "are replaced too (an error when it is not installed)")
    g.add_argument("--region", metavar="CC",
                   help="with --redact: the country phone numbers without a country code are "
                   "read in (default: the study's phone_region, else its language's country)")
    g.add_argument("--redaction-report", action="store_true",
                   help="with --redact: also write OUT.redaction-report.txt beside the export, "
                   "how many of each kind were replaced (for you; not for sharing)")


def redactor_of(study: Study, args: argparse.Namespace) -> Redactor | None:
    """The redactor the options ask for, or None without ``--redact``."""
    if not args.redact:
        given = [o for o, v in (("--redact-term", args.redact_term),
                                ("--ner-pipeline", args.ner_pipeline), ("--region", args.region),
                                ("--redaction-report", args.redaction_report)) if v]
        if given:
            raise InvalidInput(f"{' and '.join(given)} go{'es' if len(given) == 1 else ''} "
                               f"with --redact")
        return None
    from interviewcoder.services.redaction import study_redactor

    return study_redactor(study, args.redact_term, args.ner_pipeline, args.region)
