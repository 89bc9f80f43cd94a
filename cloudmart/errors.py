"""Domain errors: what went wrong and the HTTP status it means (no Flask here).

`http_errors` turns them into the one error body, once."""

from __future__ import annotations

import logging
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from i18n import DEFAULT, Translator
from providers.base import ProviderError

log = logging.getLogger(__name__)

THROTTLING_CODES = frozenset(
    {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"}
)


class CloudMartError(Exception):
    """Base of the errors the app raises on purpose; each maps to one HTTP status.

    `message` is English (REST clients read it); with `params` it is a catalogue msgid whose
    {placeholders} they fill, so that the chat can say it in the customer's language."""

    status = 500
    name = "Internal Server Error"

    def __init__(
        self,
        message: str,
        *,
        params: dict[str, Any] | None = None,
        errors: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.msgid = message
        self.params = dict(params or {})
        self.message = Translator(DEFAULT).error(message, self.params) if params else message
        super().__init__(self.message)
        self.errors = errors
        self.headers = headers or {}

    def said(self, language: str | None) -> str:
        """The refusal as the customer reads it in `language`; a message the catalogue does
        not hold (a developer's, an outage's) is said as a plain "it could not be done"."""
        words = Translator(language)
        if words.language == DEFAULT:
            return self.message
        if words.knows(self.msgid):
            return words.error(self.msgid, self.params)
        return words._("that could not be done right now")


class BadRequestError(CloudMartError):
    status, name = 400, "Bad Request"


class UnauthorizedError(CloudMartError):
    status, name = 401, "Unauthorized"

    def __init__(self, message: str = "a valid bearer token is required") -> None:
        super().__init__(message, headers={"WWW-Authenticate": 'Bearer realm="cloudmart"'})


class ForbiddenError(CloudMartError):
    status, name = 403, "Forbidden"


class NotFoundError(CloudMartError):
    status, name = 404, "Not Found"


class ConflictError(CloudMartError):
    status, name = 409, "Conflict"


class AlreadySettledError(ConflictError):
    """A confirmation was used (or expired) meanwhile: its change did not happen."""


class UnprocessableError(CloudMartError):
    status, name = 422, "Unprocessable Entity"


class RateLimitedError(CloudMartError):
    status, name = 429, "Too Many Requests"


class UnsupportedMediaTypeError(CloudMartError):
    status, name = 415, "Unsupported Media Type"


class UpstreamError(CloudMartError):
    status, name = 502, "Bad Gateway"


class ServiceUnavailableError(CloudMartError):
    status, name = 503, "Service Unavailable"


class UpstreamTimeoutError(CloudMartError):
    status, name = 504, "Gateway Timeout"


def from_aws_error(exc: Exception) -> CloudMartError:
    """What a DynamoDB failure nobody handled means to the caller."""
    if isinstance(exc, ClientError):
        code = exc.response.get("Error", {}).get("Code", "")
        if code in THROTTLING_CODES:
            return ServiceUnavailableError(
                "the database is busy; try again shortly", headers={"Retry-After": "1"}
            )
        if code == "ResourceNotFoundException":
            return ServiceUnavailableError("the database tables are missing; run the migrations")
    return ServiceUnavailableError("the database did not answer; try again shortly")


def from_provider_error(exc: ProviderError) -> CloudMartError:
    """A provider's failure as the HTTP error it means (503 with a retry hint, 502, 504...)."""
    headers = {"Retry-After": str(max(1, round(exc.retry_after)))} if exc.retry_after else None
    kind = {
        400: BadRequestError,
        409: ConflictError,
        503: ServiceUnavailableError,
        504: UpstreamTimeoutError,
    }.get(exc.status, UpstreamError)
    return kind(exc.message, headers=headers)


def as_domain_error(exc: Exception) -> CloudMartError:
    """Any failure as the error our caller sees (for places with no Flask handler: a stream)."""
    if isinstance(exc, CloudMartError):
        return exc
    if isinstance(exc, ProviderError):
        return from_provider_error(exc)
    if isinstance(exc, ClientError | BotoCoreError):
        return from_aws_error(exc)
    log.exception("unexpected failure", exc_info=exc)
    return CloudMartError("something went wrong on our side; try again")
