/**
 * What a Tencent Cloud SMS error means for the outbox (codes from the SendSms API's error list and
 * its per-number SendStatus codes). Retry when nothing was sent and a later attempt may succeed (a
 * rate limit, the provider's own fault, an empty balance, a rotated key); give up at once when the
 * request itself is wrong (a bad number, an unapproved template or signature, wrong parameters),
 * which no retry can mend. Pure: no SDK, no database.
 */
const retryablePrefixes = ["InternalError", "RequestLimitExceeded", "LimitExceeded", "ResourceUnavailable", "AuthFailure", "FailedOperation.InsufficientBalanceInSmsPackage"];
const permanentPrefixes = [
  "InvalidParameter",
  "MissingParameter",
  "UnauthorizedOperation",
  "UnsupportedOperation",
  "FailedOperation.TemplateIncorrectOrUnapproved",
  "FailedOperation.SignatureIncorrectOrUnapproved",
  "FailedOperation.PhoneNumberInBlacklist",
  "FailedOperation.ContainSensitiveWord",
  "FailedOperation.MissingTemplateToModify",
  "FailedOperation.TemplateParamSetNotMatchApprovedTemplate",
];

export function smsErrorIsRetryable(code: string): boolean {
  if (permanentPrefixes.some((p) => code.startsWith(p))) return false;
  if (retryablePrefixes.some((p) => code.startsWith(p))) return true;
  // An unknown FailedOperation is the provider refusing this message: retrying repeats the refusal.
  return !code.startsWith("FailedOperation");
}

/**
 * A transport failure before the request reached the provider (refused connection, no DNS answer):
 * nothing was sent, so a retry cannot send twice. Any other failure (a timeout, a connection cut
 * after the request went out) may have been delivered; at most once wins, and it is given up.
 */
export function transportErrorNeverSent(message: string): boolean {
  return /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b/.test(message);
}
