"""Writing a scenario's tables back as TOML text (the standard library reads TOML but does not
write it). Enough for the models' scenarios: tables, arrays of tables, inline tables, numbers,
text, and lists. Comments are not kept: a page that rebuilds a scenario from its form
says so."""

from decimal import Decimal


def dumps(data: dict, *, header: str = "") -> str:
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    _table(lines, [], data)
    return "\n".join(lines).lstrip("\n") + "\n"


def _table(lines: list[str], path: list[str], data: dict) -> None:
    plain = {k: v for k, v in data.items() if not _is_table(v) and not _is_table_list(v)}
    for key, value in plain.items():
        lines.append(f"{key} = {value_text(value)}")
    for key, value in data.items():
        if _is_table(value):
            if any(not _is_table(v) for v in value.values()) or not value:
                lines += ["", f"[{'.'.join([*path, key])}]"]
            _table(lines, [*path, key], value)
        elif _is_table_list(value):
            for item in value:
                lines += ["", f"[[{'.'.join([*path, key])}]]"]
                _table(lines, [*path, key], item)


def _is_table(value) -> bool:
    return isinstance(value, dict)


def _is_table_list(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def value_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return number_text(Decimal(value))
    if isinstance(value, float):  # as tomllib read it: through str, so 4.5 stays 4.5
        return number_text(Decimal(str(value)))
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {value_text(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def number_text(number: Decimal) -> str:
    """An integer with thousands underscores (285_000_000), or a plain decimal (0.42): never an
    exponent, which TOML reads as a float."""
    if number == number.to_integral_value():
        return f"{int(number):_d}"
    return format(number.normalize(), "f")
