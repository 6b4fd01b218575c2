import logging

from frontdoor.core.logging import RedactQueryStrings


def test_query_strings_are_cut_from_request_logs():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /pupils/?q=Amelia+Hart HTTP/1.1", "200", "512"),
        None,
    )
    RedactQueryStrings().filter(record)
    assert "Amelia" not in record.getMessage()
    assert "/pupils/?…" in record.getMessage()
