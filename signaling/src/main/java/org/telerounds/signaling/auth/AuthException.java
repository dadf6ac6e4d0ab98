package org.telerounds.signaling.auth;

/** An authentication or authorization failure: HTTP status, stable code and a safe message. */
public final class AuthException extends Exception {
  private final int status;
  private final String code;

  public AuthException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() { return status; }
  public String code() { return code; }
}
