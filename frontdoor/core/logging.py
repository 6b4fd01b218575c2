"""Log filters. Request logs must not carry personal data; a search for a child's name travels
in the query string, so query strings are cut from every logged request line and path."""

import logging
import re

_QUERY = re.compile(r"\?[^\s\"']*")


class RedactQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _QUERY.sub("?…", str(record.msg))
        if record.args:
            record.args = tuple(
                _QUERY.sub("?…", arg) if isinstance(arg, str) else arg
                for arg in (record.args if isinstance(record.args, tuple) else (record.args,))
            )
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "GET"):
            record.request = None
        return True
