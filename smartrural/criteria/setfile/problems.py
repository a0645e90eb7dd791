"""Problems of a set file, collected with their location so that every one is reported at once."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartrural.core.errors import ValidationFailed

TYPE_NAMES = {
    str: gettext_lazy("text"),
    int: gettext_lazy("a whole number"),
    bool: gettext_lazy("true or false"),
    list: gettext_lazy("a list"),
    dict: gettext_lazy("a mapping"),
}


class SetFileInvalid(ValidationFailed):
    """A set file has problems; ``problems`` lists every one, each prefixed by its location."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Problems:
    """Collects located problems so that every one is reported at once."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, loc: str, message: str) -> None:
        self.problems.append(f"{loc}: {message}" if loc else message)

    def raise_if_any(self) -> None:
        if self.problems:
            raise SetFileInvalid(self.problems)

    def keys(self, data: dict[str, Any], loc: str, allowed: tuple[str, ...]) -> None:
        for key in data:
            if key not in allowed:
                self.add(at(loc, str(key)), _("unknown field"))

    def get(
        self, data: dict[str, Any], key: str, loc: str, kind: type, *, required: bool = True
    ) -> Any:
        """The value of ``key`` if present and of ``kind``; None (and a problem) otherwise."""
        value = data.get(key)
        if value is None:
            if required:
                self.add(at(loc, key), _("missing field"))
            return None
        if kind is str and isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # an unquoted code such as 10
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.add(
                at(loc, key),
                _("must be %(kind)s, not %(value)r")
                % {"kind": str(TYPE_NAMES[kind]), "value": value},
            )
            return None
        return value

    def choice(
        self,
        data: dict[str, Any],
        key: str,
        loc: str,
        allowed: tuple[str, ...],
        *,
        required: bool = True,
    ) -> str | None:
        value = self.get(data, key, loc, str, required=required)
        if value is not None and value not in allowed:
            self.add(
                at(loc, key),
                _("unknown %(field)s '%(value)s' (expected one of: %(allowed)s)")
                % {"field": key.replace("_", " "), "value": value, "allowed": ", ".join(allowed)},
            )
            return None
        return value


def at(loc: str, key: str) -> str:
    """The location of ``key`` inside ``loc`` ("criteria[0].name")."""
    return f"{loc}.{key}" if loc else key
