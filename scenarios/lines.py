"""Naming a service line the way it is published, so a saved step still finds it in a corrected re-upload."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios.fields import AdjustmentError, text


@dataclass(frozen=True)
class LineRef:
    """One service line, named the way it is published rather than by a row number.

    Service, provider and geography together tell apart lines such as
    Leicestershire's two "Domestic Homicide Reviews" (City and County councils),
    and the reference still finds the line in a corrected re-upload of the file.
    """

    service: str
    provider: str = ""
    geography: str = ""

    def label(self) -> str:
        details = ", ".join(part for part in (self.provider, self.geography) if part)
        return f"{self.service} ({details})" if details else self.service

    def to_dict(self) -> dict[str, str]:
        return {"service": self.service, "provider": self.provider, "geography": self.geography}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineRef:
        service = text(data, "service")
        if not service:
            raise AdjustmentError("A service line needs the service's name")
        return cls(service=service, provider=text(data, "provider"), geography=text(data, "geography"))
