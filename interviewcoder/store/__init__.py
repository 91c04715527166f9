"""The study file on sqlite-utils: schema, migrations, repositories. The only home of SQL."""

from interviewcoder.store.study import EXTENSION, Study, now

__all__ = ["EXTENSION", "Study", "now"]
