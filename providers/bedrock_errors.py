"""Bedrock Agent runtime failures (HTTP or inside the event stream) -> one ProviderError."""

from __future__ import annotations

from botocore.exceptions import (
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
    ReadTimeoutError,
)
from urllib3.exceptions import ProtocolError
from urllib3.exceptions import ReadTimeoutError as StreamReadTimeoutError

from providers.base import ProviderError

RETRY_AFTER = 2.0
CREDENTIALS = (
    "the Bedrock agent refused the AWS credentials: check the app's AWS credentials and "
    "that its IAM role allows bedrock:InvokeAgent on the agent alias"
)
BUSY = "the Bedrock agent is busy ({code}); try again in a few seconds"
FAILED = "the Bedrock agent failed ({code}): {message}"
MISSING = (
    "the Bedrock agent or alias was not found: check BEDROCK_AGENT_ID and "
    "BEDROCK_AGENT_ALIAS_ID (and AWS_REGION)"
)
# Codes keyed in camelCase: the stream sends them so, HTTP errors in PascalCase.
STATUS: dict[str, tuple[int, str]] = {
    "throttlingException": (503, BUSY),
    "serviceQuotaExceededException": (503, BUSY),
    "modelNotReadyException": (503, BUSY),
    "dependencyFailedException": (502, FAILED),
    "internalServerException": (502, FAILED),
    "badGatewayException": (502, FAILED),
    "validationException": (502, "the Bedrock agent rejected the request: {message}"),
    "conflictException": (
        409,
        "another message in this conversation is being answered; send yours again",
    ),
    "accessDeniedException": (503, CREDENTIALS),
    "unrecognizedClientException": (503, CREDENTIALS),
    "invalidSignatureException": (503, CREDENTIALS),
    "expiredTokenException": (503, CREDENTIALS),
    "resourceNotFoundException": (503, MISSING),
}


def _camel(code: str) -> str:
    return code[:1].lower() + code[1:]


def from_client_error(exc: ClientError) -> ProviderError:
    """An AWS error code, in the stream (EventStreamError) or over HTTP, as a status."""
    error = exc.response.get("Error", {})
    code = _camel(str(error.get("Code") or "unknown"))
    message = str(error.get("Message") or "no details")[:300]
    status, template = STATUS.get(code, (502, FAILED))
    retry = RETRY_AFTER if template is BUSY else None
    return ProviderError(template.format(code=code, message=message), status, retry)


def provider_error(exc: Exception) -> ProviderError:
    """Every failure the runtime client can raise, mapped once."""
    if isinstance(exc, ClientError):  # EventStreamError is one too
        return from_client_error(exc)
    if isinstance(exc, ReadTimeoutError | ConnectTimeoutError | StreamReadTimeoutError):
        return ProviderError(
            "the Bedrock agent did not answer in time (BEDROCK_READ_TIMEOUT)", status=504
        )
    if isinstance(exc, NoCredentialsError | PartialCredentialsError):
        return ProviderError(
            "no AWS credentials for the Bedrock agent: configure the app's AWS credentials "
            "(environment, profile or IAM role)",
            status=503,
        )
    if isinstance(exc, EndpointConnectionError):
        return ProviderError(f"could not reach the Bedrock agent runtime: {exc}", status=502)
    if isinstance(exc, ProtocolError):
        return ProviderError("the Bedrock agent's answer was cut off", status=502)
    return ProviderError(f"the Bedrock agent call failed: {exc}", status=502)
