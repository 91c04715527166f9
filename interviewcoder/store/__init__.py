"""The study file on sqlite-utils: schema, migrations, repositories. The only home of SQL."""

from interviewcoder.store.lean_import import import_sqlite_utils

import_sqlite_utils()  # before any store module imports it: no numpy at start-up

from interviewcoder.store.study import EXTENSION, Study, now, sqlite_version  # noqa: E402

__all__ = ["EXTENSION", "Study", "now", "sqlite_version"]
