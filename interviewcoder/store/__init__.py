"""The study file on sqlite-utils: schema, migrations, repositories. The only home of SQL."""

from interviewcoder.store.study import EXTENSION, Study, now, sqlite_version

__all__ = ["EXTENSION", "Study", "now", "sqlite_version"]
